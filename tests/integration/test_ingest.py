"""Ingest into a real Chroma in tmp_path: idempotent, change and removal, bad files, lock, metadata."""

import pytest

from assistant.core.errors import IngestLockedError
from assistant.store.chroma import ChunkIndex
from ingest.pipeline import ingest_lock, ingest_paths
from tests.contracts import check_index_contract


def _docs(index):
    out = {}
    for c in index.all_chunks(include_text=False):
        out.setdefault(c.metadata["doc_id"], []).append(c)
    return out


def test_reingest_is_idempotent(settings, small_corpus):
    first = ingest_paths([small_corpus], settings)
    assert first.total("added") > 30 and not first.skipped
    index = ChunkIndex(settings)
    ids_before = sorted(c.id for c in index.all_chunks(include_text=False))
    second = ingest_paths([small_corpus], settings)
    assert second.total("added") == 0 and second.total("removed") == 0
    assert second.total("kept") == first.total("added")
    assert sorted(c.id for c in index.all_chunks(include_text=False)) == ids_before


def test_changed_file_replaces_its_chunks_and_removed_file_is_deleted(settings, small_corpus):
    ingest_paths([small_corpus], settings)
    paper = small_corpus / "positionspapier_digitale_agenda_kommunen_2016.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n\n## Nachtrag\n\nDie zehnte Konferenz fand in Musterstadt statt.\n", encoding="utf-8")
    report = ingest_paths([small_corpus], settings)
    changed = next(f for f in report.files if f.doc_id == "positionspapier-2016")
    assert changed.status == "geändert" and 1 <= changed.added <= 3 and changed.kept > 20
    index = ChunkIndex(settings)
    texts = [c.text for c in index.all_chunks() if c.metadata["doc_id"] == "positionspapier-2016"]
    assert any("Musterstadt" in t for t in texts)
    (small_corpus / "bund_erechv_e-rechnungsverordnung.md").unlink()
    report = ingest_paths([small_corpus], settings)
    assert any(f.status == "entfernt" and f.doc_id == "erechv" for f in report.files)
    assert "erechv" not in _docs(index) and "positionspapier-2016" in _docs(index)


def test_a_newer_reader_reads_its_files_again_and_keeps_unchanged_chunks(settings, small_corpus, monkeypatch):
    import ingest.pipeline as pipeline

    first = ingest_paths([small_corpus], settings)
    newer = pipeline.reader_version  # a release whose Markdown reader reads differently
    monkeypatch.setattr(pipeline, "reader_version", lambda path: newer(path) + (path.suffix == ".md"))
    report = ingest_paths([small_corpus], settings)
    by_doc = {f.doc_id: f for f in report.files}
    assert by_doc["positionspapier-2016"].status == "geändert" and by_doc["positionspapier-2016"].added == 0
    assert by_doc["berlin-citylab-2019"].status == "unverändert"  # a PDF: its reader did not change
    assert report.total("added") == 0 and report.total("removed") == 0 and report.total("kept") == first.total("added")
    assert all(f.status == "unverändert" for f in ingest_paths([small_corpus], settings).files)


def test_bad_files_are_skipped_and_the_rest_ingests(settings, small_corpus):
    (small_corpus / "leer.txt").write_bytes(b"")
    (small_corpus / "kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (small_corpus / "daten.bin").write_bytes(b"\x00\x01")
    (small_corpus / "notiz.txt").write_text("Die Stadt Musterhausen plant ein Bürgerportal für 2027.", encoding="utf-8")
    report = ingest_paths([small_corpus], settings)
    skipped = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.skipped}
    assert set(skipped) == {"leer.txt", "kaputt.pdf", "daten.bin"}
    assert "leere Datei" in skipped["leer.txt"] and "unbekannter Dateityp" in skipped["daten.bin"]
    docs = _docs(ChunkIndex(settings))
    assert {"positionspapier-2016", "erechv", "berlin-citylab-2019", "notiz"} <= set(docs)
    note = docs["notiz"][0].metadata
    assert note["title"].startswith("Die Stadt Musterhausen") and note["kind"] == "Dokument"


def test_pdf_chunk_metadata(settings, small_corpus):
    ingest_paths([small_corpus], settings)
    chunks = ChunkIndex(settings).all_chunks()
    berlin = [c for c in chunks if c.metadata["doc_id"] == "berlin-citylab-2019"]
    assert {c.metadata["page_label"] for c in berlin} == {"1", "2", "3", "4", "5", "6"}
    funding = next(c for c in berlin if "bis zu 90 %" in c.text)
    m = funding.metadata
    assert (m["page_index"], m["page_label"], m["kind"], m["date"]) == (2, "3", "Richtlinie", "2019-07-25")
    assert m["title"] == "Förderrichtlinie CityLAB Berlin" and "Höhe der Förderung" in m["section"]
    assert m["end"] - m["start"] == len(funding.text)


def test_second_ingest_refuses_while_locked(settings, small_corpus):
    with ingest_lock(settings):
        with pytest.raises(IngestLockedError) as info:
            ingest_paths([small_corpus], settings)
    assert "anderer Ingest" in str(info.value)
    assert ChunkIndex(settings).count() == 0


def test_index_contract(settings, embedder):
    """store/retrieve/update/delete behave as the rest of the product expects (embedded client)."""
    check_index_contract(settings, embedder)
