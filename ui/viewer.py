"""A cited document as one HTML page: its text rebuilt from the indexed passages, light Markdown, the passage marked."""

from __future__ import annotations

import html
import re

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def document_text(chunks: list) -> tuple[str, dict[str, tuple[int, int]]]:
    """The cleaned document text from overlapping passages (by their offsets) and each passage's span in it."""
    text, spans = "", {}
    for c in sorted(chunks, key=lambda c: (int(c.metadata.get("start") or 0), int(c.metadata.get("chunk_index", 0)))):
        start = int(c.metadata.get("start") or 0)
        if start > len(text):
            text += "\n\n"
            start = len(text)
        overlap = len(text) - start
        text += c.text[overlap:] if overlap < len(c.text) else ""
        spans[c.id] = (start, start + len(c.text))
    return text, spans


def _line_html(line: str, offset: int, span: tuple[int, int] | None, first_mark: list[bool]) -> str:
    """One line, escaped, with the part inside the span marked."""
    if span is None or span[1] <= offset or span[0] >= offset + len(line):
        return html.escape(line)
    a, b = max(span[0] - offset, 0), min(span[1] - offset, len(line))
    anchor = ' id="markiert"' if first_mark[0] else ""
    first_mark[0] = False
    return html.escape(line[:a]) + f"<mark{anchor}>" + html.escape(line[a:b]) + "</mark>" + html.escape(line[b:])


def document_page(chunks: list, chunk_id: str = "", quote: tuple[int, int] | None = None) -> str:
    """The document as HTML; the cited quote (offsets inside the passage) or else the whole passage is marked."""
    meta = chunks[0].metadata
    text, spans = document_text(chunks)
    span = spans.get(chunk_id)
    if span and quote and 0 <= quote[0] < quote[1] <= span[1] - span[0]:
        span = (span[0] + quote[0], span[0] + quote[1])
    first_mark, parts, offset, in_list = [True], [], 0, False
    for line in text.split("\n"):
        stripped, body_offset = line.strip(), offset + (len(line) - len(line.lstrip()))
        heading = HEADING.match(stripped)
        is_item = stripped.startswith(("- ", "* "))
        if in_list and not is_item:
            parts.append("</ul>")
            in_list = False
        if heading:
            level = len(heading.group(1))
            shift = body_offset + len(stripped) - len(heading.group(2))
            parts.append(f"<h{level}>{_line_html(heading.group(2), shift, span, first_mark)}</h{level}>")
        elif is_item:
            parts.append(("" if in_list else "<ul>") + f"<li>{_line_html(stripped[2:], body_offset + 2, span, first_mark)}</li>")
            in_list = True
        elif stripped:
            parts.append(f"<p>{_line_html(stripped, body_offset, span, first_mark)}</p>")
        offset += len(line) + 1
    if in_list:
        parts.append("</ul>")
    title = html.escape(meta.get("title", "") or meta.get("doc_id", ""))
    info = " · ".join(html.escape(str(meta.get(k, ""))) for k in ("issuer", "date", "kind") if meta.get(k))
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"><title>{title}</title><style>{STYLE}</style></head><body><header><h1>{title}</h1>'
            f'<p class="info">{info}</p></header><main>{"".join(parts)}</main></body></html>')


STYLE = """body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
max-width: 48rem; margin: 0 auto; padding: 1rem; line-height: 1.5; color: #1f2328; }
.info { color: #57606a; } mark { background: #fff3b0; padding: 0 2px; } h1 { font-size: 1.5rem; }"""
