"""e5 passage vectors of answer units: computed in batches on first use, kept in memory and on disk."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import numpy as np

from assistant.answer.background import BackgroundQueue

log = logging.getLogger(__name__)


def text_key(text: str) -> str:
    """Cache key of a unit text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class UnitVectors:
    """Vectors of unit texts, keyed by a hash of the text (so they survive re-ingest of unchanged text)."""

    def __init__(self, embedder, path: Path | None = None, batch_size: int = 64, background_share: float = 0.25,
                 save_every: int = 2000, activity=None):
        self.embedder = embedder
        self.path = path
        self.batch_size = batch_size
        self.save_every = save_every  # the background filler writes the cache after this many new vectors
        self._lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = 0
        self.filler = BackgroundQueue(self._fill, "unit-vectors", batch=8, share=background_share, activity=activity)
        self._load()

    def _load(self) -> None:
        if not self.path or not self.path.exists():
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("Satzvektoren-Cache %s unlesbar, wird neu aufgebaut: %s", self.path, exc)

    def save(self) -> None:
        """Write the cache atomically (only when something was added)."""
        if not self.path or not self._dirty:
            return
        with self._lock:
            keys = np.array(list(self._vectors), dtype="U20")
            vectors = np.stack(list(self._vectors.values())).astype(np.float32) if self._vectors else np.zeros((0, 1), np.float32)
            self._dirty = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(self.path)

    def matrix(self, texts: list[str]) -> np.ndarray:
        """Vectors for the texts (rows in order), embedding the missing ones in one batch."""
        keys = [text_key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self._vectors))
        if missing:
            self._embed(missing)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def cosines(self, texts: list[str], query: np.ndarray, fallback: np.ndarray, budget: int = 0) -> np.ndarray:
        """Cosines of the texts with the query. Up to `budget` missing texts are embedded now (a small new document);
        the others take `fallback` (their chunk's cosine) and are embedded later by a background thread."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        if budget > 0:
            now = list(dict.fromkeys(t for t in texts if text_key(t) not in self._vectors))[:budget]
            if now:
                self._embed(now)
        out = np.asarray(fallback, dtype=np.float32).copy()
        missing = []
        for i, text in enumerate(texts):
            vector = self._vectors.get(text_key(text))
            if vector is None:
                missing.append(text)
            else:
                out[i] = float(vector @ query)
        if missing:
            self.fill_later(missing)
        return out

    def fill_later(self, texts: list[str]) -> None:
        """Queue texts for the background filler (bounded, low priority, a share of one core)."""
        keyed = {text_key(t): t for t in texts}
        self.filler.submit({k: t for k, t in keyed.items() if k not in self._vectors})

    def _fill(self, texts: list[str]) -> None:
        texts = [t for t in texts if text_key(t) not in self._vectors]
        if texts:
            self._embed(texts)
        if self._dirty >= self.save_every:
            self.save()

    def _embed(self, texts: list[str]) -> None:
        texts = sorted(texts, key=len)  # similar lengths in one batch: little padding
        vectors = []
        for i in range(0, len(texts), self.batch_size * 8):
            vectors.extend(self.embedder.embed_passages(texts[i : i + self.batch_size * 8], batch_size=self.batch_size))
        with self._lock:
            for text, vector in zip(texts, vectors):
                self._vectors[text_key(text)] = np.asarray(vector, dtype=np.float32)
            self._dirty += len(texts)

    def warm(self, texts: list[str]) -> int:
        """Embed every text not cached yet (longest first in batches) and save; returns how many were added."""
        missing = sorted({t for t in texts if text_key(t) not in self._vectors}, key=len)
        if missing:
            self._embed(missing)
            self.save()
        return len(missing)

    def missing(self, texts: list[str]) -> int:
        """How many of the texts have no vector yet."""
        return len({k for k in map(text_key, texts) if k not in self._vectors})

    def __len__(self) -> int:
        return len(self._vectors)
