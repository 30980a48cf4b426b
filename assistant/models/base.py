"""The one contract for embedding models: a subclass embeds one batch, the base class cuts the batches.

As in simonw/llm's EmbeddingModel: a new model implements `embed_batch` (and `count_tokens`); everything that
calls an embedder (ingest, retrieval, answer units) uses `embed_query` and `embed_passages` from here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterator, Literal

Kind = Literal["query", "passage"]


def batches(items: list, size: int) -> Iterator[list]:
    """Consecutive slices of at most `size` items."""
    size = max(size, 1)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def longest_first(texts: list[str]) -> list[int]:
    """Indices of the texts, longest first (numpy's argsort, the order sentence-transformers sorts by)."""
    import numpy as np

    return [int(i) for i in np.argsort([-len(t) for t in texts])]


class Embedder(ABC):
    """Normalised vectors for queries and passages, in batches of `batch_size`."""

    batch_size: int = 32

    @abstractmethod
    def embed_batch(self, texts: list[str], kind: Kind) -> list[list[float]]:
        """Normalised vectors for one batch (at most `batch_size` texts, without prefixes), in order."""

    @abstractmethod
    def count_tokens(self, texts: list[str]) -> list[int]:
        """Token counts in the model's own tokens, without special tokens."""

    def passages_ready(self) -> bool:
        """True when passages can be embedded without first loading a model (a question must never pay for that)."""
        return True

    def embed_query(self, text: str) -> list[float]:
        """The vector of one question."""
        return self.embed_batch([text], "query")[0]

    def embed_passages(self, texts: list[str], batch_size: int | None = None) -> list[list[float]]:
        """Passage vectors in input order. Without `batch_size`: batches of `self.batch_size` in the given order
        (the caller has sorted by length); with it: batches of that size over the texts sorted longest first."""
        if batch_size is None:
            return [vector for batch in batches(texts, self.batch_size) for vector in self.embed_batch(batch, "passage")]
        out: list[list[float]] = [[] for _ in texts]
        for batch in batches(longest_first(texts), batch_size):
            for n, vector in zip(batch, self.embed_batch([texts[n] for n in batch], "passage")):
                out[n] = vector
        return out
