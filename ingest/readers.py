"""Read PDF, Markdown, text, DOCX and HTML files into cleaned text with sections and page spans."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from assistant.core.markup import FOOTNOTE_DEFINITION, HEADING_LINE
from ingest.cleaning import join_broken_paragraphs, join_hyphenated, normalize_unicode
from ingest.document import GENERIC_TITLES, PageSpan, ParsedDocument, Section, UnreadableFileError  # noqa: F401 - re-exported
from ingest.myst import resolve_fences

SUPPORTED_SUFFIXES = {".pdf", ".md", ".markdown", ".txt", ".text", ".docx", ".html", ".htm"}
# What a reader makes of a format changes now and then; the index stores the version each document was read with
# and reads the file again when it is older. 2: MyST fences (a toctree as the list of its chapters, ingest/myst.py);
# 3: footnote definitions at the end (footnotes_last); 4: no table rule lines ('-------- | --------'); 5 (and 2 for
# PDF and plain text): chunks remember the white space before them (a sentence cut between two chunks is whole again).
MARKUP_READER_VERSION = 5
_PLAIN_READER_VERSION = 2


def reader_version(path: Path) -> int:
    """The version of the reader for this file's format (Markdown, HTML and DOCX go through the Markdown reader)."""
    return _PLAIN_READER_VERSION if path.suffix.lower() in {".pdf", ".txt", ".text"} else MARKUP_READER_VERSION


def read_document(path: Path) -> ParsedDocument:
    """Parse any supported file; raises UnreadableFileError with a German reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFileError(f"unbekannter Dateityp '{suffix or '(ohne Endung)'}'")
    if path.stat().st_size == 0:
        raise UnreadableFileError("leere Datei (0 Bytes)")
    if suffix == ".pdf":
        doc = _read_pdf(path)
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

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?(br|div|span|p|sup|sub|a|img|u|b|i|em|strong)\b[^>]*>", re.I)


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
FOOTNOTES_HEADING = "Fußnoten"


def footnotes_last(raw: str) -> str:
    """Footnote definitions ('[^12]: Stadt Ulm, 2019: …', with their indented continuation lines) moved to the end
    of their chapter (the level-1 section, whose file they belonged to), under a heading of their own, where
    Markdown shows them: in the text they stood between a paragraph and the list it announces, and came up as
    answers of their own."""
    if "[^" not in raw:
        return raw
    chapters: list[tuple[list[str], list[str]]] = [([], [])]
    in_note = False
    for line in raw.split("\n"):
        if line.startswith("# ") and chapters[-1][0]:
            chapters.append(([], []))
        text, notes = chapters[-1]
        if FOOTNOTE_DEFINITION.match(line):
            notes.append(line.rstrip())
            in_note = True
        elif in_note and line.startswith(("    ", "\t")) and line.strip():
            notes[-1] += " " + line.strip()
        else:
            in_note = False
            text.append(line)
    if not any(notes for _, notes in chapters):
        return raw  # footnote marks without definitions: nothing to move
    out = []
    for text, notes in chapters:
        body = "\n".join(text).rstrip("\n")
        out.append(body + (f"\n\n## {FOOTNOTES_HEADING}\n\n" + "\n\n".join(notes) if notes else ""))
    return "\n\n".join(out) + "\n"


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
    if markdown:
        raw = footnotes_last(resolve_fences(raw))
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
        if _TABLE_RULE.match(line):
            continue  # the line under a table's header ('-------- | --------') is markup, not a row
        if line.startswith("% "):  # pandoc title block
            value = line[2:].strip()
            if value.lower().startswith("ausfertigungsdatum:"):
                date = date or value.split(":", 1)[1].strip()
            elif title is None:
                title = re.sub(r"\s+", " ", value)
            line = value
        heading = HEADING_LINE.match(line)
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


def _read_pdf(path: Path) -> ParsedDocument:
    from ingest.pdf import read_pdf

    return read_pdf(path)
