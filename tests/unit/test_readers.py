"""Every supported format reads; every kind of bad file is refused with a German reason."""

import io

import pytest

from ingest.readers import UnreadableFileError, read_document
from tests.conftest import CORPUS


def _pdf_bytes(pages: int = 1, encrypt: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt(user_password=encrypt, owner_password=encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("leer.pdf", b"", "leere Datei"),
        ("abgeschnitten.pdf", (CORPUS / "berlin_foerderrichtlinie_citylab_2019.pdf").read_bytes()[:3000], "PDF"),
        ("gescannt.pdf", _pdf_bytes(3), "keinen Text"),
        ("geheim.pdf", _pdf_bytes(1, encrypt="geheim"), "verschlüsselt"),
        ("binaer.txt", bytes(range(256)) * 20, "Binärdaten"),
        ("tabelle.xlsx", b"PK\x03\x04 not really", "unbekannter Dateityp"),
        ("kaputt.docx", b"this is no zip file", "DOCX"),
    ],
)
def test_bad_files_are_refused_with_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as info:
        read_document(path)
    assert reason in str(info.value)


def test_cp1252_text_is_detected(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes("Die Förderhöhe beträgt 90 % für Maßnahmen in Köln.".encode("cp1252"))
    assert "Förderhöhe beträgt 90 % für Maßnahmen in Köln" in read_document(path).text


def test_docx_headings_become_sections(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Digitalstrategie Musterstadt", level=1)
    document.add_paragraph("Die Stadt führt die E-Akte bis 2025 ein.")
    document.add_heading("Breitband", level=2)
    document.add_paragraph("Alle Schulen erhalten Glasfaser.")
    path = tmp_path / "strategie.docx"
    document.save(path)
    doc = read_document(path)
    assert doc.title == "Digitalstrategie Musterstadt"
    assert any(s.path == "Digitalstrategie Musterstadt › Breitband" for s in doc.sections)
    assert "Alle Schulen erhalten Glasfaser." in doc.text


def test_html_scripts_dropped_headings_kept(tmp_path):
    path = tmp_path / "seite.html"
    path.write_text(
        "<html><head><title>Portal</title><script>alert(1)</script></head><body><h1>OZG-Umsetzung</h1>"
        "<p>Die Stadt bietet 120 Leistungen online an.</p><h2>Zeitplan</h2><p>Bis 2026.</p></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert "alert" not in doc.text
    assert "Die Stadt bietet 120 Leistungen online an." in doc.text
    assert any(s.path == "OZG-Umsetzung › Zeitplan" for s in doc.sections)


def test_law_markdown_title_and_date():
    doc = read_document(CORPUS / "bund_ozg_onlinezugangsgesetz.md")
    assert doc.title.startswith("Gesetz zur Verbesserung des Onlinezugangs")
    assert doc.date == "14.08.2017"
    assert any(s.path.startswith("§ 1a") for s in doc.sections)
