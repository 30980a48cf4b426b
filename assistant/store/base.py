"""The one contract for chunk storage: what the answer layer reads from a store (and how a store is filled).

`assistant.store.chroma.ChunkIndex` implements it on Chroma (embedded or server), `assistant.store.memory.MemoryStore`
in memory (unit tests, small demos). Scores are cosine similarities; `where` is the Chroma-style filter that
`Filters.where()` builds (field equality, `$in`, `$and`, `$or`).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.core.settings import Settings
from assistant.core.types import StoredChunk

Scored = list[tuple[str, float]]


def scored_chunks(store: SourceStore, scored: Scored) -> list[StoredChunk]:
    """`get_scored` by way of `get`: chunks for (id, score) pairs in that order, with that score (vanished ids skipped)."""
    by_id = {c.id: c for c in store.get([i for i, _ in scored])} if scored else {}
    out = []
    for i, score in scored:
        if i in by_id:
            by_id[i].score = score
            out.append(by_id[i])
    return out


@runtime_checkable
class SourceStore(Protocol):
    """Store chunks with their vectors and metadata; retrieve them by vector, id or document."""

    name: str  # the collection; derived indexes (BM25) are kept per name
    settings: Settings

    def store(self, ids: list[str], embeddings: list[list[float]], texts: list[str], metadatas: list[dict]) -> None:
        """Upsert chunks with their vectors (and refresh their documents' summaries)."""

    def retrieve(self, query_embedding: list[float], k: int, where: dict | None = None) -> list[StoredChunk]:
        """The k nearest chunks (optionally filtered), best first, `score` = cosine."""

    def nearest(self, query_embedding: list[float], k: int) -> Scored:
        """(id, cosine) of the k nearest chunks, ids only."""

    def rank_by_vector(self, query_embedding: list[float], ids: list[str], k: int) -> Scored:
        """(id, cosine) of the k best among the given chunks."""

    def get(self, ids: list[str], with_embeddings: bool = False) -> list[StoredChunk]:
        """Chunks by id (ids that do not exist are left out)."""

    def get_scored(self, scored: Scored) -> list[StoredChunk]:
        """Chunks for (id, score) pairs in that order, with that score; vanished ids are skipped."""

    def all_chunks(self, include_text: bool = True, where: dict | None = None) -> list[StoredChunk]:
        """Every (matching) chunk."""

    def documents(self) -> dict[str, dict]:
        """doc_id -> summary (citation metadata, `chunks`, `complete`, `fingerprint`; see store.summary)."""

    def version(self) -> str:
        """A fingerprint of the content that changes whenever a writer bumps it (derived indexes refresh)."""
