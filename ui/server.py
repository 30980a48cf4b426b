"""One FastAPI app: Gradio chat at /, REST API at /api, OpenAI-compatible /v1, widget, health checks — all behind
one front door (host check, CORS, auth, body limits, access log)."""

from __future__ import annotations

import ipaddress
import logging
import os
import shutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from assistant.core.env import configure_offline_environment
from assistant.core.errors import AgendaError
from assistant.core.settings import Settings

LOOPBACK_NAMES = ["localhost", "127.0.0.1"]
log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(settings: Settings, host: str) -> list[str]:
    """AGENDA_ALLOWED_HOSTS, else the localhost names on loopback, else the bound address (any for 0.0.0.0)."""
    configured = [h.strip() for h in settings.server.allowed_hosts.split(",") if h.strip()]
    if configured:
        return configured
    if is_loopback(host):
        return LOOPBACK_NAMES
    if host in {"0.0.0.0", "::", ""}:
        log.warning("AGENDA_ALLOWED_HOSTS ist nicht gesetzt: jeder Host-Name wird angenommen.")
        return ["*"]
    return [host] + LOOPBACK_NAMES


def private_temp_dir(settings: Settings) -> Path:
    """Gradio's temp folder under the data dir (mode 0700), emptied at start; old briefing files removed."""
    tmp = settings.data_dir / "tmp"
    for stale in tmp.glob("briefing-*.md"):
        stale.unlink(missing_ok=True)
    folder = tmp / "gradio"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o700)
    os.chmod(folder, 0o700)
    os.environ["GRADIO_TEMP_DIR"] = str(folder.resolve())
    return folder


def own_routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """(path, methods) of the app's own routes (not the Gradio mount), for the front door's 405/404 answers."""
    found = []
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for ctx in contexts:
            original = getattr(ctx, "original_route", ctx)
            methods = getattr(original, "methods", None)
            if methods:
                found.append((getattr(ctx, "path", None) or original.path, set(methods)))
    return found


def create_app(settings: Settings, engine=None, host: str = "127.0.0.1") -> FastAPI:
    """Build the app; the engine (models and index) is loaded once here and shared by all requests."""
    configure_offline_environment()
    private_temp_dir(settings)
    import gradio as gr
    from swagger_ui_bundle import swagger_ui_path

    from ui.chat import CSS, HEAD, build_chat_ui, theme
    from ui.errors import install_error_handlers
    from ui.frontdoor import FrontDoor, GermanTrustedHost
    from ui.locale import GermanPage
    from ui.routes import ask, batch, documents, openai, site
    from ui.state import AppState

    if engine is None:
        from assistant.app.bootstrap import ready_engine

        engine = ready_engine(settings)
    state = AppState(settings, engine)
    app = FastAPI(title="Agenda-Assistent API", version="0.2.0", docs_url=None, redoc_url=None,
                  description="Zitierte Antworten aus kommunalen Digitalstrategien. Anmeldung: `Authorization: Bearer <Token>` "
                              "oder die Sitzung nach der Anmeldung unter /login.")
    app.openapi_version = "3.0.3"  # the Swagger UI bundled for offline /docs (4.x) renders OpenAPI 3.0
    app.state.agenda = state
    install_error_handlers(app)
    for module in (ask, batch, documents, openai, site):
        app.include_router(module.router)
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    server = settings.server
    upload_limit = server.max_upload_mb * 1024 * 1024 + 65536

    def body_limit(path: str, method: str) -> int:
        return upload_limit if (path == "/api/documents" and method == "POST") else server.max_body_kb * 1024

    app.add_middleware(GermanPage)
    app.add_middleware(FrontDoor, gate=state.gate, body_limit=body_limit, routes=lambda: own_routes(app))
    origins = [o.strip() for o in server.allowed_origins.split(",") if o.strip()]
    app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                       allow_headers=["Authorization", "Content-Type"], allow_credentials=False)
    app.add_middleware(GermanTrustedHost, allowed_hosts=allowed_hosts(settings, host))
    demo = build_chat_ui(state)
    return gr.mount_gradio_app(app, demo, path="/", css=CSS, head=HEAD, theme=theme(), footer_links=[], show_error=False,
                               max_file_size=server.max_body_kb * 1024)


def check_bind(settings: Settings, host: str, insecure: bool) -> None:
    """Refuse a non-loopback address unless tokens or trusted proxies protect it (or --insecure)."""
    server = settings.server
    protected = server.token_set("api") or server.token_set("admin") or server.proxy_networks()
    if not is_loopback(host) and not protected and not insecure:
        raise AgendaError(
            f"Ohne AGENDA_API_TOKENS oder AGENDA_TRUSTED_PROXIES lauscht der Server nur auf 127.0.0.1. "
            f"Für {host} Tokens oder vertrauenswürdige Proxys setzen, oder --insecure angeben."
        )


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    for name in ("agenda.access", "agenda.questions"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, insecure: bool = False, workers: int = 1) -> int:
    """Start uvicorn (workers > 1: one process each, built by app_from_env); no proxy-header rewriting: the front door
    judges the real peer address."""
    import uvicorn

    check_bind(settings, host, insecure)
    if workers > 1:
        os.environ["AGENDA_SERVE_HOST"] = host
        print(f"Agenda-Assistent läuft auf http://{host}:{port}/ mit {workers} Workern (API-Dokumentation: /docs)", flush=True)
        uvicorn.run("ui.server:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning",
                    access_log=False, proxy_headers=False)
        return 0
    app = create_app(settings, host=host)
    _log_to_stderr()
    print(f"Agenda-Assistent läuft auf http://{host}:{port}/  (API-Dokumentation: /docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
    return 0


def app_from_env() -> FastAPI:
    """App factory for uvicorn worker processes: settings from AGENDA_*; reports the worker's memory once ready."""
    import resource

    app = create_app(Settings(), host=os.environ.get("AGENDA_SERVE_HOST", "127.0.0.1"))
    _log_to_stderr()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Worker {os.getpid()} bereit: {rss_mb:.0f} MB RSS", flush=True)
    return app
