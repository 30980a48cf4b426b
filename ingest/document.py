"""What a reader produces: the parsed document with its sections and pages, and the error for unreadable files."""

from __future__ import annotations

from dataclasses import dataclass, field

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
