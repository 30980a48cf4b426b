"""Request bodies of the JSON API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Turn(BaseModel):
    """One message of a conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class FilterModel(BaseModel):
    """Restrict sources."""

    model_config = ConfigDict(extra="forbid")
    doc_ids: list[str] = Field(default_factory=list, max_length=100)
    kinds: list[str] = Field(default_factory=list, max_length=20)
    years: list[int] = Field(default_factory=list, max_length=50)


class AskRequest(BaseModel):
    """POST /api/ask."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(max_length=100_000)
    history: list[Turn] = Field(default_factory=list, max_length=400)
    filters: FilterModel | None = None
    mode: Literal["extractive", "llm"] | None = None


class BatchRequest(BaseModel):
    """POST /api/batch."""

    model_config = ConfigDict(extra="forbid")
    questions: list[str] = Field(min_length=1, max_length=200)
    format: Literal["jsonl", "md", "docx"] = "jsonl"
    title: str = Field("Briefing", max_length=200)
    mode: Literal["extractive", "llm"] | None = None


class ChatMessage(BaseModel):
    """An OpenAI chat message (content may be a string or a list of parts)."""

    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list | None = None


class ChatCompletionRequest(BaseModel):
    """POST /v1/chat/completions (the fields we use; others are accepted and ignored)."""

    model_config = ConfigDict(extra="allow")
    model: str = "agenda-assistent"
    messages: list[ChatMessage] = Field(min_length=1, max_length=400)
    stream: bool = False
