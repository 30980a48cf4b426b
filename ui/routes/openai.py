"""OpenAI-compatible /v1: model list and chat completions (streaming or not), with `citations` added."""

from __future__ import annotations

import json
import re
import time
import uuid

from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse

from ui.deps import Caller, Limited, State
from ui.routes.models import ChatCompletionRequest

router = APIRouter(tags=["openai"])
MODEL_NAME = "agenda-assistent"


def message_text(content) -> str:
    """A message's text: a string, or the string `text` of each part in a list (anything else is ignored)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [part.get("text") if isinstance(part, dict) else part for part in content]
        return " ".join(t for t in texts if isinstance(t, str))
    return ""


@router.get("/v1/models", summary="OpenAI-kompatible Modellliste")
def models(who: Limited) -> dict:
    return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "agenda-assistent"}]}


@router.post("/v1/chat/completions", summary="OpenAI-kompatible Chat-Antwort mit Quellen")
def chat_completions(body: ChatCompletionRequest, who: Caller, state: State):
    turns = [{"role": m.role, "content": message_text(m.content)} for m in body.messages if m.role in {"user", "assistant"}]
    if not turns or turns[-1]["role"] != "user":
        raise HTTPException(400, "Die letzte Nachricht muss eine Frage (role 'user') sein.")
    state.limiter.take(who.client_id)
    state.log_question(who, turns[-1]["content"])
    result = state.engine.answer(turns[-1]["content"], turns[:-1])
    citations = [c.model_dump() for c in result.citations]
    created, completion_id = int(time.time()), f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if not body.stream:
        return {
            "id": completion_id, "object": "chat.completion", "created": created, "model": MODEL_NAME,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": result.answer}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "citations": citations, "abstained": result.abstained,
        }

    def events():
        base = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_NAME}
        first = True
        for piece in re.findall(r"\S+\s*", result.answer):
            delta = {"content": piece} | ({"role": "assistant"} if first else {})
            first = False
            yield f"data: {json.dumps(base | {'choices': [{'index': 0, 'delta': delta, 'finish_reason': None}]}, ensure_ascii=False)}\n\n"
        final = base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "citations": citations}
        yield f"data: {json.dumps(final, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
