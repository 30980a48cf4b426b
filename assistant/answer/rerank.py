"""Rerankers: built-in features (fusion rank, dense similarity, idf-weighted term coverage) or a local CrossEncoder."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

from assistant.core.errors import ModelError
from assistant.core.settings import Settings


def term_coverage(query_terms: list[str], passage_terms: set[str], idf) -> float:
    """Share of the query's idf weight whose terms occur in the passage (0..1)."""
    unique = set(query_terms)
    total = sum(idf(t) for t in unique)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in unique if t in passage_terms) / total


class FeatureReranker:
    """Linear blend of fusion score, dense cosine and term coverage; weights from RetrievalSettings (tuned on dev)."""

    def __init__(self, w_fused: float = 1.0, w_dense: float = 10.0, w_coverage: float = 0.6):
        self.w_fused, self.w_dense, self.w_coverage = w_fused, w_dense, w_coverage

    def rerank(self, question: str, passages: list, lexical) -> list:
        """Passages in new order with `score` set."""
        if not passages:
            return passages
        terms = lexical.query_terms(question)
        top_fused = max(p.fused for p in passages) or 1.0
        for p in passages:
            coverage = term_coverage(terms, lexical.tokens_of(p.chunk), lexical.idf) if terms else 0.0
            p.coverage = coverage
            p.score = self.w_fused * (p.fused / top_fused) + self.w_dense * p.dense + self.w_coverage * coverage
        return sorted(passages, key=lambda p: -p.score)


class CrossEncoderReranker:
    """Scores (question, passage) pairs with a local sentence-transformers CrossEncoder folder."""

    def __init__(self, path: str):
        if not Path(path).exists():
            raise ModelError(f"AGENDA_RERANKER: Ordner nicht gefunden: {path}")
        from sentence_transformers import CrossEncoder

        self.model = CrossEncoder(path, device="cpu", local_files_only=True)

    def rerank(self, question: str, passages: list, lexical) -> list:
        """Passages ordered by cross-encoder score."""
        if not passages:
            return passages
        scores = self.model.predict([(question, p.chunk.text) for p in passages])
        for p, s in zip(passages, scores):
            p.score = float(s)
        return sorted(passages, key=lambda p: -p.score)


class Reranker(Protocol):
    """The reranking stage's contract: passages in, the same passages in a new order (with `score` set) out."""

    def rerank(self, question: str, passages: list, lexical) -> list: ...


def _features(settings: Settings) -> Reranker:
    r = settings.retrieval
    return FeatureReranker(r.rerank_weight_fused, r.rerank_weight_dense, r.rerank_weight_coverage)


# Rerankers by name (AGENDA_RERANKER); any other value is the folder of a local CrossEncoder.
RERANKERS: dict[str, Callable[[Settings], Reranker | None]] = {"none": lambda settings: None, "features": _features}


def make_reranker(settings: Settings) -> Reranker | None:
    """The reranker named by settings.retrieval.reranker ('features', 'none' or a CrossEncoder folder)."""
    name = settings.retrieval.reranker
    factory = RERANKERS.get(name)
    return factory(settings) if factory else CrossEncoderReranker(name)
