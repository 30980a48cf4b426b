"""The eval set itself: splits, unanswerable share, follow-ups, evidence for every answerable item."""

from collections import Counter

from evals.runner import load_eval_set


def test_eval_set_is_well_formed():
    items = load_eval_set(split="all")
    assert len(items) >= 300 and len({i["id"] for i in items}) == len(items)
    assert sum(1 for i in items if not i["answerable"]) >= 70
    assert sum(1 for i in items if i.get("history")) >= 5
    assert {i["split"] for i in items} == {"dev", "test", "sealed", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7"}
    for held_out in ("sealed", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7"):
        part = [i for i in items if i["split"] == held_out]
        assert len(part) >= 100 and sum(1 for i in part if not i["answerable"]) >= 20
    per_doc = Counter(i["evidence"][0]["doc_id"] for i in items if i["answerable"])
    assert len(per_doc) == 10 and min(per_doc.values()) >= 15, per_doc
    for item in items:
        if item["answerable"]:
            assert item["facts"] and item["evidence"][0]["quote"]
    assert load_eval_set() == [i for i in items if i["split"] in {"dev", "test"}]  # held-out splits only when asked for
