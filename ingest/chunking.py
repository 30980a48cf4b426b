"""Structure-first, sentence-aware chunking sized in the embedding model's own tokens."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable

from ingest.readers import PageSpan, ParsedDocument
from assistant.core.sentences import split_sentences
from assistant.core.settings import PASSAGE_PREFIX

MODEL_MAX_TOKENS = 512


TokenCounter = Callable[[list[str]], list[int]]


@dataclass
class Chunk:
    """One passage of a document, with where it came from."""

    text: str
    start: int
    end: int
    section: str
    page_index: int | None = None
    page_label: str | None = None
    page_breaks: list[tuple[int, int, str]] | None = None  # (offset in chunk, page index, label)
    space_before: str = ""  # the white space right before the chunk: rebuilding the text fills a gap with it


def context_header(title: str, section: str) -> str:
    """The line put before a chunk's text when it is embedded and indexed lexically."""
    parts = [title.strip()]
    if section and section.strip() and section.strip() != title.strip():
        parts.append(section.strip())
    return " – ".join(p for p in parts if p)


def embed_text(title: str, section: str, text: str) -> str:
    """What the embedding model and BM25 see for a chunk: context header, then the passage."""
    header = context_header(title, section)
    return f"{header}\n{text}" if header else text


def chunk_id(doc_id: str, text: str, occurrence: int) -> str:
    """Content hash of a chunk: same document, same embedded text, same occurrence -> same id."""
    return hashlib.sha256(f"{doc_id}\x00{occurrence}\x00{text}".encode()).hexdigest()[:32]


def _page_at(pages: list[PageSpan], offset: int) -> PageSpan | None:
    """The page whose span holds the offset."""
    found = None
    for page in pages:
        if page.start <= offset:
            found = page
        else:
            break
    return found


def _split_long(text: str, a: int, b: int, budget: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Cut an over-long sentence at word boundaries into pieces within the token budget."""
    words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]
    pieces: list[tuple[int, int]] = []
    lo = 0
    while lo < len(words):
        hi = len(words)
        # shrink until it fits (binary search on the word count)
        low, high = lo + 1, hi
        while low < high:
            mid = (low + high + 1) // 2
            if count([text[words[lo][0] : words[mid - 1][1]]])[0] <= budget:
                low = mid
            else:
                high = mid - 1
        pieces.append((words[lo][0], words[low - 1][1]))
        lo = low
    return pieces


def chunk_document(
    doc: ParsedDocument,
    title: str,
    count_tokens: TokenCounter,
    chunk_tokens: int = 200,
    overlap_tokens: int = 40,
) -> list[Chunk]:
    """Split a parsed document into chunks: never across sections, sentences whole, overlap by sentences."""
    text = doc.text
    chunks: list[Chunk] = []
    for section in doc.sections:
        spans = split_sentences(text, section.start, section.end)
        if not spans:
            continue
        header = context_header(title, section.path)
        header_tokens = count_tokens([PASSAGE_PREFIX + header])[0] + 2 if header else count_tokens([PASSAGE_PREFIX])[0] + 2
        budget = max(16, min(chunk_tokens, MODEL_MAX_TOKENS - 2) - header_tokens)
        sizes = count_tokens([text[a:b] for a, b in spans])
        units: list[tuple[int, int, int]] = []
        for (a, b), size in zip(spans, sizes):
            if size > budget:
                pieces = _split_long(text, a, b, budget, count_tokens)
                units.extend((pa, pb, n) for (pa, pb), n in zip(pieces, count_tokens([text[x:y] for x, y in pieces])))
            else:
                units.append((a, b, size))
        # a section that is only its heading line adds nothing on its own
        if len(units) == 1 and section.path and text[units[0][0] : units[0][1]].strip() == section.path.split(" › ")[-1]:
            continue
        current: list[tuple[int, int, int]] = []
        used = 0
        for unit in units:
            if current and used + unit[2] > budget:
                chunks.append(_make_chunk(doc, current, section.path))
                carry: list[tuple[int, int, int]] = []
                carried = 0
                for previous in reversed(current):
                    if carried + previous[2] > overlap_tokens or carried + previous[2] + unit[2] > budget:
                        break
                    carry.insert(0, previous)
                    carried += previous[2]
                current, used = carry, carried
            current.append(unit)
            used += unit[2]
        if current:
            chunks.append(_make_chunk(doc, current, section.path))
    return chunks


def _make_chunk(doc: ParsedDocument, units: list[tuple[int, int, int]], section: str) -> Chunk:
    """Build a Chunk spanning the given sentence units."""
    start, end = units[0][0], units[-1][1]
    page = _page_at(doc.pages, start) if doc.pages else None
    breaks = [
        (p.start - start, p.index, p.label) for p in doc.pages if start < p.start < end
    ] if doc.pages else None
    return Chunk(
        text=doc.text[start:end],
        start=start,
        end=end,
        section=section,
        page_index=page.index if page else None,
        page_label=page.label if page else None,
        page_breaks=breaks or None,
        space_before=re.search(r"[ \t\n]{0,4}$", doc.text[max(0, start - 4) : start]).group(),
    )
