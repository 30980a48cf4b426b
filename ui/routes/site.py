"""Health checks, widget, the German login form, local /docs, and a cited document opened at its passage or page."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from ui.deps import Caller, State
from ui.routes.documents import document_chunks
from ui.security import SESSION_COOKIE, RateLimited
from ui.viewer import document_page

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"


@router.get("/healthz", tags=["health"], include_in_schema=True)
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", tags=["health"], include_in_schema=True)
def readyz(state: State):
    count = state.engine.index.count()
    if count == 0:
        return JSONResponse({"status": "leer", "chunks": 0}, status_code=503)
    return {"status": "bereit", "chunks": count, "collection": state.engine.index.name}


@router.get("/widget.js")
def widget() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="application/javascript")


@router.get("/widget-demo")
def widget_demo(who: Caller) -> HTMLResponse:
    return HTMLResponse((STATIC / "widget-demo.html").read_text(encoding="utf-8").replace("__TOKEN__", ""))


def _safe_next(target: str) -> str:
    """Only local paths: never redirect to another site after the login."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_page(next_url: str, message: str = "", status: int = 200) -> HTMLResponse:
    page = (STATIC / "login.html").read_text(encoding="utf-8")
    note = f'<p class="fehler" role="alert">{html.escape(message)}</p>' if message else ""
    return HTMLResponse(page.replace("__NEXT__", html.escape(_safe_next(next_url), quote=True)).replace("__MELDUNG__", note),
                        status_code=status)


@router.get("/login")
def login_form(next: str = "/") -> HTMLResponse:
    return login_page(next)


@router.post("/login")
def login(request: Request, state: State, token: str = Form("", max_length=500), next: str = Form("/", max_length=2000)) -> Response:
    peer = request.client.host if request.client else "?"
    try:
        state.login_limiter.take(f"login:{peer}")
    except RateLimited as exc:
        return login_page(next, f"Zu viele Anmeldeversuche; bitte in {exc.retry_after} s erneut versuchen.", 429)
    value = state.gate.make_session(token.strip())
    if value is None:
        return login_page(next, "Dieses Zugangstoken ist nicht gültig.", 401)
    https = request.url.scheme == "https" or (state.gate.is_proxy(peer) and request.headers.get("x-forwarded-proto") == "https")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, value, max_age=state.gate.session_seconds, httponly=True, samesite="strict",
                        secure=https, path="/")  # Secure behind TLS, also when a trusted proxy terminates it
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/docs")
def docs(who: Caller) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Agenda-Assistent – API",
                               swagger_js_url="/docs-assets/swagger-ui-bundle.js", swagger_css_url="/docs-assets/swagger-ui.css",
                               swagger_favicon_url="/docs-assets/favicon-32x32.png")


@router.get("/dokumente/{doc_id}/ansicht")
def document_view(doc_id: str, who: Caller, state: State, abschnitt: str = "", von: int = -1, bis: int = -1) -> HTMLResponse:
    """The document as a page; `abschnitt` is the cited passage, `von`/`bis` the quote's offsets inside it."""
    return HTMLResponse(document_page(document_chunks(state, doc_id), abschnitt, (von, bis)))


@router.get("/dokumente/{doc_id}/datei")
def document_file(doc_id: str, who: Caller, state: State) -> Response:
    """The original PDF (the link adds #page=N); other formats open in the text view."""
    meta = document_chunks(state, doc_id)[0].metadata
    path = Path(meta.get("path", "")).resolve()
    roots = [state.settings.corpus_dir.resolve(), (state.settings.data_dir / "uploads").resolve()]
    if path.suffix.lower() != ".pdf":
        return RedirectResponse(f"/dokumente/{doc_id}/ansicht", status_code=303)
    if not path.is_file() or not any(root in path.parents for root in roots):
        raise HTTPException(404, "Die Datei zu diesem Dokument liegt nicht mehr vor.")
    return FileResponse(path, media_type="application/pdf", content_disposition_type="inline", filename=path.name)
