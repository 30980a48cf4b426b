"""Shared types: stored chunks, retrieval filters, and the Answer with its citations (JSON-serialisable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


@dataclass
class StoredChunk:
    """A chunk as it lies in the index."""

    id: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0
    embedding: list[float] | None = field(default=None, repr=False)


@dataclass
class Filters:
    """Restrict retrieval to documents, kinds or years."""

    doc_ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    def where(self) -> dict | None:
        """Chroma `where` clause."""
        conditions = []
        if self.doc_ids:
            conditions.append({"doc_id": {"$in": list(self.doc_ids)}})
        if self.kinds:
            conditions.append({"kind": {"$in": list(self.kinds)}})
        if self.years:
            conditions.append({"year": {"$in": [int(y) for y in self.years]}})
        if not conditions:
            return None
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def allows(self, metadata: dict) -> bool:
        """Same test in Python, for the lexical side."""
        if self.doc_ids and metadata.get("doc_id") not in self.doc_ids:
            return False
        if self.kinds and metadata.get("kind") not in self.kinds:
            return False
        if self.years and metadata.get("year") not in [int(y) for y in self.years]:
            return False
        return True

    def is_empty(self) -> bool:
        """True when nothing is restricted."""
        return not (self.doc_ids or self.kinds or self.years)


class Citation(BaseModel):
    """A numbered source: which document, where in it, and the quoted sentence(s)."""

    n: int = Field(description="Number used as [n] in the answer text.")
    doc_id: str
    title: str
    date: str = ""
    kind: str = ""
    issuer: str = ""
    licence: str = ""
    source: str = ""
    page: str | None = Field(None, description="Printed page label (PDF), if any.")
    page_index: int | None = Field(None, description="0-based PDF page index, if any.")
    section: str = ""
    quote: str = Field(description="The supporting sentence(s), verbatim from the passage.")
    text: str = Field(description="The whole passage.")
    start: int = Field(0, description="Offset of the passage in the cleaned document text.")
    end: int = 0
    quote_start: int = Field(0, description="Offset of the quote inside the passage text.")
    quote_end: int = 0
    chunk_id: str = ""
    score: float = 0.0

    def location(self) -> str:
        """'S. 3', '§ 5 …' or the section path, for display."""
        parts = []
        if self.page:
            parts.append(f"S. {self.page}")
        if self.section:
            parts.append(self.section)
        return ", ".join(parts)


class Suggestion(BaseModel):
    """A nearby section offered when the assistant abstains."""

    doc_id: str
    title: str
    section: str = ""
    page: str | None = None
    snippet: str = ""


class Block(BaseModel):
    """A piece of the answer's structure: a paragraph, or a list whose items are blocks themselves."""

    kind: str = Field(description="'paragraph', 'list' or 'item'.")
    text: str = Field("", description="Text of a paragraph or list item, without citation markers.")
    citations: list[int] = Field(default_factory=list, description="Numbers of the citations that back this text.")
    title: str = Field("", description="Title of a list (the line that announces it in the document).")
    items: list["Block"] = Field(default_factory=list, description="Items of a list.")


class Answer(BaseModel):
    """Everything about one answer."""

    question: str
    standalone_question: str
    answer: str = Field(description="The answer as text: one line per paragraph, list items as '- …', each with [n] markers.")
    abstained: bool
    mode: str
    citations: list[Citation] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list, description="The answer's structure (paragraphs and lists) for rendering.")
    suggestions: list[Suggestion] = Field(default_factory=list)
    confidence: float = Field(0.0, description="Estimated probability that the answer is right (extractive mode); abstains below the threshold.")
    dropped: list[str] = Field(default_factory=list, description="Sentences removed because their citation did not support them.")
    notes: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    settings_hash: str = ""
