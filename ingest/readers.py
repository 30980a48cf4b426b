"""Read PDF, Markdown, text, DOCX and HTML files into cleaned text with sections and page spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ingest.cleaning import (
    find_running_lines,
    join_broken_paragraphs,
    join_hyphenated,
    normalize_unicode,
    remove_running_lines,
    unwrap_lines,
    _looks_like_heading,
    _SENTENCE_END,
)

SUPPORTED_SUFFIXES = {".pdf", ".md", ".markdown", ".txt", ".text", ".docx", ".html", ".htm"}
GENERIC_TITLES = {"powerpoint-präsentation", "powerpoint presentation", "untitled", "unbenannt", "folie 1"}


class UnreadableFileError(Exception):
    """A file that cannot be turned into text; the message is the German reason shown to the user."""


@dataclass
class Section:
    """A span of the document text under one heading chain (or one slide)."""

    start: int
    end: int
    path: str


@dataclass
class PageSpan:
    """Where one PDF page's text lies in the document text."""

    start: int
    end: int
    index: int
    label: str


@dataclass
class ParsedDocument:
    """Cleaned text of one file with its structure and whatever metadata the file itself gives."""

    text: str
    sections: list[Section]
    pages: list[PageSpan] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    page_count: int = 0
    is_slides: bool = False


def read_document(path: Path) -> ParsedDocument:
    """Parse any supported file; raises UnreadableFileError with a German reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFileError(f"unbekannter Dateityp '{suffix or '(ohne Endung)'}'")
    if path.stat().st_size == 0:
        raise UnreadableFileError("leere Datei (0 Bytes)")
    if suffix == ".pdf":
        doc = read_pdf(path)
    elif suffix == ".docx":
        doc = parse_markdown(docx_to_markdown(path))
    elif suffix in {".html", ".htm"}:
        doc = parse_markdown(html_to_markdown(decode_text(path.read_bytes())))
    elif suffix in {".txt", ".text"}:
        doc = parse_markdown(decode_text(path.read_bytes()), markdown=False)
    else:
        doc = parse_markdown(decode_text(path.read_bytes()))
    if not re.search(r"\w{2,}", doc.text):
        raise UnreadableFileError("kein lesbarer Text enthalten")
    return doc


# --------------------------------------------------------------------------- plain text


def decode_text(data: bytes) -> str:
    """Decode UTF-8, else detect cp1252/latin-1; refuse binary data."""
    if b"\x00" in data[:8192]:
        raise UnreadableFileError("Binärdaten, keine Textdatei")
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and controls / len(sample) > 0.05:
        raise UnreadableFileError("Binärdaten, keine Textdatei")
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding.lower().replace("_", "") in {"cp1252", "latin1", "iso88591", "iso885915", "macroman"}:
        return str(best)
    return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- markdown

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?(br|div|span|p|sup|sub|a|img|u|b|i|em|strong)\b[^>]*>", re.I)


def _strip_inline(line: str, markdown: bool = True) -> str:
    """Remove Markdown emphasis, images, links and inline HTML tags, keeping the visible text (plain text stays as is)."""
    if not markdown:
        return line.rstrip()
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _HTML_TAG.sub(" ", line)
    line = line.replace("**", "").replace("__", "")
    line = re.sub(r"^\s*>\s?", "", line)
    line = re.sub(r"^\s*[›»]\s+", "", line)
    return re.sub(r" {2,}", " ", line).rstrip()


def parse_markdown(raw: str, markdown: bool = True) -> ParsedDocument:
    """Markdown (or plain text, markdown=False) to cleaned text with a section per heading chain."""
    raw = _HTML_COMMENT.sub("", normalize_unicode(raw))
    raw = join_broken_paragraphs(join_hyphenated(raw))
    title: str | None = None
    date: str | None = None
    out: list[str] = []
    pos = 0
    chain: list[tuple[int, str]] = []
    sections: list[Section] = []
    current_start, current_path = 0, ""

    def close_section(end: int) -> None:
        if end > current_start:
            sections.append(Section(current_start, end, current_path))

    for line in raw.split("\n"):
        if line.startswith("% "):  # pandoc title block
            value = line[2:].strip()
            if value.lower().startswith("ausfertigungsdatum:"):
                date = date or value.split(":", 1)[1].strip()
            elif title is None:
                title = re.sub(r"\s+", " ", value)
            line = value
        heading = _MD_HEADING.match(line)
        text_line = _strip_inline(heading.group(2) if heading else line, markdown).strip()
        if heading and text_line:
            level = len(heading.group(1))
            close_section(pos)
            chain = [(lvl, name) for lvl, name in chain if lvl < level] + [(level, text_line)]
            current_start, current_path = pos, " › ".join(name for _, name in chain)
            if title is None and level == 1:
                title = text_line
        if not text_line and out and out[-1] == "":
            continue
        out.append(text_line)
        pos += len(text_line) + 1
    text = "\n".join(out).strip("\n")
    close_section(len(text))
    sections = [Section(s.start, min(s.end, len(text)), s.path) for s in sections if s.start < len(text)]
    if not sections:
        sections = [Section(0, len(text), "")]
    if title is None:
        first = next((ln for ln in out if re.search(r"\w{3,}", ln)), None)
        title = first[:120] if first else None
    return ParsedDocument(text=text, sections=sections, title=title, date=date)


# --------------------------------------------------------------------------- HTML and DOCX


class _HTMLToMarkdown(HTMLParser):
    """Collect visible text, turning h1–h6 into Markdown headings and blocks into lines."""

    BLOCKS = {"p", "div", "li", "tr", "br", "section", "article", "table", "ul", "ol", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "noscript", "template"}:
            self.skip += 1
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "noscript", "template"}:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self._in_title = False
        elif re.fullmatch(r"h[1-6]", tag) or tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Visible text of an HTML page as Markdown-like lines."""
    parser = _HTMLToMarkdown()
    parser.feed(html)
    body = "".join(parser.parts)
    body = re.sub(r"[ \t]*\n[ \t]*", "\n", body)
    if parser.title and not re.search(r"^# ", body, re.M):
        body = f"# {parser.title}\n\n{body}"
    return body


def docx_to_markdown(path: Path) -> str:
    """Paragraphs of a DOCX file with Heading/Überschrift styles as Markdown headings; tables as rows."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise UnreadableFileError("python-docx ist nicht installiert") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
        raise UnreadableFileError(f"DOCX-Datei beschädigt oder kein DOCX ({type(exc).__name__})") from exc
    lines: list[str] = []
    core_title = (document.core_properties.title or "").strip()
    if core_title:
        lines.append(f"% {core_title}")
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        match = re.match(r"(Heading|Überschrift)\s*(\d)", style)
        text = paragraph.text.strip()
        if not text:
            lines.append("")
        elif match:
            lines.extend(["", "#" * int(match.group(2)) + " " + text, ""])
        elif style.lower() == "title" or style == "Titel":
            lines.extend(["", "# " + text, ""])
        else:
            lines.extend([text, ""])
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- PDF


def _pdf_date(raw) -> str | None:
    """'D:20200813173559+02'00'' -> '2020-08-13'."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", str(raw or ""))
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def read_pdf(path: Path) -> ParsedDocument:
    """Text of a PDF page by page, with running headers removed, hyphenation joined and page spans kept."""
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

    sections = _slide_sections(text, spans) if is_slides else _numbered_sections(text)
    title = meta_title if meta_title and meta_title.lower() not in GENERIC_TITLES else None
    if title is None:
        first = next((ln.strip() for ln in text.split("\n") if re.search(r"\w{3,}", ln)), "")
        title = first[:120] or path.stem
    return ParsedDocument(
        text=text, sections=sections, pages=spans, title=title, date=meta_date,
        page_count=len(pages), is_slides=is_slides,
    )


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
