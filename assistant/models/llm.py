"""The optional LLM: any OpenAI-compatible server through llama-index's OpenAILike client, passed explicitly."""

from __future__ import annotations

from typing import Iterator

from assistant.core.errors import LLMUnavailableError
from assistant.core.settings import Settings


def make_llm(settings: Settings):
    """An OpenAILike LLM for AGENDA_LLM_URL, or None when no server is configured."""
    if not settings.llm.llm_url:
        return None
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm.llm_model,
        api_base=settings.llm.llm_url,
        api_key=settings.llm.llm_api_key,
        is_chat_model=True,
        context_window=8192,
        max_tokens=512,
        temperature=0.0,
        timeout=settings.llm.llm_timeout,
        max_retries=0,
    )


def _messages(system: str, user: str):
    from llama_index.core.llms import ChatMessage, MessageRole

    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]


def chat(llm, system: str, user: str) -> str:
    """One completion; any failure becomes LLMUnavailableError."""
    try:
        response = llm.chat(_messages(system, user))
    except Exception as exc:  # noqa: BLE001 - network, HTTP and parsing errors all mean: fall back
        raise LLMUnavailableError(f"LLM-Server nicht erreichbar: {type(exc).__name__}") from exc
    return (response.message.content or "").strip()


def stream_chat(llm, system: str, user: str) -> Iterator[str]:
    """Streamed completion deltas; failures before the first token become LLMUnavailableError."""
    try:
        stream = llm.stream_chat(_messages(system, user))
        for part in stream:
            if part.delta:
                yield part.delta
    except Exception as exc:  # noqa: BLE001
        raise LLMUnavailableError(f"LLM-Server nicht erreichbar: {type(exc).__name__}") from exc
