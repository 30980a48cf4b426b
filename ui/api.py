"""REST API (/api) and OpenAI-compatible routes (/v1) over the shared answer engine."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.core.types import Answer
from assistant.core.errors import AgendaError
from assistant.core.types import Filters
from ingest.manifest import slugify
from ingest.readers import SUPPORTED_SUFFIXES
from ui.security import Caller, RateLimiter, authenticate


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
    """An OpenAI chat message (content may be a string or a list of text parts)."""

    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list | None = None


class ChatCompletionRequest(BaseModel):
    """POST /v1/chat/completions (the fields we use; others are accepted and ignored)."""

    model_config = ConfigDict(extra="allow")
    model: str = "agenda-assistent"
    messages: list[ChatMessage] = Field(min_length=1, max_length=400)
    stream: bool = False


MODEL_NAME = "agenda-assistent"


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def build_router(state) -> APIRouter:
    """All /api and /v1 routes; `state` holds settings, engine, limiter and the write lock."""
    router = APIRouter()
    limiter = RateLimiter(state.settings.server.rate_limit_per_minute)

    def caller(request: Request) -> Caller:
        who = authenticate(request, state.settings)
        limiter.check(who.client_id)
        return who

    def admin(request: Request) -> Caller:
        who = authenticate(request, state.settings, admin=True)
        limiter.check(who.client_id)
        return who

    def answer(question: str, history: list[dict], filters: Filters | None, mode: str | None) -> Answer:
        try:
            return state.engine.answer(question, history, filters=filters, mode=mode)
        except AgendaError as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.post("/api/ask", tags=["api"], summary="Eine Frage beantworten (Answer-JSON)")
    def ask(body: AskRequest, who: Caller = Depends(caller)) -> dict:
        filters = Filters(**body.filters.model_dump()) if body.filters else None
        return answer(body.question, [t.model_dump() for t in body.history], filters, body.mode).model_dump()

    @router.post("/api/batch", tags=["api"], summary="Viele Fragen: JSONL oder Briefing (md/docx)")
    def batch(body: BatchRequest, who: Caller = Depends(caller)):
        from assistant.app.batch import BatchQuestion, run_batch
        from assistant.app.briefing import briefing_docx, briefing_markdown

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
        target = state.settings.data_dir / "tmp" / f"{uuid.uuid4().hex}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        briefing_docx(answered, target, title=body.title)
        data = target.read_bytes()
        target.unlink(missing_ok=True)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": 'attachment; filename="briefing.docx"'})

    @router.get("/api/documents", tags=["api"], summary="Dokumente mit Metadaten und Abschnittszahl")
    def documents(who: Caller = Depends(caller)) -> list[dict]:
        return state.documents()

    @router.get("/api/documents/{doc_id}", tags=["api"], summary="Ein Dokument mit seinen Abschnitten")
    def document(doc_id: str, who: Caller = Depends(caller)) -> dict:
        _check_id(doc_id)
        chunks = state.engine.index.all_chunks(where={"doc_id": doc_id})
        if not chunks:
            raise HTTPException(404, f"Dokument '{doc_id}' nicht gefunden.")
        chunks.sort(key=lambda c: int(c.metadata.get("chunk_index", 0)))
        meta = _public_meta(chunks[0].metadata)
        meta["passages"] = [
            {"id": c.id, "section": c.metadata.get("section", ""), "page": c.metadata.get("page_label"),
             "start": c.metadata.get("start"), "end": c.metadata.get("end"), "text": c.text}
            for c in chunks
        ]
        return meta

    @router.post("/api/documents", tags=["admin"], summary="Dokument hochladen und indexieren (Admin)")
    def upload(file: UploadFile = File(...), who: Caller = Depends(admin)) -> dict:
        name = Path(file.filename or "").name.replace("\x00", "")
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise HTTPException(415, f"Dateityp '{suffix or '(ohne Endung)'}' wird nicht unterstützt (erlaubt: {', '.join(sorted(SUPPORTED_SUFFIXES))}).")
        limit = state.settings.server.max_upload_mb * 1024 * 1024
        folder = state.settings.data_dir / "uploads" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{slugify(Path(name).stem)}{suffix}"
        size = 0
        with open(target, "wb") as out:
            while True:
                block = file.file.read(1 << 20)
                if not block:
                    break
                size += len(block)
                if size > limit:
                    out.close()
                    shutil.rmtree(folder, ignore_errors=True)
                    raise HTTPException(413, f"Datei zu groß (höchstens {state.settings.server.max_upload_mb} MB).")
                out.write(block)
        report = state.ingest([target])
        result = next((f for f in report.files if f.path == str(target.resolve())), None)
        if result is None or result.status == "übersprungen":
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(422, f"Datei nicht indexiert: {result.reason if result else 'unbekannter Fehler'}")
        return {"doc_id": result.doc_id, "status": result.status, "chunks": result.added + result.kept, "pages": result.pages}

    @router.delete("/api/documents/{doc_id}", tags=["admin"], summary="Dokument aus dem Index entfernen (Admin)")
    def delete(doc_id: str, who: Caller = Depends(admin)) -> dict:
        _check_id(doc_id)
        return state.delete_document(doc_id)

    @router.get("/v1/models", tags=["openai"], summary="OpenAI-kompatible Modellliste")
    def models(who: Caller = Depends(caller)) -> dict:
        return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "agenda-assistent"}]}

    @router.post("/v1/chat/completions", tags=["openai"], summary="OpenAI-kompatible Chat-Antwort mit Quellen")
    def chat_completions(body: ChatCompletionRequest, who: Caller = Depends(caller)):
        turns = [{"role": m.role, "content": _text(m.content)} for m in body.messages if m.role in {"user", "assistant"}]
        if not turns or turns[-1]["role"] != "user":
            raise HTTPException(400, "Die letzte Nachricht muss eine Frage (role 'user') sein.")
        result = answer(turns[-1]["content"], turns[:-1], None, None)
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

    return router


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


def _check_id(doc_id: str) -> None:
    """Document ids are slugs; anything else (../, NUL, slashes) is refused."""
    if not _ID.match(doc_id) or ".." in doc_id:
        raise HTTPException(400, "Ungültige Dokument-ID.")


def _public_meta(m: dict) -> dict:
    """Document metadata safe to show (no server paths)."""
    return {k: m.get(k, "") for k in ("doc_id", "title", "issuer", "date", "kind", "licence", "source", "file_name")}


class AppState:
    """What every request shares: settings, the engine (loaded once) and a lock for index writes."""

    def __init__(self, settings, engine):
        self.settings = settings
        self.engine = engine
        self.write_lock = threading.Lock()

    def documents(self) -> list[dict]:
        """Metadata and chunk counts per document."""
        docs: dict[str, dict] = {}
        for c in self.engine.index.all_chunks(include_text=False):
            d = docs.setdefault(c.metadata.get("doc_id", ""), _public_meta(c.metadata) | {"chunks": 0})
            d["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["title"])

    def ingest(self, paths: list[Path]):
        """Ingest uploaded files (one writer at a time) and refresh the lexical index."""
        from ingest.pipeline import ingest_paths

        with self.write_lock:
            report = ingest_paths(paths, self.settings, index=self.engine.index, embedder_factory=lambda: self.engine.embedder)
        self.engine.lexical.refresh(force=True)
        return report

    def delete_document(self, doc_id: str) -> dict:
        """Remove a document's chunks (and its uploaded file, if it was uploaded)."""
        with self.write_lock:
            chunks = self.engine.index.all_chunks(include_text=False, where={"doc_id": doc_id})
            if not chunks:
                raise HTTPException(404, f"Dokument '{doc_id}' nicht gefunden.")
            self.engine.index.delete([c.id for c in chunks])
            self.engine.index.bump_generation()
            path = Path(chunks[0].metadata.get("path", ""))
            uploads = (self.settings.data_dir / "uploads").resolve()
            if uploads in path.resolve().parents:
                shutil.rmtree(path.parent, ignore_errors=True)
        self.engine.lexical.refresh(force=True)
        return {"doc_id": doc_id, "removed_chunks": len(chunks)}
