"""Gated re-index (a worse setting is not switched to) and export/import of a collection."""

import shutil

import pytest

from assistant.app.reindex import prune, reindex
from assistant.store.pointer import active_collection
from assistant.answer.engine import AnswerEngine
from assistant.core.errors import InputError
from assistant.store.chroma import ChunkIndex, make_client
from assistant.store.transfer import export_collection, import_collection
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


def test_reindex_switches_only_when_the_gate_passes(tmp_path, model_path, corpus_settings, embedder):
    shutil.copytree(corpus_settings.data_dir / "chroma", tmp_path / "data" / "chroma")
    good = make_settings(tmp_path / "data", model_path)
    report = reindex(good, embedder=embedder)
    assert report.switched and report.failures == []
    client = make_client(good)
    assert active_collection(good, client) == good.collection_name()

    worse = good.with_overrides(**{"chunk_tokens": 40, "chunk_overlap_tokens": 0})
    assert worse.collection_name() != good.collection_name()
    report = reindex(worse, embedder=embedder)
    assert not report.switched and report.failures
    assert active_collection(worse, make_client(worse)) == good.collection_name()
    # serving (even with the worse settings in the environment) stays on the collection that passed
    assert AnswerEngine(worse, embedder=embedder).index.name == good.collection_name()
    removed = prune(worse)
    assert worse.collection_name() in removed and good.collection_name() not in removed


def test_export_import_round_trip(tmp_path, model_path, corpus_settings, embedder):
    backup = tmp_path / "sicherung.jsonl"
    count = export_collection(corpus_settings, backup)
    assert count > 1000
    target = make_settings(tmp_path / "neu", model_path)
    assert import_collection(target, backup) == count
    original = {c.id: c.metadata for c in ChunkIndex(corpus_settings).all_chunks(include_text=False)}
    restored = {c.id: c.metadata for c in ChunkIndex(target).all_chunks(include_text=False)}
    assert restored == original
    answer = AnswerEngine(target, embedder=embedder).answer("Wann fand die Regionalkonferenz in Kiel statt?")
    assert "27.01.2016" in answer.answer
    other = make_settings(tmp_path / "anders", model_path, chunk_tokens=300)
    with pytest.raises(InputError):
        import_collection(other, backup)
