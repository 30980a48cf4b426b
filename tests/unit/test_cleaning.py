"""Cleaning on the real corpus files: Unicode, hyphenation, running headers, broken paragraphs."""

from ingest.cleaning import join_broken_paragraphs, join_hyphenated, normalize_unicode
from ingest.readers import read_document
from tests.conftest import CORPUS


def test_unicode_normalisation():
    text = normalize_unicode("Digi\u00adtalisierung\u00a0in Ko\u0308ln\r\n")
    assert text == "Digitalisierung in Köln\n"


def test_line_end_hyphenation():
    assert join_hyphenated("ver-\ntreten") == "vertreten"
    assert join_hyphenated("E-\nGovernment") == "E-Government"


def test_berlin_pdf_hyphenation_and_footers():
    doc = read_document(CORPUS / "berlin_foerderrichtlinie_citylab_2019.pdf")
    assert "Das Land Berlin, vertreten durch" in doc.text
    assert "ver-" not in doc.text
    assert "! 1" not in doc.text and "! 6" not in doc.text
    assert doc.page_count == 6 and [p.label for p in doc.pages] == ["1", "2", "3", "4", "5", "6"]


def test_ulm_slides_running_header_removed():
    doc = read_document(CORPUS / "ulm4clevercity_ueberblick_2020.pdf")
    assert "DIGITALE AGENDA | STADT ULM" not in doc.text
    assert "Fördervolumen: 8 Mio €" in doc.text
    assert doc.is_slides and doc.sections[2].path.startswith("Folie 3")


def test_position_paper_page_breaks_do_not_split_sentences():
    doc = read_document(CORPUS / "positionspapier_digitale_agenda_kommunen_2016.md")
    assert "Ratgeber für Länder und Bund bei der Gestaltung des digitalen Wandels sind" in doc.text
    assert "im föderalen System" in doc.text
    assert "durch Kooperation und Erfahrungsaustausch" in doc.text
    assert "›" not in doc.text and "**" not in doc.text


def test_hyphen_before_capital_kept_across_page_break():
    assert join_broken_paragraphs("des E-Government-\n\nGesetzes") == "des E-Government-Gesetzes"
