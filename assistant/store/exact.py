"""Exact nearest neighbours over all vectors of a small collection, in memory (no HNSW query for a few thousand chunks)."""

from __future__ import annotations

import threading

import numpy as np


class ExactVectors:
    """Every chunk vector of a collection up to `limit` chunks, reloaded after each change (epoch of the chunk cache)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._epoch: int | None = None
        self._ids: list[str] = []
        self._matrix: np.ndarray | None = None

    def ready(self, collection, epoch: int) -> bool:
        """True when the vectors of this epoch are in memory (loading them once if the collection is small enough)."""
        if self.limit <= 0:
            return False
        if self._epoch == epoch:
            return self._matrix is not None
        with self._lock:
            if self._epoch != epoch:
                self._ids, self._matrix = _load(collection, self.limit)
                self._epoch = epoch
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
