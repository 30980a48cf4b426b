"""Hybrid retrieval: dense (Chroma, e5) and BM25 (German) fused by reciprocal rank, then reranked."""

from __future__ import annotations

import time
from dataclasses import dataclass

from assistant.core.types import Filters, StoredChunk
from assistant.store.chroma import ChunkIndex
from assistant.answer.lexical import LexicalIndex
from assistant.answer.rerank import make_reranker
from assistant.core.settings import Settings


@dataclass
class Passage:
    """A retrieved chunk with the scores of every stage."""

    chunk: StoredChunk
    dense: float = 0.0
    dense_rank: int | None = None
    lexical: float = 0.0
    lexical_rank: int | None = None
    fused: float = 0.0
    score: float = 0.0


@dataclass
class RetrievalResult:
    """Passages in final order and stage timings in milliseconds."""

    passages: list[Passage]
    timings: dict[str, float]
    query_vector: list[float] | None = None


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """score(id) = sum over rankings of 1 / (k + rank), ranks starting at 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class HybridRetriever:
    """Dense + lexical retrieval over one ChunkIndex, with a pluggable reranker."""

    def __init__(self, settings: Settings, index: ChunkIndex, embedder, lexical: LexicalIndex | None = None):
        self.settings = settings
        self.index = index
        self.embedder = embedder
        r = settings.retrieval
        self.lexical = lexical or LexicalIndex(index, r.lexical_refresh_seconds, r.bm25_k1, r.bm25_b)
        self.reranker = make_reranker(settings)

    def retrieve(
        self, question: str, filters: Filters | None = None, k: int | None = None, mode: str = "hybrid"
    ) -> RetrievalResult:
        """Passages for a question; mode 'hybrid', 'dense' or 'lexical'."""
        filters = filters or Filters()
        k = k or self.settings.retrieval.top_k
        n = self.settings.retrieval.candidates
        timings: dict[str, float] = {}
        started = time.perf_counter()
        passages: dict[str, Passage] = {}
        dense_ranking: list[str] = []
        lexical_ranking: list[str] = []
        vector = None
        docs = None
        if not filters.is_empty():  # filters are per document: decided on the summaries, not on every chunk
            docs = {d for d, s in self.lexical.documents().items() if filters.allows(s)}
        if mode in ("hybrid", "dense"):
            vector = self.embedder.embed_query(question)
            for rank, chunk in enumerate(self._dense(vector, n, filters, docs), start=1):
                passages[chunk.id] = Passage(chunk, dense=chunk.score, dense_rank=rank)
                dense_ranking.append(chunk.id)
        timings["dense_ms"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        if mode in ("hybrid", "lexical"):
            for rank, hit in enumerate(self.lexical.search(question, n, docs=docs), start=1):
                passage = passages.setdefault(hit.chunk.id, Passage(hit.chunk))
                passage.lexical, passage.lexical_rank = hit.score, rank
                lexical_ranking.append(hit.chunk.id)
        timings["lexical_ms"] = (time.perf_counter() - started) * 1000
        if vector is not None:
            known = [p.dense for p in passages.values() if p.dense_rank is not None]
            self._fill_dense_scores([p for p in passages.values() if p.dense_rank is None], vector, known)
        fused = reciprocal_rank_fusion([r for r in (dense_ranking, lexical_ranking) if r], self.settings.retrieval.rrf_k)
        for pid, score in fused.items():
            passages[pid].fused = passages[pid].score = score
        ordered = sorted(passages.values(), key=lambda p: -p.fused)
        started = time.perf_counter()
        if mode == "hybrid" and self.reranker is not None:
            ordered = self.reranker.rerank(question, ordered, self.lexical)
        timings["rerank_ms"] = (time.perf_counter() - started) * 1000
        return RetrievalResult(ordered[: max(k, 1) * 4], timings, vector)

    def _fill_dense_scores(self, passages: list[Passage], vector, known_cosines: list[float]) -> None:
        """Passages found only by BM25 get their real cosine (one read of their stored vectors), not 0; one whose
        vector cannot be read gets the lowest cosine the dense search returned (it ranked below all of those)."""
        if not passages:
            return
        import numpy as np

        try:
            stored = {c.id: c.embedding for c in self.index.get([p.chunk.id for p in passages], with_embeddings=True)}
        except Exception:  # noqa: BLE001 - chunks deleted or still being written by a concurrent ingest
            stored = {}
        query = np.asarray(vector, dtype=np.float32)
        unknown = []
        for passage in passages:
            embedding = stored.get(passage.chunk.id)
            if embedding is not None:
                passage.dense = float(np.asarray(embedding, dtype=np.float32) @ query)
            else:
                unknown.append(passage)
        if unknown and known_cosines:
            # a vector another process has just written may not be readable here yet: an unknown cosine is not 0
            # (that would bury the passage under the reranker's dense weight)
            floor = float(min(known_cosines))
            for passage in unknown:
                passage.dense = floor

    def _dense(self, vector: list[float], n: int, filters: Filters, docs: set[str] | None) -> list[StoredChunk]:
        """Nearest chunks (see _dense_fast); Chroma's own filter when chunks vanish under a concurrent ingest."""
        try:
            return self._dense_fast(vector, n, filters, docs)
        except Exception:  # noqa: BLE001 - ids deleted between lookup and read
            if docs is None:
                raise
            return self.index.retrieve(vector, n, filters.where())

    def _dense_fast(self, vector: list[float], n: int, filters: Filters, docs: set[str] | None) -> list[StoredChunk]:
        """Nearest chunks; with a filter, over-fetch ids and keep the allowed documents' (Chroma's metadata
        pre-filter reads every matching row: ~200 ms at 100k chunks), falling back to it for rare documents."""
        if docs is None:
            return self.index.retrieve(vector, n)
        if not docs:
            return []
        summaries = self.lexical.documents()
        total = sum(int(s.get("chunks", 0)) for s in summaries.values()) or 1
        share = sum(int(summaries[d].get("chunks", 0)) for d in docs if d in summaries) / total
        limit = self.settings.retrieval.filter_overfetch_limit
        k = min(int(n / max(share, 1e-9) * 2) + n, limit)
        if share * total <= limit:  # few chunks: exact, by their vectors (fetched by id, no metadata scan)
            ids = self.lexical.ids_of_docs(docs)
            if ids:
                return self.index.get_scored(self.index.rank_by_vector(vector, ids, n))
        if share > 0 and (k < limit or k >= total):
            doc_of = self.lexical.doc_of
            hits = self.index.nearest(vector, k)
            kept = [(i, score) for i, score in hits if doc_of(i) in docs][:n]
            if len(kept) >= n or len(hits) < k:
                return self.index.get_scored(kept)
        return self.index.retrieve(vector, n, filters.where())
