"""Which eval items ask for a passage the fitted splits already ask for: new facts apart from re-asked ones."""

from __future__ import annotations

import re
from collections import defaultdict

SHINGLE_WORDS = 5  # two quotes share a passage when they share a run of this many words (quotes are cut differently)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """Every run of `size` consecutive lower-cased words (the whole text when it is shorter)."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))} if words else set()


def fitted_evidence(items: list[dict], fitted: set[str]) -> dict[str, set]:
    """The word runs of every evidence quote of the answerable items of the fitted splits, per document."""
    runs: dict[str, set] = defaultdict(set)
    for item in items:
        if item.get("split") in fitted and item["answerable"]:
            for evidence in item.get("evidence", []):
                runs[evidence["doc_id"]] |= shingles(evidence["quote"])
    return runs


def reasks(item: dict, runs: dict[str, set]) -> bool:
    """The item's evidence shares a passage with an item of the fitted splits (a fact asked again in other words)."""
    return any(shingles(e["quote"]) & runs.get(e["doc_id"], set()) for e in item.get("evidence", []))


def reasked_share(items: list[dict], fitted: set[str]) -> dict[str, float]:
    """Per split outside the fit: the share of answerable items whose evidence the fitted splits already ask for."""
    runs = fitted_evidence(items, fitted)
    per_split: dict[str, list[bool]] = {}
    for item in items:
        if item["answerable"] and item.get("split") not in fitted:
            per_split.setdefault(item.get("split", "?"), []).append(reasks(item, runs))
    return {split: sum(v) / len(v) for split, v in per_split.items()}
