"""The eval set itself: splits, unanswerable share, follow-ups, evidence for every answerable item."""

from collections import Counter

from evals.runner import load_eval_set
from evals.splits import ALL, GROUPS, HELD_OUT, NOT_FITTED


def test_eval_set_is_well_formed():
    items = load_eval_set(split="all")
    assert len(items) >= 300 and len({i["id"] for i in items}) == len(items)
    assert sum(1 for i in items if not i["answerable"]) >= 70
    assert sum(1 for i in items if i.get("history")) >= 5
    assert {i["split"] for i in items} == set(ALL)
    for held_out in HELD_OUT:
        part = [i for i in items if i["split"] == held_out]
        assert len(part) >= 100 and sum(1 for i in part if not i["answerable"]) >= 20
    per_doc = Counter(i["evidence"][0]["doc_id"] for i in items if i["answerable"])
    assert len(per_doc) == 10 and min(per_doc.values()) >= 15, per_doc
    for item in items:
        if item["answerable"]:
            assert item["facts"] and item["evidence"][0]["quote"]
    assert load_eval_set() == [i for i in items if i["split"] in {"dev", "test"}]  # held-out splits only when asked for


def test_every_held_out_file_holds_only_its_own_split_and_the_blind_ones_stay_out_of_the_fit():
    for name, path in HELD_OUT.items():
        assert {i["split"] for i in load_eval_set(path, split="all")} == {name}, path
    assert not GROUPS["train"] & set(NOT_FITTED) and GROUPS["train"] | set(NOT_FITTED) == GROUPS["all"]
