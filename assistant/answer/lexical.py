"""BM25 with German analysis over the chunks in Chroma: incremental, persisted, refreshed in the background.

Chroma stays the one source of truth. The per-chunk tokens live in a LexicalStore persisted under
data_dir/lexical/<collection>, so start-up reads them instead of analysing every chunk. A change in the
collection (generation bumped by any writer) is picked up by a background thread that analyses only the
chunks of changed documents (plus the few whose compound splits change with the vocabulary) and swaps in
a new snapshot; questions keep using the old one meanwhile and never wait for it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from assistant.answer.lexical_sync import LexicalSync, lexical_text
from assistant.core.german import GermanAnalyzer, without_english_function_words
from assistant.core.types import StoredChunk
from assistant.store.base import SourceStore
from assistant.store.lexical_store import SparseLexicalStore

log = logging.getLogger(__name__)
__all__ = ["LexicalHit", "LexicalIndex", "lexical_text"]


@dataclass
class LexicalHit:
    """A chunk and its BM25 score."""

    chunk: StoredChunk
    score: float


@dataclass
class _View:
    """What questions read, swapped as one reference: analyzer, token frequencies, misspelling candidates."""

    analyzer: GermanAnalyzer
    df: dict[str, int]
    by_first: dict[str, list[str]]
    size: int


def _view(store: SparseLexicalStore) -> _View:
    df = store.known_terms()
    by_first: dict[str, list[str]] = {}
    for token in df:
        if len(token) >= 4 and not token[0].isdigit():
            by_first.setdefault(token[0], []).append(token)
    return _View(GermanAnalyzer(store.vocabulary()), df, by_first, store.size())


class LexicalIndex:
    """A BM25 index derived from the vector index; questions never wait for its refresh."""

    def __init__(self, index: SourceStore, check_every: float = 2.0, k1: float = 1.2, b: float = 0.75, persist: bool = True):
        self.index = index
        self.check_every = check_every
        folder = index.settings.data_dir / "lexical" / index.name if persist else None
        self.store = SparseLexicalStore(folder, k1=k1, b=b)
        self.syncer = LexicalSync(index, self.store)
        self._lock = threading.Lock()  # one refresh at a time
        self._version: str | None = None
        self._checked = 0.0
        self._thread: threading.Thread | None = None
        self._chunks: tuple[int, list[StoredChunk]] | None = None
        self._v: _View | None = None
        self.store.load()
        self.refresh(force=True)

    # ------------------------------------------------------------------ refresh

    def refresh(self, force: bool = False, wait: bool = True) -> bool:
        """Bring the index up to date; force=True syncs now (wait=False: in the background). True if changed."""
        if force:
            if not wait:
                self._start_background(force=True)
                return False
            return self._sync(self.index.version())
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            self._start_background(force=False)
        return False

    def _start_background(self, force: bool) -> None:
        """Start one background sync unless one is running (it re-checks the version when done)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._background, args=(force,), name="lexical-sync", daemon=True)
        self._thread.start()

    def _background(self, force: bool) -> None:
        try:
            version = self.index.version()
            if force or version != self._version:
                self._sync(version)
        except Exception:  # noqa: BLE001 - a failed refresh keeps the old index; the next check retries
            log.exception("BM25-Aktualisierung fehlgeschlagen")

    def wait(self, timeout: float | None = None) -> None:
        """Block until a running background sync finished (tests, benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _sync(self, version: str) -> bool:
        with self._lock:
            changed = self.syncer.sync()
            if changed or self._v is None:
                self._v = _view(self.store)
            self._version = version
        if changed:
            self.store.save()
        return changed

    # ------------------------------------------------------------------ questions

    @property
    def analyzer(self) -> GermanAnalyzer:
        """The analyzer whose vocabulary matches the current snapshot."""
        return self._v.analyzer

    @property
    def chunks(self) -> list[StoredChunk]:
        """Every indexed chunk with text and metadata (loaded from Chroma on demand; not for hot paths)."""
        if self._chunks is None or self._chunks[0] != id(self._v):
            self._chunks = (id(self._v), self.index.all_chunks(include_text=True))
        return self._chunks[1]

    def documents(self) -> dict[str, dict]:
        """doc_id -> summary (metadata, chunk count) as of the last sync."""
        return self.syncer.documents

    def doc_of(self, chunk_id: str) -> str | None:
        """Document of an indexed chunk (None when the lexical side does not know it yet)."""
        snap = self.store.snap
        slot = snap.slot_of.get(chunk_id)
        return snap.docs[snap.doc_of[slot]] if slot is not None else None

    def ids_of_docs(self, docs: set[str]) -> list[str]:
        """Ids of the indexed chunks of these documents."""
        return self.store.ids_of_docs(docs)

    def search(self, query: str, k: int, allowed: set[str] | None = None, docs: set[str] | None = None) -> list[LexicalHit]:
        """Top-k chunks by BM25; `docs` restricts to documents, `allowed` to chunk ids."""
        self.refresh()
        view = self._v
        tokens = [t for t in view.analyzer(without_english_function_words(query)) if t in view.df]
        if not tokens:
            return []
        hits = self.store.search(tokens, k if allowed is None else max(k, 1) * 20, docs)
        if allowed is not None:
            hits = [h for h in hits if h[0] in allowed][:k]
        if not hits:
            return []
        by_id = {c.id: c for c in self.index.get([cid for cid, _ in hits])}
        return [LexicalHit(by_id[cid], score) for cid, score in hits if cid in by_id]

    def query_terms(self, query: str) -> list[str]:
        """Analyzed query tokens known to the index."""
        view = self._v
        return [t for t in view.analyzer(query) if t in view.df]

    def idf(self, token: str) -> float:
        """Inverse document frequency of an analyzed token (0 when unknown)."""
        return self.store.idf(token)

    def tokens_of(self, chunk: StoredChunk) -> set[str]:
        """Analyzed tokens of a chunk (header and text), as stored at indexing time."""
        tokens = self.store.tokens_of(chunk.id)
        return tokens if tokens is not None else set(self.analyzer(lexical_text(chunk)))

    def known_token(self, token: str) -> bool:
        """True when an analyzed token occurs in the indexed chunks."""
        return token in self._v.df

    def max_idf(self) -> float:
        """The idf of a token seen once (used for words the documents never mention)."""
        import numpy as np

        n = max(self.store.size(), 1)
        return float(np.log(1 + (n - 0.5) / 1.5))

    def correct(self, token: str) -> str | None:
        """The indexed token one edit away (two for long words), for misspelt questions: of equally near ones the most
        frequent (refusing ties changed nothing measurable); None if none is near."""
        if len(token) < 5 or token.isdigit():
            return None
        view = self._v
        limit = 1 if len(token) < 9 else 2
        best, best_distance, best_df = None, limit + 1, 0
        for candidate in view.by_first.get(token[0], ()):
            if abs(len(candidate) - len(token)) > limit:
                continue
            distance = bounded_levenshtein(token, candidate, limit)
            df = view.df[candidate]
            if distance < best_distance or (distance == best_distance and df > best_df):
                best, best_distance, best_df = candidate, distance, df
        return best if best_distance <= limit else None


def bounded_levenshtein(a: str, b: str, limit: int) -> int:
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
