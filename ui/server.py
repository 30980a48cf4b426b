"""One FastAPI app: Gradio chat at /, REST API at /api, OpenAI-compatible /v1, widget, health checks."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path


from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from assistant.core.env import configure_offline_environment
from assistant.core.errors import AgendaError
from assistant.core.settings import Settings

STATIC = Path(__file__).with_name("static")
MAX_BODY_BYTES = 2 * 1024 * 1024  # JSON bodies; uploads have their own limit
log = logging.getLogger(__name__)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(x) for x in error.get("loc", []) if x != "body")
        parts.append(f"{where or 'Anfrage'}: {error.get('msg', 'ungültig')}")
    return "Ungültige Anfrage – " + "; ".join(parts)


def create_app(settings: Settings, engine=None) -> FastAPI:
    """Build the app; the engine (models and index) is loaded once here and shared by all requests."""
    configure_offline_environment()
    import gradio as gr
    from fastapi.middleware.cors import CORSMiddleware

    from ui.api import AppState, build_router
    from ui.chat import CSS, HEAD, build_chat_ui

    if engine is None:
        from assistant.app.bootstrap import ready_engine

        engine = ready_engine(settings)
    state = AppState(settings, engine)
    app = FastAPI(title="Agenda-Assistent API", version="0.1.0",
                  description="Zitierte Antworten aus kommunalen Digitalstrategien. Auth: Authorization: Bearer <Token>.")
    app.state.agenda = state

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        upload = request.url.path == "/api/documents" and request.method == "POST"
        limit = settings.server.max_upload_mb * 1024 * 1024 + 65536 if upload else MAX_BODY_BYTES
        if length and length.isdigit() and int(length) > limit:
            return JSONResponse({"error": "Anfrage zu groß."}, status_code=413)
        return await call_next(request)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return JSONResponse({"error": _validation_message(exc)}, status_code=422)

    @app.exception_handler(AgendaError)
    async def domain_error(request: Request, exc: AgendaError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    origins = [o.strip() for o in settings.server.allowed_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])

    app.include_router(build_router(state))

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz():
        count = engine.index.count()
        if count == 0:
            return JSONResponse({"status": "leer", "chunks": 0}, status_code=503)
        return {"status": "bereit", "chunks": count, "collection": engine.index.name}

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="application/javascript")

    @app.get("/widget-demo", include_in_schema=False)
    def widget_demo() -> HTMLResponse:
        return HTMLResponse((STATIC / "widget-demo.html").read_text(encoding="utf-8").replace("__TOKEN__", ""))

    demo = build_chat_ui(state)
    return gr.mount_gradio_app(app, demo, path="/", css=CSS, head=HEAD, footer_links=["api"], show_error=False)


def _is_loopback(host: str) -> bool:
    if host in {"localhost"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, insecure: bool = False, workers: int = 1) -> int:
    """Start uvicorn (workers > 1: one process each, built by app_from_env); refuses a non-loopback address without tokens unless --insecure."""
    import uvicorn

    if not _is_loopback(host) and not (settings.server.token_set("api") or settings.server.token_set("admin") or settings.server.trusted_user_header) and not insecure:
        raise AgendaError(
            f"Ohne AGENDA_API_TOKENS lauscht der Server nur auf 127.0.0.1. Für {host} Tokens setzen oder --insecure angeben."
        )
    if workers > 1:
        print(f"Agenda-Assistent läuft auf http://{host}:{port}/ mit {workers} Workern (API-Dokumentation: /docs)", flush=True)
        uvicorn.run("ui.server:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning")
        return 0
    app = create_app(settings)
    print(f"Agenda-Assistent läuft auf http://{host}:{port}/  (API-Dokumentation: /docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def app_from_env() -> FastAPI:
    """App factory for uvicorn worker processes: settings from AGENDA_*; reports the worker's memory once ready."""
    import os
    import resource

    app = create_app(Settings())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Worker {os.getpid()} bereit: {rss_mb:.0f} MB RSS", flush=True)
    return app
