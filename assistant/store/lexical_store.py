"""The lexical side's storage: a persisted, incremental BM25 index over analysed tokens (numpy/scipy sparse).

Every change builds a new immutable snapshot from the old one plus the changed rows (no re-analysis of
unchanged chunks) and swaps it in with one reference assignment, so a query always reads one consistent
snapshot. Scores are computed at query time with bm25s' Lucene formula, so N, df and the average length
are always those of the current chunks, exactly as after a full rebuild.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

import numpy as np
from scipy import sparse

FORMAT = "1"


@dataclass
class ChunkTerms:
    """One chunk as the lexical store sees it: id, document, analysed tokens and its words (for the analyzer)."""

    id: str
    doc_id: str
    tokens: list[str]
    words: list[str] = field(default_factory=list)


class LexicalStore(Protocol):
    """The small contract of the lexical side (Chroma's sparse index could implement it later)."""

    def upsert(self, chunks: list[ChunkTerms], delete: Iterable[str] = ()) -> None: ...
    def search(self, tokens: list[str], k: int, allowed_docs: set[str] | None = None) -> list[tuple[str, float]]: ...
    def idf(self, token: str) -> float: ...
    def size(self) -> int: ...


def _rows(lists: list[list[int]], binary: bool) -> sparse.csr_matrix:
    """CSR of term counts (or presence) from per-row term id lists."""
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter((t for x in lists for t in x), dtype=np.int32, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    m = sparse.csr_matrix((data, indices, indptr), shape=(len(lists), 0 if not len(indices) else int(indices.max()) + 1))
    m.sum_duplicates()
    if binary:
        m.data[:] = 1.0
    return m


def _intern(key: str, table: dict[str, int], names: list[str]) -> int:
    """Id of a key in an append-only table, adding it when new."""
    found = table.get(key)
    if found is None:
        found = table[key] = len(names)
        names.append(key)
    return found


def _widen(m: sparse.csr_matrix, cols: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], cols))


@dataclass
class Snapshot:
    """An immutable state of the index; replaced as a whole on every change."""

    ids: list[str]
    doc_of: np.ndarray  # slot -> document number
    docs: list[str]  # document number -> doc id
    terms: list[str]  # token id -> token
    words: list[str]  # word id -> word
    tf: sparse.csr_matrix  # slot x token counts
    wordrows: sparse.csr_matrix  # slot x word presence
    slot_of: dict[str, int] = field(default_factory=dict)
    term_id: dict[str, int] = field(default_factory=dict)
    word_id: dict[str, int] = field(default_factory=dict)
    doc_num: dict[str, int] = field(default_factory=dict)
    df: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    word_df: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    doclen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    csc: sparse.csc_matrix | None = None

    def finish(self, tables: bool = True) -> "Snapshot":
        """Derived lookups: id maps, document frequencies, lengths, the term-major matrix."""
        self.slot_of = {cid: i for i, cid in enumerate(self.ids)}
        if tables:
            self.term_id = {t: i for i, t in enumerate(self.terms)}
            self.word_id = {w: i for i, w in enumerate(self.words)}
            self.doc_num = {d: i for i, d in enumerate(self.docs)}
        self.tf = _widen(self.tf, len(self.terms))
        self.wordrows = _widen(self.wordrows, len(self.words))
        self.df = np.bincount(self.tf.indices, minlength=len(self.terms)).astype(np.int32)
        self.word_df = np.bincount(self.wordrows.indices, minlength=len(self.words)).astype(np.int32)
        self.doclen = np.asarray(self.tf.sum(axis=1)).ravel().astype(np.float32)
        self.csc = self.tf.tocsc()
        return self

    @classmethod
    def empty(cls) -> "Snapshot":
        z = sparse.csr_matrix((0, 0), dtype=np.float32)
        return cls([], np.zeros(0, dtype=np.int32), [], [], [], z, z).finish()


class SparseLexicalStore:
    """BM25 (bm25s 'lucene' variant) over a persisted sparse matrix, updated by chunk id."""

    def __init__(self, folder: Path | None = None, k1: float = 1.2, b: float = 0.75):
        self.folder = folder
        self.k1, self.b = k1, b
        self.snap = Snapshot.empty()
        self.meta: dict = {}  # caller's bookkeeping (e.g. document fingerprints), persisted with the snapshot
        self._write = threading.Lock()

    # ------------------------------------------------------------------ change

    def upsert(self, chunks: list[ChunkTerms], delete: Iterable[str] = (), meta: dict | None = None) -> None:
        """Replace/add the given chunks and remove `delete`, then swap in the new snapshot."""
        with self._write:
            old = self.snap
            gone = set(delete) | {c.id for c in chunks}
            keep = np.fromiter((cid not in gone for cid in old.ids), dtype=bool, count=len(old.ids))
            # token, word and document tables only ever grow: shared with older snapshots, which ignore
            # ids beyond their own matrix width (no copy of 100k-entry dicts per change)
            terms, words, docs = old.terms, old.words, old.docs
            term_id, word_id, doc_num = old.term_id, old.word_id, old.doc_num
            tok_lists, word_lists, new_docs = [], [], []
            for c in chunks:
                tok_lists.append([_intern(t, term_id, terms) for t in c.tokens])
                word_lists.append([_intern(w, word_id, words) for w in c.words])
                new_docs.append(_intern(c.doc_id, doc_num, docs))
            tf = sparse.vstack([_widen(old.tf[keep], len(terms)), _widen(_rows(tok_lists, False), len(terms))], format="csr")
            wr = sparse.vstack([_widen(old.wordrows[keep], len(words)), _widen(_rows(word_lists, True), len(words))], format="csr")
            ids = [cid for cid, k in zip(old.ids, keep) if k] + [c.id for c in chunks]
            doc_of = np.concatenate([old.doc_of[keep], np.asarray(new_docs, dtype=np.int32)]).astype(np.int32)
            snap = Snapshot(ids, doc_of, docs, terms, words, tf.astype(np.float32), wr.astype(np.float32))
            snap.term_id, snap.word_id, snap.doc_num = term_id, word_id, doc_num
            self.snap = snap.finish(tables=False)
            if meta is not None:
                self.meta = meta

    # ------------------------------------------------------------------ read

    def size(self) -> int:
        return len(self.snap.ids)

    def idf(self, token: str, snap: Snapshot | None = None) -> float:
        """bm25s/Lucene idf: log(1 + (N - df + 0.5) / (df + 0.5)); 0 for unknown tokens."""
        snap = snap or self.snap
        tid = snap.term_id.get(token)
        df = int(snap.df[tid]) if tid is not None and tid < len(snap.df) else 0
        if not df:
            return 0.0
        n = len(snap.ids)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def search(self, tokens: list[str], k: int, allowed_docs: set[str] | None = None) -> list[tuple[str, float]]:
        """Top-k (chunk id, score); query tokens count once per occurrence, as in bm25s.get_scores."""
        snap = self.snap
        n = len(snap.ids)
        if not n:
            return []
        scores = np.zeros(n, dtype=np.float32)
        avg = float(snap.doclen.astype(np.float64).mean()) or 1.0
        # same arithmetic as bm25s (float64 length norm, float32 scores) so rankings match it bit for bit
        norm = (self.k1 * ((1 - self.b) + self.b * snap.doclen.astype(np.float64) / avg)).astype(np.float32)
        csc = snap.csc
        for token in tokens:
            tid = snap.term_id.get(token)
            if tid is None or tid >= len(snap.df):
                continue
            start, end = csc.indptr[tid], csc.indptr[tid + 1]
            rows, tf = csc.indices[start:end], csc.data[start:end]
            scores[rows] += np.float32(self.idf(token, snap)) * (tf / (norm[rows] + tf))
        if allowed_docs is not None:
            allowed = np.zeros(len(snap.docs), dtype=bool)
            for i, d in enumerate(snap.docs):
                allowed[i] = d in allowed_docs
            scores[~allowed[snap.doc_of]] = 0.0
        if n <= 50_000:  # the full sort bm25s users get, ties included
            top = np.argsort(-scores)[:k]
        else:
            top = np.argpartition(-scores, k - 1)[:k] if n > k else np.arange(n)
            top = top[np.argsort(-scores[top], kind="stable")]
        return [(snap.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def tokens_of(self, chunk_id: str) -> set[str] | None:
        """Distinct tokens of a stored chunk (None when unknown)."""
        snap = self.snap
        slot = snap.slot_of.get(chunk_id)
        if slot is None:
            return None
        return {snap.terms[t] for t in snap.tf.indices[snap.tf.indptr[slot] : snap.tf.indptr[slot + 1]]}

    def doc_ids(self) -> dict[str, list[str]]:
        """Chunk ids per document."""
        snap = self.snap
        out: dict[str, list[str]] = {}
        for cid, d in zip(snap.ids, snap.doc_of):
            out.setdefault(snap.docs[d], []).append(cid)
        return out

    def ids_of_docs(self, docs: set[str]) -> list[str]:
        """Chunk ids of the given documents."""
        snap = self.snap
        wanted = np.fromiter((d in docs for d in snap.docs), dtype=bool, count=len(snap.docs))
        return [snap.ids[i] for i in np.flatnonzero(wanted[snap.doc_of])]

    def chunks_with_words(self, words: set[str]) -> list[str]:
        """Ids of chunks containing any of the given words."""
        snap = self.snap
        width = snap.wordrows.shape[1]
        cols = [snap.word_id[w] for w in words if snap.word_id.get(w, width) < width]
        if not cols:
            return []
        hit = np.asarray(snap.wordrows[:, cols].sum(axis=1)).ravel() > 0
        return [snap.ids[i] for i in np.flatnonzero(hit)]

    def vocabulary(self) -> set[str]:
        """Words occurring in at least one stored chunk ('~'-marked compound candidates excluded)."""
        snap = self.snap
        return {w for w, df in zip(snap.words, snap.word_df) if df and not w.startswith("~")}

    def vocabulary_after(self, delete: set[str], added: list[list[str]]) -> set[str]:
        """The vocabulary once `delete` is removed and chunks with the `added` word lists are stored."""
        snap = self.snap
        df = snap.word_df.astype(np.int64)
        slots = [snap.slot_of[i] for i in delete if i in snap.slot_of]
        if slots:
            df = df - np.asarray(snap.wordrows[slots].sum(axis=0)).ravel().astype(np.int64)
        vocab = {w for w, n in zip(snap.words, df) if n > 0 and not w.startswith("~")}
        for words in added:
            vocab.update(w for w in words if not w.startswith("~"))
        return vocab

    def compound_chunks(self, changed: set[str]) -> list[str]:
        """Chunks holding a compound candidate ('~' word) that contains one of the changed vocabulary words."""
        if not changed:
            return []
        from assistant.store.text_scan import containing

        snap = self.snap
        candidates = [w[1:] for w, df in zip(snap.words, snap.word_df) if df and w.startswith("~")]
        hits = containing(candidates, changed)
        return self.chunks_with_words({"~" + w for w in hits})

    def known_terms(self) -> dict[str, int]:
        """token -> document frequency, for tokens still present."""
        snap = self.snap
        return {t: int(df) for t, df in zip(snap.terms, snap.df) if df}

    # ------------------------------------------------------------------ persistence

    def save(self) -> None:
        """Write the snapshot next to the data (atomic rename), so start-up needs no analysis."""
        if self.folder is None:
            return
        snap, meta = self.snap, self.meta
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".snapshot.{os.getpid()}.{threading.get_ident()}.npz"
        header = {"format": FORMAT, "ids": snap.ids, "docs": snap.docs, "terms": snap.terms, "words": snap.words, "meta": meta}
        with open(tmp, "wb") as handle:
            np.savez(
                handle, header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8),
                doc_of=snap.doc_of, tf_indptr=snap.tf.indptr, tf_indices=snap.tf.indices, tf_data=snap.tf.data,
                w_indptr=snap.wordrows.indptr, w_indices=snap.wordrows.indices,
            )
        os.replace(tmp, self.folder / "snapshot.npz")

    def load(self) -> bool:
        """Read a saved snapshot; False when there is none or it is unreadable."""
        path = self.folder / "snapshot.npz" if self.folder else None
        if path is None or not path.exists():
            return False
        try:
            with np.load(path) as z:
                header = json.loads(z["header"].tobytes().decode())
                if header.get("format") != FORMAT:
                    return False
                n = len(header["ids"])
                tf = sparse.csr_matrix((z["tf_data"], z["tf_indices"], z["tf_indptr"]), shape=(n, len(header["terms"])))
                w_idx = z["w_indices"]
                wr = sparse.csr_matrix((np.ones(len(w_idx), np.float32), w_idx, z["w_indptr"]), shape=(n, len(header["words"])))
                snap = Snapshot(header["ids"], z["doc_of"], header["docs"], header["terms"], header["words"], tf, wr)
        except (OSError, ValueError, KeyError):
            return False
        self.snap, self.meta = snap.finish(), header.get("meta", {})
        return True
