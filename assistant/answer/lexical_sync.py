"""Bring a LexicalStore in line with the chunk collection: a full build once, then only changed documents.

Compound splitting depends on the corpus vocabulary, so a new document can change how an old chunk is
analysed. The store keeps each chunk's words; when the vocabulary changes, exactly the chunks holding a
compound that contains a changed word are re-analysed. Incremental updates therefore give the same
tokens as a rebuild from scratch.
"""

from __future__ import annotations

import re
from assistant.core.german import GermanAnalyzer, fold
from assistant.core.types import StoredChunk
from assistant.store.base import SourceStore
from assistant.store.lexical_store import ChunkTerms, SparseLexicalStore

EMPTY = "\u2205"  # token of a chunk without any (bm25s needs one per document)
_VOCAB_WORD = re.compile(r"[^\W\d_]{4,}")


def lexical_text(chunk: StoredChunk) -> str:
    """What BM25 indexes: the context header (title, section) and the passage."""
    header = chunk.metadata.get("header", "")
    return f"{header}\n{chunk.text}" if header else chunk.text


def chunk_words(text: str) -> list[str]:
    """The chunk's vocabulary words (compound parts) and, marked '~', its compound candidates."""
    vocab = {fold(w) for w in _VOCAB_WORD.findall(text)}
    candidates = set()
    for raw in GermanAnalyzer.words(text):
        if raw[:1].isdigit() or raw.startswith("§"):
            continue
        folded = fold(raw)
        if len(folded) >= 8:
            candidates.add("~" + folded)
    return sorted(vocab) + sorted(candidates)


def _terms(chunk: StoredChunk, analyzer: GermanAnalyzer, words: list[str]) -> ChunkTerms:
    return ChunkTerms(chunk.id, chunk.metadata.get("doc_id", ""), analyzer(lexical_text(chunk)) or [EMPTY], words)


class LexicalSync:
    """Reads document summaries and changed documents' chunks from a SourceStore; writes the LexicalStore."""

    def __init__(self, index: SourceStore, store: SparseLexicalStore):
        self.index, self.store = index, store
        self.documents: dict[str, dict] = {}

    def sync(self) -> bool:
        """Apply what changed since the last sync; True when the store changed."""
        docs = self.index.documents()
        self.documents = docs
        fingerprints = {d: s.get("fingerprint", "") for d, s in docs.items()}
        known = self.store.meta.get("docs")
        if known is None:
            return self.full(fingerprints)
        changed = [d for d, f in fingerprints.items() if known.get(d) != f]
        removed = [d for d in known if d not in fingerprints]
        if not changed and not removed:
            return False
        stored = self.store.doc_ids()
        delete: set[str] = set()
        fresh: list[StoredChunk] = []
        for doc_id in removed:
            delete.update(stored.get(doc_id, []))
        for doc_id in changed:
            chunks = self.index.all_chunks(include_text=True, where={"doc_id": doc_id})
            have = set(stored.get(doc_id, []))
            current = {c.id for c in chunks}
            delete.update(have - current)
            fresh.extend(c for c in chunks if c.id not in have)
        self.apply(fresh, delete, fingerprints)
        return True

    def apply(self, fresh: list[StoredChunk], delete: set[str], fingerprints: dict[str, str]) -> None:
        """Analyse the new chunks (and those whose compounds change with the vocabulary) and swap them in."""
        words = [chunk_words(lexical_text(c)) for c in fresh]
        old_vocab = self.store.vocabulary()
        new_vocab = self.store.vocabulary_after(delete, words)
        analyzer = GermanAnalyzer(new_vocab)
        skip = delete | {c.id for c in fresh}
        affected_ids = [i for i in self.store.compound_chunks(old_vocab ^ new_vocab) if i not in skip]
        affected: list[StoredChunk] = []
        for start in range(0, len(affected_ids), 1000):
            affected.extend(self.index.get(affected_ids[start : start + 1000]))
        rows = [_terms(c, analyzer, w) for c, w in zip(fresh, words)]
        rows += [_terms(c, analyzer, chunk_words(lexical_text(c))) for c in affected]
        self.store.upsert(rows, delete, {"docs": fingerprints})

    def full(self, fingerprints: dict[str, str]) -> bool:
        """Analyse every chunk (first start, or a store that cannot be read)."""
        chunks = self.index.all_chunks(include_text=True)
        words = [chunk_words(lexical_text(c)) for c in chunks]
        vocabulary = {w for ws in words for w in ws if not w.startswith("~")}
        analyzer = GermanAnalyzer(vocabulary)
        rows = [_terms(c, analyzer, w) for c, w in zip(chunks, words)]
        self.store.upsert(rows, set(self.store.snap.ids), {"docs": fingerprints})
        return True
