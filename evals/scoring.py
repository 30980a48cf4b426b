"""Per-item results to metrics: the gold quote, the document group and the summary of a result list."""

from __future__ import annotations

from evals.metrics import answer_metrics, citation_precision, hit_at, mean_reciprocal_rank


def gold_quote(item: dict) -> str:
    return item["evidence"][0]["quote"] if item.get("evidence") else ""


def group_of(item: dict) -> str:
    if not item["answerable"]:
        return "unanswerable"
    doc = item["evidence"][0]["doc_id"] if item.get("evidence") else ""
    return "positionspapier" if doc == "positionspapier-2016" else "andere Dokumente"


def summarize(results: list[dict], items: list[dict]) -> dict:
    """All metrics for a list of per-item results."""
    by_id = {i["id"]: i for i in items}
    metrics = answer_metrics(results)
    answerable = [r for r in results if r["answerable"]]
    ranks = [r["rank"] for r in answerable]
    metrics.update(
        {
            "hit@1": hit_at(ranks, 1),
            "hit@3": hit_at(ranks, 3),
            "hit@5": hit_at(ranks, 5),
            "mrr": mean_reciprocal_rank(ranks),
        }
    )
    answered = [r for r in answerable if not r["abstained"]]
    metrics["citation_precision"] = citation_precision(
        [r["cited"] for r in answered],
        [gold_quote(by_id[r["id"]]) for r in answered],
        [by_id[r["id"]].get("facts", []) for r in answered],
    )
    return metrics
