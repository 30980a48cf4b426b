"""Evaluation metrics as pure functions: fact match, citation precision, retrieval ranks, abstention, latency."""

from __future__ import annotations

import re

from assistant.core.german import MONTHS
from assistant.answer.verify import normalize_for_match

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.\s?([A-Za-zäöüÄÖÜ]{3,9})\.?\s(\d{4})\b")


def canonical_dates(text: str) -> str:
    """Rewrite '27.01.2016' and '27. Januar 2016' to one form (2016-01-27) so date spellings compare equal."""

    def numeric(m):
        return f" {int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d} "

    def worded(m):
        month = MONTHS.get(m.group(2).lower())
        return f" {int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d} " if month else m.group(0)

    return _WORD_DATE.sub(worded, _NUMERIC_DATE.sub(numeric, text))


def normalize_fact_text(text: str) -> str:
    """Dates canonical, then case, umlauts, punctuation and spaces folded; '1.000' and '1 000' become '1000'."""
    text = canonical_dates(text)
    text = re.sub(r"(?<=\d)[.\s](?=\d{3}\b)", "", text)
    return normalize_for_match(text.replace("-", " "))


COMPOUND_HEAD = 6  # a fact word this long also counts as the head of a German compound ('Bankverbindung' in 'Bankverbindungsdaten')
_INFLECTION = r"(e|en|n|s|es|er|ern)?"


def fact_in(normal: str, alternative: str) -> bool:
    """The (normalised) fact occurs in the normalised answer as whole words; a fact ending in a word may be inflected,
    and a long one may start a compound."""
    fact = normalize_fact_text(alternative)
    if not fact:
        return False
    if not fact[-1].isalpha():
        return re.search(rf"(?<!\w){re.escape(fact)}(?!\w)", normal) is not None  # '63' in '63%', not in '1963'
    tail = r"[a-z]*" if len(fact.rsplit(" ", 1)[-1]) >= COMPOUND_HEAD else _INFLECTION
    return re.search(rf"(?<!\w){re.escape(fact)}{tail}(?!\w)", normal) is not None


def facts_present(answer: str, facts: list[list[str]]) -> bool:
    """True when every fact group has at least one alternative in the answer."""
    normal = f" {normalize_fact_text(answer)} "
    return all(any(fact_in(normal, alt) for alt in group) for group in facts)


def passage_contains(passage: str, quote: str) -> bool:
    """The gold quote occurs in the passage (normalised)."""
    return normalize_fact_text(quote) in normalize_fact_text(passage)


def first_hit_rank(passages: list[str], quote: str) -> int | None:
    """1-based rank of the first passage containing the quote, or None."""
    for rank, passage in enumerate(passages, start=1):
        if passage_contains(passage, quote):
            return rank
    return None


def hit_at(ranks: list[int | None], k: int) -> float:
    """Share of items whose gold evidence is within the top k."""
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mean_reciprocal_rank(ranks: list[int | None]) -> float:
    """Mean of 1/rank (0 for misses)."""
    return sum(1.0 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def citation_precision(cited_passages: list[list[str]], quotes: list[str], facts: list[list[list[str]]]) -> float:
    """Share of all citations (over answered items) whose passage holds the gold quote or an expected fact."""
    total = good = 0
    for passages, quote, item_facts in zip(cited_passages, quotes, facts):
        for passage in passages:
            total += 1
            if (quote and passage_contains(passage, quote)) or any(
                any(passage_contains(passage, alt) for alt in group) for group in item_facts
            ):
                good += 1
    return good / total if total else 0.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def answer_metrics(results: list[dict]) -> dict:
    """Fact accuracy, precision, abstention recall and false-abstention rate over per-item results.

    Each result: answerable (bool), abstained (bool), fact_ok (bool), latency_ms (float)."""
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    correct = [r for r in results if (r["answerable"] and not r["abstained"] and r["fact_ok"]) or (not r["answerable"] and r["abstained"])]
    answered = [r for r in results if not r["abstained"]]
    answered_correct = [r for r in answered if r["answerable"] and r["fact_ok"]]
    latencies = [r["latency_ms"] for r in results]
    return {
        "n": len(results),
        "fact_accuracy": sum(1 for r in answerable if r["fact_ok"] and not r["abstained"]) / len(answerable) if answerable else 0.0,
        "accuracy": len(correct) / len(results) if results else 0.0,
        "precision": len(answered_correct) / len(answered) if answered else 0.0,
        "abstention_recall": sum(1 for r in unanswerable if r["abstained"]) / len(unanswerable) if unanswerable else 0.0,
        "false_abstention": sum(1 for r in answerable if r["abstained"]) / len(answerable) if answerable else 0.0,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def roc_auc(scores: list[float], positives: list[bool]) -> float | None:
    """Area under the ROC curve: the chance that a random positive scores above a random negative (ties count half)."""
    pos = [s for s, p in zip(scores, positives) if p]
    neg = [s for s, p in zip(scores, positives) if not p]
    if not pos or not neg:
        return None
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    return wins / (len(pos) * len(neg))
