"""Lexical engines compared on the same analysed tokens: build, one-document update, query, memory.

Usage: python bench/bench_lexical.py [--chunks 100000] [--data-dir /tmp/agenda-scale]

Reads the per-chunk tokens persisted by the synthetic collection of bench_scale.py (run that first) and
feeds them to (a) bm25s rebuilt from scratch (what main did on every change), (b) our SparseLexicalStore
(incremental by chunk id), (c) SQLite FTS5 (bm25 ranking, on disk; tokens mapped to ASCII ids so its
tokenizer keeps them intact). Writes bench/results/lexical-engines.json."""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_scale import rss_mb  # noqa: E402
from bench.results import save_results  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402
from assistant.store.lexical_store import ChunkTerms, SparseLexicalStore  # noqa: E402


def token_lists(data_dir: Path) -> tuple[list[str], list[str], list[list[str]], list[list[str]]]:
    """ids, doc ids, tokens (with repeats) and words of every chunk in the persisted store."""
    from assistant.store.chroma import ChunkIndex

    settings = Settings().with_overrides(data_dir=data_dir)
    store = SparseLexicalStore(data_dir / "lexical" / ChunkIndex(settings).name)
    if not store.load():
        raise SystemExit("no persisted lexical index: run bench/bench_scale.py first")
    snap = store.snap
    tokens, words = [], []
    for slot in range(len(snap.ids)):
        a, b = snap.tf.indptr[slot], snap.tf.indptr[slot + 1]
        tokens.append([snap.terms[t] for t, n in zip(snap.tf.indices[a:b], snap.tf.data[a:b]) for _ in range(int(n))])
        a, b = snap.wordrows.indptr[slot], snap.wordrows.indptr[slot + 1]
        words.append([snap.words[w] for w in snap.wordrows.indices[a:b]])
    return snap.ids, [snap.docs[d] for d in snap.doc_of], tokens, words


def queries(store: SparseLexicalStore) -> list[list[str]]:
    from assistant.core.german import GermanAnalyzer
    from evals.runner import load_eval_set

    analyzer = GermanAnalyzer(store.vocabulary())
    known = store.snap.term_id
    return [[t for t in analyzer(i["question"]) if t in known] for i in load_eval_set()][:100]


def timed(fn, *args) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - t) * 1000, result


def p50(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2], 2)


def retained_mb(store: SparseLexicalStore) -> float:
    """What a snapshot keeps: its arrays plus the id/token tables (strings included), in MB."""
    snap = store.snap
    arrays = [snap.tf.data, snap.tf.indices, snap.tf.indptr, snap.csc.data, snap.csc.indices, snap.csc.indptr,
              snap.wordrows.data, snap.wordrows.indices, snap.wordrows.indptr, snap.doc_of, snap.df, snap.word_df, snap.doclen]
    tables = [snap.ids, snap.terms, snap.words, snap.slot_of, snap.term_id, snap.word_id]
    size = sum(a.nbytes for a in arrays) + sum(sys.getsizeof(t) for t in tables)
    size += sum(sys.getsizeof(x) for t in (snap.ids, snap.terms, snap.words) for x in t)
    return round(size / 2**20)


def bench_sparse(ids, docs, tokens, words) -> tuple[dict, SparseLexicalStore]:
    before = rss_mb()
    store = SparseLexicalStore()
    build_ms, _ = timed(store.upsert, [ChunkTerms(i, d, t, w) for i, d, t, w in zip(ids, docs, tokens, words)])
    memory = rss_mb() - before
    doc = docs[-1]
    rows = [ChunkTerms(i, d, t, w) for i, d, t, w in zip(ids, docs, tokens, words) if d == doc]
    update_ms, _ = timed(store.upsert, rows, [r.id for r in rows])
    qs = queries(store)
    query = [timed(store.search, q, 30)[0] for q in qs if q]
    return {"build_ms": round(build_ms), "one_document_update_ms": round(update_ms), "query_p50_ms": p50(query),
            "rss_growth_during_build_mb": round(memory), "retained_mb": retained_mb(store)}, store


def bench_bm25s(tokens, qs) -> dict:
    import bm25s

    gc.collect()
    before = rss_mb()
    model = bm25s.BM25(k1=1.2, b=0.75)
    build_ms, _ = timed(model.index, tokens, False, False)
    memory = rss_mb() - before
    query = [timed(model.get_scores, q)[0] for q in qs if q]
    return {"build_ms": round(build_ms), "one_document_update_ms": round(build_ms), "query_p50_ms": p50(query),
            "memory_mb": round(memory), "note": "no incremental update: every change rebuilds (plus re-analysis in main)"}


def bench_fts5(ids, docs, tokens, qs) -> dict:
    vocab: dict[str, str] = {}

    def encode(ts: list[str]) -> str:
        return " ".join(vocab.setdefault(t, f"t{len(vocab)}") for t in ts)

    path = Path(tempfile.mkdtemp()) / "fts.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE f USING fts5(body, doc UNINDEXED, tokenize='ascii')")
    t = time.perf_counter()
    with db:
        db.executemany("INSERT INTO f(rowid, body, doc) VALUES (?, ?, ?)", ((n, encode(ts), d) for n, (ts, d) in enumerate(zip(tokens, docs))))
    build_ms = (time.perf_counter() - t) * 1000
    doc = docs[-1]
    rows = [(n, encode(ts), d) for n, (ts, d) in enumerate(zip(tokens, docs)) if d == doc]
    t = time.perf_counter()
    with db:
        db.executemany("DELETE FROM f WHERE rowid = ?", [(r[0],) for r in rows])
        db.executemany("INSERT INTO f(rowid, body, doc) VALUES (?, ?, ?)", rows)
    update_ms = (time.perf_counter() - t) * 1000
    query = []
    for q in qs:
        terms = " OR ".join(sorted({vocab[x] for x in q if x in vocab}))
        if terms:
            ms, _ = timed(lambda: db.execute("SELECT rowid, bm25(f) FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 30", (terms,)).fetchall())
            query.append(ms)
    size = path.stat().st_size / 2**20
    return {"build_ms": round(build_ms), "one_document_update_ms": round(update_ms), "query_p50_ms": p50(query),
            "disk_mb": round(size), "note": "bm25 idf without the +1 (negative for common terms, clamped): rankings differ from bm25s"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--data-dir", default="/tmp/agenda-scale")
    args = parser.parse_args()
    ids, docs, tokens, words = token_lists(Path(args.data_dir))
    ids, docs, tokens, words = ids[: args.chunks], docs[: args.chunks], tokens[: args.chunks], words[: args.chunks]
    figures: dict = {"chunks": len(ids)}
    figures["sparse_store"], store = bench_sparse(ids, docs, tokens, words)
    qs = queries(store)
    del store
    figures["bm25s_rebuild"] = bench_bm25s(tokens, qs)
    figures["sqlite_fts5"] = bench_fts5(ids, docs, tokens, qs)
    save_results("lexical-engines.json", figures)


if __name__ == "__main__":
    main()
