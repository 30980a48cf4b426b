"""/api/documents: list, detail, upload (409 unless replace=true), delete; changes go to the audit log."""

from __future__ import annotations

import re

from fastapi import APIRouter, File, HTTPException, Query, UploadFile

from assistant.app.documents import Actor
from ui.deps import Admin, Limited, State
from ui.state import public_meta

router = APIRouter()
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


def check_id(doc_id: str) -> str:
    """Document ids are slugs; anything else (../, NUL, slashes) is refused."""
    if not _ID.match(doc_id) or ".." in doc_id:
        raise HTTPException(400, "Ungültige Dokument-ID.")
    return doc_id


def document_chunks(state, doc_id: str) -> list:
    chunks = state.engine.index.all_chunks(where={"doc_id": check_id(doc_id)})
    if not chunks:
        raise HTTPException(404, f"Dokument '{doc_id}' nicht gefunden.")
    return sorted(chunks, key=lambda c: int(c.metadata.get("chunk_index", 0)))


@router.get("/api/documents", tags=["api"], summary="Dokumente mit Metadaten und Abschnittszahl")
def documents(who: Limited, state: State) -> list[dict]:
    return state.documents()


@router.get("/api/documents/{doc_id}", tags=["api"], summary="Ein Dokument mit seinen Abschnitten")
def document(doc_id: str, who: Limited, state: State) -> dict:
    chunks = document_chunks(state, doc_id)
    meta = public_meta(chunks[0].metadata)
    meta["passages"] = [
        {"id": c.id, "section": c.metadata.get("section", ""), "page": c.metadata.get("page_label"),
         "start": c.metadata.get("start"), "end": c.metadata.get("end"), "text": c.text}
        for c in chunks
    ]
    return meta


@router.post("/api/documents", tags=["admin"], summary="Dokument hochladen und indexieren (Admin); 409 wenn es die ID schon gibt")
def upload(who: Admin, state: State, file: UploadFile = File(...),
           replace: bool = Query(False, description="Ein vorhandenes Dokument mit derselben ID ersetzen.")) -> dict:
    return state.admin.upload(file.filename or "", file.file, Actor(who.client_id), replace=replace)


@router.delete("/api/documents/{doc_id}", tags=["admin"], summary="Dokument aus dem Index entfernen (Admin)")
def delete(doc_id: str, who: Admin, state: State) -> dict:
    return state.admin.delete(check_id(doc_id), Actor(who.client_id))
