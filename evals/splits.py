"""The eval splits in one table: which file holds each, which are blind, and the named groups `--split` accepts."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_SET = HERE / "eval_set.jsonl"  # the dev and test items
# split -> file, in the order they were written; each held-out split was written (by a helper session that saw only
# the documents and the item rules) after the one before had been used, and run once when it was new
HELD_OUT = {
    "sealed": HERE / "eval_sealed.jsonl",  # written before any tuning
    "fresh": HERE / "eval_fresh.jsonl",
    "fresh2": HERE / "eval_fresh2.jsonl",
    "fresh3": HERE / "eval_fresh3.jsonl",
    "fresh4": HERE / "eval_fresh4.jsonl",
    "fresh5": HERE / "eval_fresh5.jsonl",
    "fresh6": HERE / "eval_fresh6.jsonl",
    "fresh7": HERE / "eval_fresh7.jsonl",
    "fresh8": HERE / "eval_fresh8.jsonl",
    "fresh9": HERE / "eval_fresh9.jsonl",
    "fresh10": HERE / "eval_fresh10.jsonl",
    "fresh11": HERE / "eval_fresh11.jsonl",
    "fresh12": HERE / "eval_fresh12.jsonl",
    "fresh13": HERE / "eval_fresh13.jsonl",
    "fresh14": HERE / "eval_fresh14.jsonl",
    "fresh15": HERE / "eval_fresh15.jsonl",
    "fresh16": HERE / "eval_fresh16.jsonl",
    "fresh17": HERE / "eval_fresh17.jsonl",
    "fresh18": HERE / "eval_fresh18.jsonl",
    "fresh19": HERE / "eval_fresh19.jsonl",
    "fresh20": HERE / "eval_fresh20.jsonl",
    "fresh21": HERE / "eval_fresh21.jsonl",
    "fresh22": HERE / "eval_fresh22.jsonl",
    "fresh23": HERE / "eval_fresh23.jsonl",
}
# never in the shipped answer models' fit: fresh7 to fresh11 measured the models before (fresh10 and fresh11 were
# blind for earlier models of their session), fresh12 measured the model of 2026-11-27, fresh13 the answer shapes of
# the evening session (run on its start and once at its end), fresh14 measured that session's end (run once), fresh15
# measured the start of the session of 2026-11-27 late (the answers of d7568c4) and is run once more at its end,
# fresh16 measures the session of 2026-11-27 night the same way (the answers of 2c54848 at its start), fresh17 the
# session of 2026-11-27 late night (run once on its start, d980a67, and once at its end), fresh18 the second session of
# 2026-11-28 (written by a helper during it, never read; run once with the code of its start, 54a4cc7, and once at its end),
# fresh19 the third session of 2026-11-28 the same way (the answers of c89965c at its start), fresh20 the fourth session of
# 2026-11-28 (written by a helper during it, never read; run once with the code of its start, 67d313e, and once at its end),
# fresh21 the fifth session of 2026-11-28 the same way (the answers of 3faf3ea at its start), fresh22 the sixth session
# of 2026-11-28 (a helper told to spread the evidence over the whole of each document and to avoid the headline facts,
# so that it asks what the other splits overlook; never read; run once, with the answers of c09ca40, which the session
# kept), fresh23 the seventh session of 2026-11-28 (written the same way by a helper during it, never read; run once at
# its end)
NOT_FITTED = ("fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
              "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23")
ALL = ("dev", "test", *HELD_OUT)
GROUPS = {
    **{name: {name} for name in ALL},
    "devtest": {"dev", "test"},
    "train": {name for name in ALL if name not in NOT_FITTED},
    "all": set(ALL),
}
FIT_GROUPS = ("dev", "devtest", "train")
