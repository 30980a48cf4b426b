"""Answers as HTML for the chat (paragraphs, lists, tables, [n] markers, sources) and as plain text for copying.

Uses `answer.blocks` (structured parts from the engine) when present and non-empty, else the answer text
(lines starting with "- " are list items). Every document and user text is escaped."""

from __future__ import annotations

import html
import re
import unicodedata
import uuid

from assistant.core.types import Answer

MARKER = re.compile(r"\[(\d+)\]")
FILTER_REFUSAL = "In den ausgewählten Dokumenten ({docs}) steht dazu nichts."


def german_sort_key(text: str) -> str:
    """DIN 5007-1 order: umlauts as their base letter, ß as ss, case-insensitive („Sächsisches“ before „Smart City“)."""
    folded = text.casefold().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def _get(block, key, default=None):
    return block.get(key, default) if isinstance(block, dict) else getattr(block, key, default)


def _with_markers(piece) -> str:
    """Text of a block or list item with its citation markers ([n] already in the text are kept as they are)."""
    if isinstance(piece, str):
        return piece
    text = str(_get(piece, "text", "") or "")
    numbers = [n for n in dict.fromkeys(_get(piece, "citations", None) or []) if f"[{n}]" not in text]
    return (text + " " + "".join(f"[{n}]" for n in numbers)).strip()


def answer_blocks(answer: Answer) -> list[dict]:
    """The answer's structure as {kind, text, title, items, rows} with markers in the texts: the engine's blocks
    (paragraph, list of items, table of rows) when present, else paragraphs and "- " lists read from the text."""
    blocks = getattr(answer, "blocks", None)
    if blocks:
        return [{"kind": _get(b, "kind", "paragraph"), "text": _with_markers(b), "title": str(_get(b, "title", "") or ""),
                 "items": [_with_markers(i) for i in _get(b, "items", None) or []],
                 "rows": [[str(c) for c in row] for row in _get(b, "rows", None) or []]} for b in blocks]
    parsed: list[dict] = []
    for line in answer.answer.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "• ", "* ")):
            if not parsed or parsed[-1]["kind"] != "list":
                parsed.append({"kind": "list", "items": [], "text": "", "title": "", "rows": []})
            parsed[-1]["items"].append(line[2:].strip())
        else:
            parsed.append({"kind": "paragraph", "text": line, "items": [], "title": "", "rows": []})
    return parsed


def _inline(text: str) -> str:
    """Escaped text with [n] markers as links to their source."""
    return MARKER.sub(lambda m: f'<a class="marker" href="#quelle-{m.group(1)}">[{m.group(1)}]</a>',
                      html.escape(str(text)))


def blocks_html(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if block["kind"] == "list":
            title = f'<p class="listentitel">{_inline(block["title"])}</p>' if block["title"] else ""
            parts.append(title + "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in block["items"]) + "</ul>")
        elif block["kind"] == "table" and block["rows"]:
            head, *body = block["rows"]
            parts.append("<table><thead><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr></thead><tbody>"
                         + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in body)
                         + "</tbody></table>")
        elif block["text"]:
            parts.append(f"<p>{_inline(block['text'])}</p>")
    return "".join(parts)


def short_section(citation) -> str:
    """The section path without the document title (it stands in the card's heading already)."""
    parts = [p.strip() for p in re.split(r"\s*›\s*", citation.section or "") if p.strip()]
    return " › ".join(p for p in parts if p.casefold() != citation.title.casefold())


def document_link(citation) -> str:
    """Where „Dokument öffnen“ leads: the PDF at its page, or the text view with the passage highlighted."""
    if citation.page_index is not None:
        return f"/dokumente/{citation.doc_id}/datei#page={citation.page_index + 1}"
    return (f"/dokumente/{citation.doc_id}/ansicht?abschnitt={citation.chunk_id}"
            f"&von={citation.quote_start}&bis={citation.quote_end}#markiert")


def source_cards(answer: Answer, prefix: str = "quelle") -> str:
    cards = []
    for c in answer.citations:
        text = c.text
        passage = (html.escape(text[: c.quote_start]) + "<mark>" + html.escape(text[c.quote_start : c.quote_end])
                   + "</mark>" + html.escape(text[c.quote_end :]))
        meta = " · ".join(html.escape(x) for x in [c.kind, c.date, f"S. {c.page}" if c.page else "", short_section(c)] if x)
        cards.append(
            f'<div class="quelle" id="{prefix}-{c.n}"><div class="kopf">[{c.n}] {html.escape(c.title)}</div>'
            f'<div class="ort">{meta}</div><blockquote>{passage}</blockquote>'
            f'<a class="oeffnen" href="{html.escape(document_link(c))}" target="_blank" rel="noopener">Dokument öffnen</a> '
            f'<a class="zurueck" href="#">↑ zur Antwort</a></div>'
        )
    return "".join(cards)


def refusal_text(answer: Answer, filter_titles: list[str]) -> str:
    if filter_titles:
        return FILTER_REFUSAL.format(docs=", ".join(f"„{t}“" for t in filter_titles))
    return answer.answer


def suggestions_html(answer: Answer) -> str:
    items = "".join(
        f"<li>{html.escape(s.title)}" + (f" › {html.escape(s.section)}" if s.section else "")
        + (f", S. {html.escape(s.page)}" if s.page else "") + "</li>" for s in answer.suggestions)
    return f"<p>Nächstliegende Abschnitte:</p><ul>{items}</ul>" if items else ""


def message_html(answer: Answer, filter_titles: list[str] | None = None) -> str:
    """One chat message: structured answer, collapsible sources (shown on narrow screens), a copy button."""
    mid = uuid.uuid4().hex[:8]
    if answer.abstained:
        body = f'<p class="verweigert">{html.escape(refusal_text(answer, filter_titles or []))}</p>'
        if filter_titles:
            body += '<p class="hinweis">Über „In allen Dokumenten suchen“ die Frage ohne Filter stellen.</p>'
        return f'<div class="antwort" id="a{mid}">{body}</div>'.replace("\n", " ")
    sources = (f'<details class="quellen-mobil"><summary>Quellen ({len(answer.citations)})</summary>'
               f"{source_cards(answer, prefix='q' + mid)}</details>") if answer.citations else ""
    notes = "".join(f"<p class='ort'>{html.escape(n)}</p>" for n in answer.notes)
    message = (f'<div class="antwort" id="a{mid}">{blocks_html(answer_blocks(answer))}{notes}{sources}'
               f'<button type="button" class="kopieren">Kopieren</button></div>')
    return message.replace("\n", "<br>")  # one HTML block for the chat's Markdown renderer (a blank line would end it)


def sources_html(answer: Answer | None, filter_titles: list[str] | None = None) -> str:
    """The side panel (wide screens): the latest answer's sources, or the refusal and nearby sections."""
    if answer is None:
        return '<p class="leer">Die Quellen zur Antwort erscheinen hier.</p>'
    if answer.abstained:
        return f'<p class="verweigert">{html.escape(refusal_text(answer, filter_titles or []))}</p>' + suggestions_html(answer)
    notes = "".join(f"<p class='ort'>{html.escape(n)}</p>" for n in answer.notes)
    return notes + source_cards(answer)
