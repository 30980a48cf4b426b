"""POST /api/batch: many questions (each counts against the rate limit) as JSONL or a briefing built in memory."""

from __future__ import annotations

import io
import json

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from assistant.app.batch import BatchQuestion, run_batch
from assistant.app.briefing import briefing_docx, briefing_markdown
from ui.deps import Caller, State
from ui.routes.models import BatchRequest

router = APIRouter(tags=["api"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post("/api/batch", summary="Viele Fragen: JSONL oder Briefing (md/docx); jede Frage zählt für das Limit")
def batch(body: BatchRequest, who: Caller, state: State) -> Response:
    state.limiter.take(who.client_id, cost=len(body.questions))
    for question in body.questions:
        state.log_question(who, question)
    items = [BatchQuestion(str(i), q) for i, q in enumerate(body.questions, start=1)]
    records, answered = [], []
    for item, result, record in run_batch(state.engine, items, mode=body.mode):
        records.append(record)
        if result is not None:
            answered.append((item.question, result))
    if body.format == "jsonl":
        return PlainTextResponse("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), media_type="application/x-ndjson")
    if body.format == "md":
        return PlainTextResponse(briefing_markdown(answered, title=body.title), media_type="text/markdown; charset=utf-8")
    buffer = io.BytesIO()
    briefing_docx(answered, buffer, title=body.title)
    return Response(buffer.getvalue(), media_type=DOCX, headers={"Content-Disposition": 'attachment; filename="briefing.docx"'})
