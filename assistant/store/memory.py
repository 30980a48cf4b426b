"""A SourceStore in memory: same contract as the Chroma ChunkIndex, for unit tests and small demos."""

from __future__ import annotations

import uuid
from typing import Iterable

import numpy as np

from assistant.core.settings import Settings
from assistant.core.types import StoredChunk
from assistant.store.base import scored_chunks
from assistant.store.chroma import clean_metadata
from assistant.store.summary import summarise


def matches(metadata: dict, where: dict | None) -> bool:
    """Chroma's `where` semantics for the clauses the product builds: equality, $eq, $in, $and, $or."""
    for key, condition in (where or {}).items():
        if key == "$and":
            ok = all(matches(metadata, c) for c in condition)
        elif key == "$or":
            ok = any(matches(metadata, c) for c in condition)
        elif isinstance(condition, dict):
            ok = all(_compare(op, metadata.get(key), value) for op, value in condition.items())
        else:
            ok = metadata.get(key) == condition
        if not ok:
            return False
    return True


def _compare(op: str, actual, value) -> bool:
    if op == "$eq":
        return actual == value
    if op == "$ne":
        return actual != value
    if op == "$in":
        return actual in value
    if op == "$nin":
        return actual not in value
    raise ValueError(f"unsupported where operator {op}")


class MemoryStore:
    """Chunks, unit vectors and metadata in dicts; exact cosine search with numpy."""

    def __init__(self, settings: Settings | None = None, name: str = "memory"):
        self.settings = settings or Settings()
        self.name = name
        self._rows: dict[str, StoredChunk] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._generation = ""

    def store(self, ids: list[str], embeddings: list[list[float]], texts: list[str], metadatas: list[dict]) -> None:
        """Upsert chunks with their vectors (metadata cleaned as for Chroma: no None, only scalars)."""
        for cid, vector, text, meta in zip(ids, embeddings, texts, metadatas):
            self._rows[cid] = StoredChunk(id=cid, text=text, metadata=clean_metadata(meta))
            self._vectors[cid] = np.asarray(vector, dtype=np.float32)

    def delete(self, ids: Iterable[str]) -> None:
        """Remove chunks by id."""
        for cid in ids:
            self._rows.pop(cid, None)
            self._vectors.pop(cid, None)

    def bump_generation(self) -> None:
        """Mark a change of content (derived indexes refresh)."""
        self._generation = uuid.uuid4().hex

    def version(self) -> str:
        """The generation the last writer set."""
        return self._generation

    def count(self) -> int:
        """Number of chunks."""
        return len(self._rows)

    def _scored(self, query_embedding: list[float], ids: list[str], k: int) -> list[tuple[str, float]]:
        if not ids or k <= 0:
            return []
        vectors = np.stack([self._vectors[i] for i in ids])
        query = np.asarray(query_embedding, dtype=np.float32)
        scores = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query) + 1e-12)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(ids[i], float(scores[i])) for i in order]

    def retrieve(self, query_embedding: list[float], k: int, where: dict | None = None) -> list[StoredChunk]:
        """The k nearest (matching) chunks, best first."""
        ids = [cid for cid, row in self._rows.items() if matches(row.metadata, where)]
        return self.get_scored(self._scored(query_embedding, ids, k))

    def nearest(self, query_embedding: list[float], k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k nearest chunks."""
        return self._scored(query_embedding, list(self._rows), k)

    def rank_by_vector(self, query_embedding: list[float], ids: list[str], k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k best among the given chunks."""
        return self._scored(query_embedding, [i for i in ids if i in self._rows], k)

    def get(self, ids: list[str], with_embeddings: bool = False) -> list[StoredChunk]:
        """Copies of the chunks by id (unknown ids left out)."""
        out = []
        for cid in ids:
            row = self._rows.get(cid)
            if row is not None:
                vector = self._vectors[cid].tolist() if with_embeddings else None
                out.append(StoredChunk(id=cid, text=row.text, metadata=dict(row.metadata), embedding=vector))
        return out

    def get_scored(self, scored: list[tuple[str, float]]) -> list[StoredChunk]:
        """Chunks for (id, score) pairs, in that order and with that score."""
        return scored_chunks(self, scored)

    def all_chunks(self, include_text: bool = True, where: dict | None = None) -> list[StoredChunk]:
        """Every (matching) chunk, in insertion order."""
        return [
            StoredChunk(id=cid, text=row.text if include_text else "", metadata=dict(row.metadata))
            for cid, row in self._rows.items() if matches(row.metadata, where)
        ]

    def documents(self) -> dict[str, dict]:
        """doc_id -> summary, computed as the Chroma store's companion collection does."""
        by_doc: dict[str, tuple[list[str], list[dict]]] = {}
        for cid, row in self._rows.items():
            doc_id = row.metadata.get("doc_id", "")
            if doc_id:
                entry = by_doc.setdefault(doc_id, ([], []))
                entry[0].append(cid)
                entry[1].append(row.metadata)
        return {doc_id: summarise(doc_id, ids, metas) for doc_id, (ids, metas) in sorted(by_doc.items())}
