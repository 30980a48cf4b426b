"""POST /api/ask: one question, the Answer JSON."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.core.types import Filters
from ui.deps import Caller, State
from ui.routes.models import AskRequest

router = APIRouter(tags=["api"])


@router.post("/api/ask", summary="Eine Frage beantworten (Answer-JSON)")
def ask(body: AskRequest, who: Caller, state: State) -> dict:
    state.limiter.take(who.client_id)
    state.log_question(who, body.question)
    filters = Filters(**body.filters.model_dump()) if body.filters else None
    answer = state.engine.answer(body.question, [t.model_dump() for t in body.history], filters=filters, mode=body.mode)
    return answer.model_dump()
