"""Exact nearest neighbours over all vectors of a small collection, in memory (no HNSW query for a few thousand chunks)."""

from __future__ import annotations

import threading

import numpy as np


class ExactVectors:
    """Every chunk vector of a collection up to `limit` chunks, reloaded when the collection's generation changes
    (a finished ingest or upload bumps it, here or in another process; between bumps it is as current as BM25)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._generation: str | None = None  # the generation the vectors belong to
        self._ids: list[str] = []
        self._matrix: np.ndarray | None = None

    def ready(self, collection, generation: str) -> bool:
        """True when the vectors of this generation are in memory (loaded once if the collection is small enough;
        a read that fails, e.g. while an ingest writes, leaves the search to Chroma until the next generation)."""
        if self.limit <= 0:
            return False
        if self._generation == generation:
            return self._matrix is not None
        with self._lock:
            if self._generation != generation:
                try:
                    self._ids, self._matrix = _load(collection, self.limit)
                except Exception:  # noqa: BLE001 - Chroma mid-write: the HNSW query stays correct, only slower
                    self._ids, self._matrix = [], None
                self._generation = generation
        return self._matrix is not None

    def nearest(self, query: list[float], k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k nearest chunks, best first."""
        matrix, ids = self._matrix, self._ids
        if matrix is None or not ids or k <= 0:
            return []
        scores = matrix @ np.asarray(query, dtype=np.float32)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(ids[i], float(scores[i])) for i in top]


def _load(collection, limit: int) -> tuple[list[str], np.ndarray | None]:
    """All ids and normalised vectors, or (.., None) when the collection has more than `limit` chunks."""
    if collection.count() > limit:
        return [], None
    page = collection.get(include=["embeddings"])
    ids = list(page["ids"])
    if not ids:
        return [], None
    matrix = np.asarray(page["embeddings"], dtype=np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return ids, matrix
