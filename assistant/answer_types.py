"""The Answer returned by every mode, with its citations (JSON-serialisable)."""

from __future__ import annotations

from pydantic import BaseModel, Field


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


class Answer(BaseModel):
    """Everything about one answer."""

    question: str
    standalone_question: str
    answer: str
    abstained: bool
    mode: str
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    confidence: float = Field(0.0, description="Share of the question found around the best sentence (extractive mode); abstains below the threshold.")
    dropped: list[str] = Field(default_factory=list, description="Sentences removed because their citation did not support them.")
    notes: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    settings_hash: str = ""
