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
    "fresh24": HERE / "eval_fresh24.jsonl",
    "fresh25": HERE / "eval_fresh25.jsonl",
    # written for the fit (eighth session of 2026-11-28, eight helper sessions, evidence drawn at random per document)
    "fresh26": HERE / "eval_fresh26.jsonl",
    "fresh27": HERE / "eval_fresh27.jsonl",
    "fresh28": HERE / "eval_fresh28.jsonl",
    "fresh29": HERE / "eval_fresh29.jsonl",
    "fresh30": HERE / "eval_fresh30.jsonl",
    "fresh31": HERE / "eval_fresh31.jsonl",
    "fresh32": HERE / "eval_fresh32.jsonl",
    "fresh33": HERE / "eval_fresh33.jsonl",
    # ninth session of 2026-11-28: fresh34 written blind (run once at the session's end), fresh35-38 for the fit
    "fresh34": HERE / "eval_fresh34.jsonl",
    "fresh35": HERE / "eval_fresh35.jsonl",
    "fresh36": HERE / "eval_fresh36.jsonl",
    "fresh37": HERE / "eval_fresh37.jsonl",
    "fresh38": HERE / "eval_fresh38.jsonl",
}
# never in the shipped answer models' fit (each written by a helper session from the documents only, run once when
# new, then used to compare changes). fresh22 to fresh25 were written with the instruction to spread the evidence over
# the whole of each document and to avoid the headline facts; fresh23 and fresh24 in the seventh session of
# 2026-11-28, fresh25 in the eighth, never read; fresh34 in the ninth (evidence drawn at random, like fresh26-38), never read. fresh7 to fresh21 joined the fit in the eighth session (3,150
# questions instead of 1,200: better on the unfitted splits, see the README).
NOT_FITTED = ("fresh22", "fresh23", "fresh24", "fresh25", "fresh34")
ALL = ("dev", "test", *HELD_OUT)
GROUPS = {
    **{name: {name} for name in ALL},
    "devtest": {"dev", "test"},
    "train": {name for name in ALL if name not in NOT_FITTED},
    "all": set(ALL),
}
FIT_GROUPS = ("dev", "devtest", "train")
