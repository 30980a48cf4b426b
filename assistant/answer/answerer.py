"""The answering stage's contract, met by the extractive answerer and the LLM answerer."""

from __future__ import annotations

from typing import Protocol

from assistant.answer.condense import Standalone
from assistant.core.types import Answer


class Answerer(Protocol):
    """Retrieved passages in, a cited answer (or a refusal) out; citations are numbered by citations.CitationNumbering."""

    def answer(self, question: str, standalone: Standalone, passages: list, notes: list[str], query_vector=None) -> Answer:
        """`standalone` is the question to answer, with the previous question a follow-up refers to."""
