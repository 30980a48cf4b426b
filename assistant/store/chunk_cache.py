"""Recently read chunks (text, metadata, vector) in memory, so a question's chunk reads rarely reach Chroma."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.core.types import StoredChunk


class ChunkCache:
    """A bounded LRU by chunk id; emptied whenever the collection changes (its generation or a write of this process)."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[str, dict, np.ndarray | None]] = OrderedDict()
        self.generation: str | None = None

    def clear(self, generation: str | None = None) -> None:
        with self._lock:
            self._entries.clear()
            self.generation = generation

    def lookup(self, ids: list[str], with_embeddings: bool) -> tuple[dict[str, StoredChunk], list[str]]:
        """Chunks found (fresh objects) and the ids to read from the store."""
        found: dict[str, StoredChunk] = {}
        missing: list[str] = []
        with self._lock:
            for i in ids:
                entry = self._entries.get(i)
                if entry is None or (with_embeddings and entry[2] is None):
                    missing.append(i)
                    continue
                self._entries.move_to_end(i)
                text, metadata, vector = entry
                found[i] = StoredChunk(id=i, text=text, metadata=metadata,
                                       embedding=vector.tolist() if with_embeddings and vector is not None else None)
        return found, missing

    def put(self, chunks: list[StoredChunk], generation: str | None) -> None:
        """Remember chunks read under `generation` (dropped if the collection changed meanwhile)."""
        if self.size <= 0:
            return
        with self._lock:
            if generation != self.generation:
                return
            for c in chunks:
                vector = np.asarray(c.embedding, dtype=np.float32) if c.embedding is not None else None
                self._entries[c.id] = (c.text, c.metadata, vector)
                self._entries.move_to_end(c.id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
