"""BM25 over the chunks in Chroma (bm25s with German analysis), refreshed when the collection changes."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.core.german import GermanAnalyzer
from assistant.core.types import StoredChunk
from assistant.store.chroma import ChunkIndex


@dataclass
class LexicalHit:
    """A chunk and its BM25 score."""

    chunk: StoredChunk
    score: float


def lexical_text(chunk: StoredChunk) -> str:
    """What BM25 indexes: the context header (title, section) and the passage."""
    header = chunk.metadata.get("header", "")
    return f"{header}\n{chunk.text}" if header else chunk.text


class LexicalIndex:
    """A BM25 index derived from the vector index, so Chroma stays the one source of truth."""

    def __init__(self, index: ChunkIndex, check_every: float = 2.0, k1: float = 1.2, b: float = 0.75):
        self.index = index
        self.check_every = check_every
        self.k1, self.b = k1, b
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._checked = 0.0
        self.chunks: list[StoredChunk] = []
        self.analyzer = GermanAnalyzer()
        self._bm25 = None
        self._df: Counter[str] = Counter()
        self._by_length: dict[str, list[str]] = {}
        self._token_sets: dict[str, set[str]] = {}
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> bool:
        """Rebuild when the collection's content fingerprint changed; True if rebuilt."""
        now = time.monotonic()
        if not force and now - self._checked < self.check_every:
            return False
        with self._lock:
            self._checked = now
            version = self.index.version()
            if not force and version == self._version:
                return False
            chunks = self.index.all_chunks(include_text=True)
            texts = [lexical_text(c) for c in chunks]
            analyzer = GermanAnalyzer(GermanAnalyzer.build_vocabulary(texts))
            tokenized = [analyzer(t) or ["\u2205"] for t in texts]
            document_frequency: Counter[str] = Counter()
            for tokens in tokenized:
                document_frequency.update(set(tokens))
            bm25 = None
            if chunks:
                import bm25s

                logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
                bm25 = bm25s.BM25(k1=self.k1, b=self.b)
                bm25.index(tokenized, show_progress=False)
            self.chunks, self.analyzer, self._bm25, self._version = chunks, analyzer, bm25, version
            self._token_sets = {c.id: set(t) for c, t in zip(chunks, tokenized)}
            self._df = document_frequency
            by_first: dict[str, list[str]] = {}
            for token in document_frequency:
                if len(token) >= 4 and not token[0].isdigit():
                    by_first.setdefault(token[0], []).append(token)
            self._by_length = by_first
            return True

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[LexicalHit]:
        """Top-k chunks by BM25; `allowed` restricts to chunk ids (metadata filters)."""
        self.refresh()
        bm25, chunks, analyzer = self._bm25, self.chunks, self.analyzer
        if bm25 is None:
            return []
        tokens = [t for t in analyzer(query) if t in bm25.vocab_dict]
        if not tokens:
            return []
        scores = np.asarray(bm25.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.fromiter((c.id in allowed for c in chunks), dtype=bool, count=len(chunks))
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(chunks[i], float(scores[i])) for i in top if scores[i] > 0]

    def query_terms(self, query: str) -> list[str]:
        """Analyzed query tokens known to the index."""
        if self._bm25 is None:
            return []
        return [t for t in self.analyzer(query) if t in self._bm25.vocab_dict]

    def idf(self, token: str) -> float:
        """Inverse document frequency of an analyzed token (0 when unknown)."""
        df = self._df.get(token, 0)
        if not df:
            return 0.0
        n = len(self.chunks)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def tokens_of(self, chunk: StoredChunk) -> set[str]:
        """Analyzed tokens of a chunk (header and text), computed once per refresh."""
        tokens = self._token_sets.get(chunk.id)
        return tokens if tokens is not None else set(self.analyzer(lexical_text(chunk)))

    def known_token(self, token: str) -> bool:
        """True when an analyzed token occurs in the indexed chunks."""
        return token in self._df

    def max_idf(self) -> float:
        """The idf of a token seen once (used for words the documents never mention)."""
        n = max(len(self.chunks), 1)
        return float(np.log(1 + (n - 0.5) / 1.5))

    def correct(self, token: str) -> str | None:
        """The indexed token one edit away (two for long words), for misspelt questions; None if none or ambiguous."""
        if len(token) < 5 or token.isdigit():
            return None
        limit = 1 if len(token) < 9 else 2
        best, best_distance, best_df = None, limit + 1, 0
        for candidate in self._by_length.get(token[0], ()):
            if abs(len(candidate) - len(token)) > limit:
                continue
            distance = _bounded_levenshtein(token, candidate, limit)
            df = self._df[candidate]
            if distance < best_distance or (distance == best_distance and df > best_df):
                best, best_distance, best_df = candidate, distance, df
        return best if best_distance <= limit else None


def _bounded_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance, giving up (returning limit + 1) once it must exceed the limit."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            row_min = min(row_min, current[j])
        if row_min > limit:
            return limit + 1
        previous = current
    return previous[-1]
