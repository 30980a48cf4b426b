"""The SourceStore contract on the in-memory store, and the answer layer's retrieval over it (no Chroma, no model)."""

import inspect

import numpy as np

from assistant.answer.retrieval import HybridRetriever
from assistant.core.types import Filters
from assistant.store.base import SourceStore
from assistant.store.chroma import ChunkIndex
from assistant.store.memory import MemoryStore
from tests.unit.fakes import HashingEmbedder, fill

CONTRACT = [name for name, member in vars(SourceStore).items() if inspect.isfunction(member) and not name.startswith("_")]


def test_memory_store_keeps_the_contract(settings):
    store, e = MemoryStore(settings), HashingEmbedder()
    assert isinstance(store, SourceStore)
    fill(store, e)
    fill(store, e, {"erechv": ("Verordnung", 2017, ["Die E-Rechnungsverordnung regelt die Annahme elektronischer "
                                                     "Rechnungen durch den Bund."])})  # upsert, no duplicate
    assert store.count() == 7
    query = e.embed_query("Wann fand die Regionalkonferenz in Kiel statt?")
    hits = store.retrieve(query, 3)
    assert hits[0].id == "konferenzen-0" and hits[0].score > hits[1].score >= hits[2].score
    assert {h.metadata["doc_id"] for h in store.retrieve(query, 5, where={"kind": {"$in": ["Richtlinie"]}})} == {"citylab"}
    both = {"$and": [{"year": {"$in": [2016, 2019]}}, {"doc_id": "citylab"}]}
    assert [c.id for c in store.all_chunks(where=both)] == ["citylab-0", "citylab-1"]
    assert store.nearest(query, 2) == [(h.id, h.score) for h in hits[:2]]
    ranked = store.rank_by_vector(query, ["erechv-0", "konferenzen-1", "gibt-es-nicht"], 5)
    assert [i for i, _ in ranked] == ["konferenzen-1", "erechv-0"]
    scored = store.get_scored([("citylab-1", 0.5), ("weg", 0.9), ("erechv-1", 0.7)])
    assert [(c.id, c.score) for c in scored] == [("citylab-1", 0.5), ("erechv-1", 0.7)]
    stored = store.get(["erechv-0"], with_embeddings=True)[0]
    assert np.allclose(stored.embedding, e.vector(stored.text), atol=1e-6)  # float32, as Chroma keeps them
    assert "page_breaks" not in store.get(["erechv-0"])[0].metadata  # None is dropped, as Chroma does
    summary = store.documents()["konferenzen"]
    assert summary["chunks"] == 3 and summary["complete"] and summary["kind"] == "Positionspapier" and summary["fingerprint"]
    before = store.version()
    store.delete(["citylab-0"])
    store.bump_generation()
    assert store.version() != before and not store.documents()["citylab"]["complete"]
    assert "citylab-0" not in {c.id for c in store.all_chunks(include_text=False)}


def test_both_stores_offer_every_method_of_the_contract():
    assert {"store", "retrieve", "get", "all_chunks", "documents", "version"} <= set(CONTRACT)
    for implementation in (ChunkIndex, MemoryStore):
        for name in CONTRACT:
            wanted = list(inspect.signature(getattr(SourceStore, name)).parameters)
            offered = list(inspect.signature(getattr(implementation, name)).parameters)
            assert offered[: len(wanted)] == wanted, (implementation.__name__, name, offered)


def test_hybrid_retrieval_over_the_memory_store(settings):
    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    retriever = HybridRetriever(settings, store, e)
    result = retriever.retrieve("Wann fand die Regionalkonferenz in Kiel statt?")
    assert result.passages[0].chunk.id == "konferenzen-0"
    assert result.passages[0].dense > 0.3 and result.passages[0].lexical > 0
    lexical = retriever.retrieve("Fehlbedarfsfinanzierung CityLAB", mode="lexical")
    assert lexical.passages[0].chunk.id == "citylab-0"
    only = retriever.retrieve("Wann fand die Regionalkonferenz in Kiel statt?", Filters(kinds=["Verordnung"]))
    assert {p.chunk.metadata["doc_id"] for p in only.passages} == {"erechv"}
    fill(store, e, {"neu": ("Dokument", 2024, ["Die Regionalkonferenz in Kiel findet 2025 erneut statt."])})
    retriever.lexical.refresh(force=True)  # a new document is picked up incrementally
    again = retriever.retrieve("Regionalkonferenz Kiel 2025", mode="lexical")
    assert again.passages[0].chunk.id == "neu-0"


def test_a_document_found_before_the_lexical_side_synced_it_is_readable(settings):
    from assistant.answer.documents import DocumentLibrary
    from assistant.answer.lexical import LexicalIndex

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    library = DocumentLibrary(lexical, store)
    assert library.document("neu") is None  # not stored anywhere
    fill(store, e, {"neu": ("Dokument", 2024, ["Die Musterstadt plant 2027 ein Bürgerportal mit 40 Leistungen."])})
    assert lexical.ids_of_docs({"neu"}) == []  # another process ingested it; this index has not synced yet
    document = library.document("neu")
    assert document is not None and "40 Leistungen" in document.text and [c.id for c in document.chunks] == ["neu-0"]
    assert library.document("konferenzen").doc_id == "konferenzen"  # known documents still come from the index


def test_a_follow_ups_previous_question_weighs_little_and_lends_its_answer_kind(settings):
    from assistant.answer.lexical import LexicalIndex
    from assistant.answer.question import profile_question

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    alone = profile_question("Und in Brehna?", lexical)
    follow = profile_question("Und in Brehna?", lexical, context="Wann fand die Regionalkonferenz in Kiel statt", context_weight=0.3)
    assert not alone.kinds and follow.kinds == {"date"}  # the previous question's answer kind carries over
    own = {alternatives[0]: weight for alternatives, weight in alone.units}
    borrowed = {alternatives[0]: weight for alternatives, weight in follow.units if alternatives[0] not in own}
    assert borrowed and all(w <= 0.3 * max(own.values()) + 1e-9 for w in borrowed.values())
    assert [follow.units[i][0][0] for i in follow.focus] == [follow.units[i][0][0] for i in alone.focus]  # never focus terms


def test_a_short_fragment_of_an_unknown_word_is_no_query_term(settings):
    from assistant.answer.lexical import LexicalIndex
    from assistant.answer.question import profile_question

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e, {"eben": ("Dokument", 2020, ["Die Fläche ist eben und die Stadt plant eben dort ein Netz."])})
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    assert lexical.known_token("eben")
    terms = [alternatives for alternatives, _ in profile_question("Wer hat das Papier unterschrieben?", lexical).units]
    assert ["eben"] not in terms  # 'unterschri|eben': the fragment would match every 'eben'


def test_a_german_question_without_a_single_word_of_the_documents_is_off_topic(settings):
    from assistant.answer.extractive import off_topic
    from assistant.answer.lexical import LexicalIndex
    from assistant.answer.question import profile_question

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    assert off_topic(profile_question("Wie backe ich einen Apfelkuchen?", lexical), english=False)
    assert not off_topic(profile_question("Wann war die Konferenz in Kiel?", lexical), english=False)
    assert not off_topic(profile_question("Wie backe ich einen Apfelkuchen?", lexical), english=True)  # vectors decide


def test_a_bm25_only_passage_whose_vector_cannot_be_read_keeps_a_cosine_at_the_dense_lists_floor(settings):
    """A chunk another process has just written may have no readable vector in this one: under the reranker's dense
    weight a cosine of 0 would bury it; it gets the lowest cosine the dense search returned."""
    from types import SimpleNamespace

    from assistant.answer.retrieval import Passage
    from assistant.core.types import StoredChunk

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    stored = store.get([c.id for c in store.all_chunks()][:1], with_embeddings=True)[0]
    readable = Passage(StoredChunk(stored.id, stored.text, stored.metadata))
    unreadable = Passage(StoredChunk("neu-0", "Die Musterstadt baut 2028 ein Rechenzentrum.", {"doc_id": "neu"}))
    query = e.embed_query("Wann fand die Regionalkonferenz in Kiel statt?")
    retriever = SimpleNamespace(index=store)
    HybridRetriever._fill_dense_scores(retriever, [readable, unreadable], query, known_cosines=[0.83, 0.81, 0.79])
    assert readable.dense == float(np.asarray(stored.embedding, dtype=np.float32) @ np.asarray(query, dtype=np.float32))
    assert unreadable.dense == 0.79


def test_a_count_question_counts_the_word_after_how_many_even_one_the_documents_never_use(settings):
    from assistant.answer.lexical import LexicalIndex
    from assistant.answer.question import profile_question

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    known = profile_question("Wie viele Regionalkonferenzen gab es?", lexical)
    assert known.units[known.counted][0] == ["regionalkonferenz"]
    unknown = profile_question("Wie viele Leute kamen zur Regionalkonferenz in Kiel?", lexical)
    assert unknown.units[unknown.counted][0] == ["?leute"]  # not the next known word: conferences are not people
    assert profile_question("Wie viele gab es?", lexical).counted is None


def test_a_count_question_knows_what_it_counts_in_every_inflection(settings):
    from assistant.answer.lexical import LexicalIndex
    from assistant.answer.question import profile_question

    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    lexical = LexicalIndex(store, check_every=3600.0, persist=False)
    for question in ("Wie viele Regionalkonferenzen gab es?", "In wie vielen Regionalkonferenzen ging es um Bildung?",
                     "Wieviele Regionalkonferenzen gab es?", "How many Regionalkonferenzen were there?"):
        profile = profile_question(question, lexical)
        assert profile.counted is not None and profile.units[profile.counted][0] == ["regionalkonferenz"], question
