"""The incremental, persisted BM25 side: same result as a rebuild, never blocks a question, starts without analysis."""

from __future__ import annotations

import threading

import pytest

from assistant.answer.lexical import LexicalIndex
from assistant.answer.lexical_sync import LexicalSync
from assistant.core.settings import Settings
from assistant.store.chroma import ChunkIndex

DOCS = {
    "a": ["Der Breitbandausbau in Köln kommt voran.", "Die Stadtverwaltung plant Digitalisierung am 27.01.2016."],
    "b": ["Das Positionspapier nennt Ziele für Kommunen.", "Open Data und Bürgerservice stehen im Mittelpunkt."],
}


def _put(index: ChunkIndex, doc_id: str, texts: list[str]) -> None:
    ids = [f"{doc_id}-{i}" for i in range(len(texts))]
    metas = [{"doc_id": doc_id, "kind": "Gesetz" if doc_id == "c" else "Dokument", "year": 2016, "n_chunks": len(texts),
              "chunk_index": i, "file_sha": doc_id, "header": f"Titel {doc_id}"} for i in range(len(texts))]
    index.store(ids, [[1.0, float(i), 0.5] for i in range(len(texts))], texts, metas)
    index.bump_generation()


@pytest.fixture()
def index(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    idx = ChunkIndex(settings, collection_name="lexical-test")
    for doc_id, texts in DOCS.items():
        _put(idx, doc_id, texts)
    return idx


def _state(lex: LexicalIndex, queries: list[str]) -> dict:
    chunks = lex.index.all_chunks()
    return {
        "tokens": {c.id: lex.tokens_of(c) for c in chunks},
        "search": {q: [(h.chunk.id, round(h.score, 5)) for h in lex.search(q, 10)] for q in queries},
        "idf": {t: round(lex.idf(t), 6) for t in ("ausbau", "koeln", "kommun")},
        "vocabulary": lex.analyzer.vocabulary,
    }


QUERIES = ["Ausbau Breitband", "Digitalisierung Köln", "Ziele der Kommunen", "Bürgerservice Ausbau"]


def test_incremental_update_equals_full_rebuild(index):
    lex = LexicalIndex(index, check_every=0)
    # a new document whose words change how an old chunk's compound is split ("ausbau")
    _put(index, "c", ["Der Ausbau der Netze beginnt.", "Kommunen fördern den Ausbau."])
    assert lex.refresh(force=True)
    assert "ausbau" in lex.tokens_of(index.get(["a-0"])[0])
    fresh = LexicalIndex(index, persist=False)
    assert _state(lex, QUERIES) == _state(fresh, QUERIES)
    # remove a document again: the compound loses its part, as in a rebuild
    index.delete(["c-0", "c-1"])
    index.bump_generation()
    lex.refresh(force=True)
    assert _state(lex, QUERIES) == _state(LexicalIndex(index, persist=False), QUERIES)
    assert not [h for h in lex.search("Netze", 5)]


def test_only_changed_documents_are_analysed(index, monkeypatch):
    lex = LexicalIndex(index)
    seen: list[int] = []
    original = LexicalSync.apply

    def spy(self, fresh, delete, fingerprints):
        seen.append(len(fresh))
        return original(self, fresh, delete, fingerprints)

    monkeypatch.setattr(LexicalSync, "apply", spy)
    monkeypatch.setattr(LexicalSync, "full", lambda *a: pytest.fail("no full rebuild for one document"))
    _put(index, "c", ["Neue Satzung über Gebühren."])
    lex.refresh(force=True)
    assert seen == [1]
    assert lex.search("Satzung Gebühren", 3)[0].chunk.id == "c-0"


def test_start_up_reads_persisted_tokens(index, monkeypatch):
    first = LexicalIndex(index)
    expected = _state(first, QUERIES)
    monkeypatch.setattr(LexicalSync, "full", lambda *a: pytest.fail("start-up must not re-analyse"))
    monkeypatch.setattr(LexicalSync, "apply", lambda *a: pytest.fail("nothing changed"))
    assert _state(LexicalIndex(index), QUERIES) == expected


def test_question_during_refresh_is_answered_from_the_old_index(index, monkeypatch):
    lex = LexicalIndex(index, check_every=0)
    before = [h.chunk.id for h in lex.search("Breitbandausbau", 3)]
    entered, release = threading.Event(), threading.Event()
    original = LexicalSync.apply

    def slow(self, *args):
        entered.set()
        release.wait(10)
        return original(self, *args)

    monkeypatch.setattr(LexicalSync, "apply", slow)
    _put(index, "c", ["Breitbandausbau im ländlichen Raum, Breitbandausbau überall."])
    lex.refresh(force=True, wait=False)
    assert entered.wait(10)
    # the refresh is stuck in analysis: questions still get answers, from the old snapshot
    assert [h.chunk.id for h in lex.search("Breitbandausbau", 3)] == before
    release.set()
    lex.wait(10)
    assert lex.search("Breitbandausbau", 3)[0].chunk.id == "c-0"


def test_filters_by_document_summary(index):
    _put(index, "c", ["Breitbandausbau per Gesetz."])
    lex = LexicalIndex(index)
    docs = {d for d, s in lex.documents().items() if s.get("kind") == "Gesetz"}
    assert docs == {"c"}
    assert [h.chunk.id for h in lex.search("Breitbandausbau", 5, docs=docs)] == ["c-0"]
    summary = index.documents()["a"]
    assert summary["chunks"] == 2 and summary["complete"] and summary["fingerprint"]
