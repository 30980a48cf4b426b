"""Citations: numbered sources with page and quote, the numbering shared by extractive and LLM answers."""

from __future__ import annotations

import json
import re

from assistant.answer.compose import Shape
from assistant.answer.prompts import OTHER_PLACES
from assistant.core.sentences import split_sentences
from assistant.core.types import Block, Citation, StoredChunk, Suggestion


def page_of(metadata: dict, offset_in_chunk: int) -> tuple[str | None, int | None]:
    """Printed page label and index for an offset inside a chunk (pages may change within it)."""
    label, index = metadata.get("page_label"), metadata.get("page_index")
    breaks = metadata.get("page_breaks")
    if breaks:
        for offset, page_index, page_label in json.loads(breaks):
            if offset_in_chunk >= offset:
                label, index = page_label, page_index
    return label, index


def make_citation(n: int, chunk: StoredChunk, quote_start: int, quote_end: int, score: float = 0.0) -> Citation:
    """A Citation for a chunk and the span of its supporting sentence(s)."""
    m = chunk.metadata
    page, page_index = page_of(m, quote_start)
    return Citation(
        n=n,
        doc_id=m.get("doc_id", ""),
        title=m.get("title", ""),
        date=m.get("date", ""),
        kind=m.get("kind", ""),
        issuer=m.get("issuer", ""),
        licence=m.get("licence", ""),
        source=m.get("source", ""),
        page=page,
        page_index=page_index,
        section=m.get("section", ""),
        quote=chunk.text[quote_start:quote_end],
        text=chunk.text,
        start=int(m.get("start", 0)),
        end=int(m.get("end", 0)),
        quote_start=quote_start,
        quote_end=quote_end,
        chunk_id=chunk.id,
        score=round(float(score), 4),
    )


def suggestions_for(passages: list, limit: int = 3) -> list[Suggestion]:
    """Nearest sections, one per document section, offered with a refusal."""
    out: list[Suggestion] = []
    seen = set()
    for p in passages:
        m = p.chunk.metadata
        key = (m.get("doc_id"), m.get("section"))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Suggestion(
                doc_id=m.get("doc_id", ""), title=m.get("title", ""), section=m.get("section", ""),
                page=m.get("page_label"), snippet=p.chunk.text[:200],
            )
        )
        if len(out) >= limit:
            break
    return out


def best_quote_span(passage: str, sentences: list[str]) -> tuple[int, int]:
    """The passage sentence that shares most words with the answer sentences citing it."""
    wanted = set(re.findall(r"\w{4,}", " ".join(sentences).lower()))
    best, best_hits = (0, min(len(passage), 300)), -1
    for a, b in split_sentences(passage):
        hits = len(wanted & set(re.findall(r"\w{4,}", passage[a:b].lower())))
        if hits > best_hits:
            best, best_hits = (a, b), hits
    return best


class CitationNumbering:
    """Gives each cited chunk one number, in order of first use, and collects the quoted spans per chunk."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.chunks: dict[str, tuple[StoredChunk, float]] = {}
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def cite(self, chunk: StoredChunk, start: int, end: int, score: float = 0.0) -> int:
        """Number of the chunk (new or existing) after recording the span [start, end) inside it."""
        n = self.numbers.setdefault(chunk.id, len(self.numbers) + 1)
        self.chunks.setdefault(chunk.id, (chunk, score))
        self.spans.setdefault(chunk.id, []).append((start, end))
        return n

    def citations(self) -> list[Citation]:
        """The citations in number order; each quote covers the spans cited in its chunk."""
        out = []
        for chunk_id, n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            chunk, score = self.chunks[chunk_id]
            spans = sorted(self.spans[chunk_id])
            out.append(make_citation(n, chunk, spans[0][0], max(e for _, e in spans), score))
        return out


def cite_shape(shape: Shape, retrieved: dict[str, float]) -> tuple[str, list[Block], list[Citation]]:
    """Answer text, blocks and citations for a shaped extractive answer; retrieved maps chunk id → score."""
    numbering = CitationNumbering()

    def cite(piece) -> list[int]:
        if piece.unit is None:
            return []
        chunk = piece.doc.chunk_for(piece.unit, set(retrieved))
        if chunk is None:
            return []
        offset = int(chunk.metadata.get("start", 0))
        return [numbering.cite(chunk, piece.unit.start - offset, piece.unit.end - offset, retrieved.get(chunk.id, 0.0))]

    blocks: list[Block] = [Block(kind="paragraph", text=p.text, citations=cite(p)) for p in shape.paragraphs]
    if shape.items:
        items = [Block(kind="item", text=p.text, citations=cite(p)) for p in shape.items]
        blocks.append(Block(kind="list", title=shape.list_title, items=items))
    if shape.also:
        items = [Block(kind="item", text=p.text, citations=cite(p)) for p in shape.also]
        blocks.append(Block(kind="list", title=OTHER_PLACES, items=items))
    return render_text(blocks), blocks, numbering.citations()


def _markers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def render_text(blocks: list[Block]) -> str:
    """Plain text of an answer: paragraphs on their own lines, list items as '- …', markers after each."""
    lines = []
    for block in blocks:
        if block.kind == "list":
            if block.title == OTHER_PLACES:
                lines.extend(["", OTHER_PLACES])  # set apart from the answer (a paragraph of its own in Markdown)
            lines.extend(f"- {item.text} {_markers(item.citations)}".rstrip() for item in block.items)
        else:
            lines.append(f"{block.text} {_markers(block.citations)}".rstrip())
    return "\n".join(lines)
