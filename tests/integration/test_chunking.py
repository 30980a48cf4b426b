"""Chunks respect the model's token window, sections, pages and sentence boundaries."""

from assistant.core.settings import PASSAGE_PREFIX
from ingest.chunking import MODEL_MAX_TOKENS, chunk_document, embed_text
from ingest.readers import read_document
from assistant.core.sentences import split_sentences
from tests.conftest import CORPUS


def test_no_chunk_exceeds_the_model_window(embedder):
    for name in ["ulm_smart_city_strategie_2021.md", "sachsen_rl_digitale_offensive_breitband.md"]:
        doc = read_document(CORPUS / name)
        chunks = chunk_document(doc, doc.title, embedder.count_tokens, 200, 40)
        texts = [PASSAGE_PREFIX + embed_text(doc.title, c.section, c.text) for c in chunks]
        sizes = embedder.count_tokens(texts)
        assert max(sizes) + 2 <= MODEL_MAX_TOKENS
        assert sum(sizes) / len(sizes) > 100  # chunks are filled, not fragments


def test_chunks_end_on_sentence_boundaries_and_stay_in_sections(embedder):
    doc = read_document(CORPUS / "bund_egovg_e-government-gesetz.md")
    chunks = chunk_document(doc, doc.title, embedder.count_tokens, 200, 40)
    ends = {b for a, b in split_sentences(doc.text)}
    # only sentences longer than a whole chunk are cut inside (at word boundaries)
    assert sum(c.end in ends for c in chunks) / len(chunks) > 0.95
    for c in chunks:
        section = next(s for s in doc.sections if s.start <= c.start < s.end)
        assert c.end <= section.end and c.section == section.path


def test_overlap_repeats_the_last_sentence(embedder):
    doc = read_document(CORPUS / "ulm_smart_city_strategie_2021.md")
    chunks = chunk_document(doc, doc.title, embedder.count_tokens, 200, 40)
    overlapping = [b for a, b in zip(chunks, chunks[1:]) if a.section == b.section and b.start < a.end]
    assert len(overlapping) > 10


def test_pdf_chunks_carry_pages(embedder):
    doc = read_document(CORPUS / "berlin_foerderrichtlinie_citylab_2019.pdf")
    chunks = chunk_document(doc, "Förderrichtlinie CityLAB Berlin", embedder.count_tokens, 200, 40)
    funding = next(c for c in chunks if "bis zu 90 % der zuwendungsfähigen Ausgaben" in c.text)
    assert funding.page_label == "3" and funding.page_index == 2
    assert "5.3 Höhe der Förderung" in funding.section
    assert doc.text[funding.start : funding.end] == funding.text
