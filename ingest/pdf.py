"""Read a PDF into cleaned text with page spans, slide or numbered sections, title and date."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.cleaning import (
    _SENTENCE_END,
    find_running_lines,
    join_hyphenated,
    normalize_unicode,
    remove_running_lines,
    unwrap_lines,
    _looks_like_heading,
)
from ingest.document import GENERIC_TITLES, PageSpan, ParsedDocument, Section, UnreadableFileError


def _pdf_date(raw) -> str | None:
    """'D:20200813173559+02'00'' -> '2020-08-13'."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(raw or ""))
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def _open_pdf(path: Path) -> tuple[list[str], list[str], str, str, str | None]:
    """Raw page texts, page labels, metadata title, producer and date; UnreadableFileError with a German reason."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableFileError("PDF ist verschlüsselt (Passwort nötig)")
            except UnreadableFileError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise UnreadableFileError("PDF ist verschlüsselt (Passwort nötig)") from exc
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        try:
            labels = list(reader.page_labels)
        except Exception:  # noqa: BLE001 - broken label trees are common
            labels = []
        metadata = reader.metadata or {}
        meta_title = str(metadata.get("/Title") or "").strip()
        producer = str(metadata.get("/Producer") or "") + str(metadata.get("/Creator") or "")
        meta_date = _pdf_date(metadata.get("/CreationDate"))
    except UnreadableFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise UnreadableFileError(f"PDF beschädigt oder abgeschnitten ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise UnreadableFileError(f"PDF nicht lesbar ({type(exc).__name__})") from exc
    if not raw_pages:
        raise UnreadableFileError("PDF enthält keine Seiten")
    if not any(re.search(r"\w{2,}", p) for p in raw_pages):
        raise UnreadableFileError("PDF enthält keinen Text (gescannt? OCR nötig)")
    return raw_pages, labels, meta_title, producer, meta_date


def read_pdf(path: Path) -> ParsedDocument:
    """Text of a PDF page by page, with running headers removed, hyphenation joined and page spans kept."""
    raw_pages, labels, meta_title, producer, meta_date = _open_pdf(path)
    pages = [normalize_unicode(p) for p in raw_pages]
    running = find_running_lines(pages)
    pages = [remove_running_lines(p, running) for p in pages]
    average = sum(len(p) for p in pages) / len(pages)
    is_slides = "powerpoint" in producer.lower() or "impress" in producer.lower() or average < 700
    pages = [join_hyphenated(p) for p in pages]
    if not is_slides:
        pages = [unwrap_lines(p) for p in pages]
    else:
        pages = [join_dangling_lines(p) for p in pages]
    pages = [re.sub(r"\n{3,}", "\n\n", p).strip() for p in pages]

    text, spans = _join_pages(pages, labels, is_slides)
    sections = _slide_sections(text, spans) if is_slides else _numbered_sections(text)
    title = meta_title if meta_title and meta_title.lower() not in GENERIC_TITLES else None
    if title is None:
        first = next((ln.strip() for ln in text.split("\n") if re.search(r"\w{3,}", ln)), "")
        title = first[:120] or path.stem
    return ParsedDocument(
        text=text, sections=sections, pages=spans, title=title, date=meta_date,
        page_count=len(pages), is_slides=is_slides,
    )


def _join_pages(pages: list[str], labels: list[str], is_slides: bool) -> tuple[str, list[PageSpan]]:
    """One text with a span per page; a sentence broken across pages is joined again."""
    text = ""
    spans: list[PageSpan] = []
    for index, page in enumerate(pages):
        label = labels[index] if index < len(labels) else str(index + 1)
        if text and page:
            if not is_slides and re.search(r"\w[-‐]$", text) and page[:1].islower():
                text = text[:-1]
                spans[-1].end = min(spans[-1].end, len(text))
            elif not is_slides and not _SENTENCE_END.search(text) and page[:1].islower():
                text += " "
            else:
                text += "\n\n"
        spans.append(PageSpan(len(text), len(text) + len(page), index, label))
        text += page
    return text, spans


_DANGLING = re.compile(
    r"\b(der|die|das|den|dem|des|ein|eine|einer|eines|und|oder|von|vom|für|mit|zu|zur|zum|in|im|am|an|auf|bei|über|nach|aus|als|bis|sowie|einschließlich)[ \t]*\n(?=\S)",
    re.I,
)


def join_dangling_lines(page: str) -> str:
    """On slides, a line ending in an article or preposition continues on the next line ('Fachexkursion der\nVerwaltung')."""
    return _DANGLING.sub(lambda m: m.group(1) + " ", page)


def _slide_sections(text: str, spans: list[PageSpan]) -> list[Section]:
    """One section per slide, named by its first line."""
    sections = []
    for span in spans:
        if span.end <= span.start:
            continue
        first_line = text[span.start : span.end].split("\n", 1)[0].strip()
        sections.append(Section(span.start, span.end, f"Folie {span.label}: {first_line[:80]}"))
    return sections or [Section(0, len(text), "")]


def _numbered_sections(text: str) -> list[Section]:
    """Sections at numbered heading lines ('5.3 Höhe der Förderung', '§ 4 …'), nested by numbering depth."""
    sections: list[Section] = []
    chain: list[tuple[int, str]] = []
    start, path = 0, ""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and _looks_like_heading(stripped):
            number = stripped.split()[0].rstrip(".")
            depth = number.count(".") + 1 if number[:1].isdigit() else 1
            if pos > start:
                sections.append(Section(start, pos, path))
            chain = [(d, n) for d, n in chain if d < depth] + [(depth, stripped)]
            start, path = pos, " › ".join(n for _, n in chain)
        pos += len(line) + 1
    if len(text) > start:
        sections.append(Section(start, len(text), path))
    return sections
