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


def reasked_share(flags: dict[tuple[str, str], bool]) -> dict[str, float]:
    """Per split: the share of items flagged re-asked (`flags` maps (id, split) to `reasks`)."""
    per_split: dict[str, list[bool]] = {}
    for (_, split), flag in flags.items():
        per_split.setdefault(split, []).append(flag)
    return {split: sum(v) / len(v) for split, v in per_split.items()}
