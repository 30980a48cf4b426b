"""The front door in process: every route behind one auth layer (Gradio's included), sessions, Host check, one German
error shape, no conversation on disk, uploads that never silently replace, the audit log (real socket: tests/e2e)."""

import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.apps import ADMIN, READER, build
from ui.frontdoor import is_public

pytestmark = pytest.mark.slow
PUBLIC = {"/healthz", "/readyz", "/login", "/widget.js", "/favicon.ico", "/robots.txt", "/assets/{path:path}",
          "/static/{path:path}", "/svelte/{path:path}", "/docs-assets"}


def all_routes(routes, prefix=""):
    """(path, methods) of every HTTP route, walking mounts (the Gradio app) and included routers recursively."""
    for route in routes:
        if hasattr(route, "effective_route_contexts"):
            for ctx in route.effective_route_contexts():
                yield prefix + ctx.path, set(getattr(ctx.original_route, "methods", None) or {"GET"})
        elif type(route).__name__ == "Mount":
            sub = getattr(route.app, "routes", None)
            if sub is None:  # a static files mount
                yield prefix + route.path, {"GET"}
            else:
                yield from all_routes(sub, prefix + route.path.rstrip("/"))
        elif type(route).__name__ == "WebSocketRoute":
            yield prefix + route.path, {"WEBSOCKET"}
        else:
            yield prefix + route.path, set(getattr(route, "methods", None) or {"GET"})


def test_every_route_requires_auth_unless_public(secured):
    settings, app = secured
    routes = sorted(set((p, frozenset(m)) for p, m in all_routes(app.routes)))
    assert any(p.startswith("/gradio_api/queue/join") for p, _ in routes) and any("/gradio_api/upload" in p for p, _ in routes)
    public, checked = set(), 0
    with TestClient(app, base_url="http://localhost") as client:
        for path, methods in routes:
            url = re.sub(r"\{[^}]+\}", "x", path).replace("=x", "=/etc/passwd")
            if is_public(url):
                public.add(path)
                continue
            for method in sorted(methods - {"HEAD", "OPTIONS"}):
                if method == "WEBSOCKET":
                    from starlette.websockets import WebSocketDisconnect

                    with pytest.raises(WebSocketDisconnect):
                        with client.websocket_connect(url):
                            pass
                    checked += 1
                    continue
                response = client.request(method, url, follow_redirects=False)
                assert response.status_code in (401, 403), (method, path, response.status_code)
                assert "detail" in response.json()
                page = client.request(method, url, headers={"accept": "text/html"}, follow_redirects=False)
                assert page.status_code in (401, 403) or (page.status_code == 303 and page.headers["location"].startswith("/login"))
                checked += 1
    assert checked > 40
    assert public <= PUBLIC, public - PUBLIC


def test_gradio_chat_needs_auth_and_is_rate_limited(tmp_path, embedder):
    settings, app = build(tmp_path, embedder, api_tokens="lesen-123", rate_limit_per_minute=3)
    data = ["Wann führt die Musterstadt die E-Akte ein?", [], [], [], [], "extractive"]
    with TestClient(app, base_url="http://localhost") as client:
        assert client.post("/gradio_api/call/respond", json={"data": data}).status_code == 401
        assert client.post("/gradio_api/queue/join", json={"data": data, "fn_index": 0, "session_hash": "abc"}).status_code == 401
        assert client.get("/config").status_code == 401 and client.get("/gradio_api/info").status_code == 401
        outputs = []
        for _ in range(5):
            event = client.post("/gradio_api/call/respond", json={"data": data}, headers=READER).json()["event_id"]
            outputs.append(client.get(f"/gradio_api/call/respond/{event}", headers=READER).text)
    assert "2026" in outputs[0] and "E-Akte" in outputs[0]
    assert sum("Zu viele Fragen" in o for o in outputs) == 2


def test_login_form_sets_a_strict_httponly_session_cookie(secured):
    settings, app = secured
    with TestClient(app, base_url="http://localhost") as client:
        redirect = client.get("/widget-demo", headers={"accept": "text/html"}, follow_redirects=False)
        assert redirect.status_code == 303 and redirect.headers["location"] == "/login?next=%2Fwidget-demo"
        form = client.get("/login")
        assert "Zugangstoken" in form.text and "lesen-123" not in form.text
        wrong = client.post("/login", data={"token": "falsch", "next": "/"}, follow_redirects=False)
        assert wrong.status_code == 401 and "nicht gültig" in wrong.text
        evil = client.post("/login", data={"token": "lesen-123", "next": "//evil.example/"}, follow_redirects=False)
        assert evil.headers["location"] == "/"
        cookie = evil.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "lesen-123" not in cookie
        assert client.get("/config").status_code == 200 and client.get("/api/documents").status_code == 200
        assert client.delete("/api/documents/musterstadt").status_code == 403  # a reader session is no admin
        tampered = client.cookies.get("agenda_sitzung").replace("reader", "admin")
        client.cookies.clear()
        client.cookies.set("agenda_sitzung", tampered)
        assert client.get("/config").status_code == 401  # a tampered cookie is no session


def test_host_check_errors_and_methods(secured):
    settings, app = secured
    with TestClient(app, base_url="http://localhost") as client:
        foreign = client.get("/healthz", headers={"host": "evil.example"})
        assert foreign.status_code == 400 and foreign.json() == {"detail": "Ungültige Anfrage."}
        for method, path in [("GET", "/api/ask"), ("PUT", "/api/documents"), ("POST", "/v1/models"), ("GET", "/v1/chat/completions")]:
            response = client.request(method, path, headers=READER)
            assert response.status_code == 405 and response.json() == {"detail": "Methode nicht erlaubt."}, (method, path)
        assert client.get("/api/gibtsnicht", headers=READER).json() == {"detail": "Nicht gefunden."}
        assert client.get("/gibtsnicht", headers=READER).json() == {"detail": "Nicht gefunden."}
        bad = client.post("/api/ask", content=b"{kaputt", headers=READER | {"content-type": "application/json"})
        assert bad.status_code == 422 and "JSON" in bad.json()["detail"]
        parts = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": ["a", {"text": 5}]}]}, headers=READER)
        assert parts.status_code == 200 and "choices" in parts.json()  # the string part "a" is the question; 5 is ignored
        cors = client.get("/config", headers=READER | {"origin": "http://localhost:9999"})
        assert "access-control-allow-origin" not in cors.headers


def test_uploads_never_silently_replace_and_are_audited(secured):
    settings, app = secured
    with TestClient(app, base_url="http://localhost") as client:
        planted = client.post("/api/documents", files={"file": ("Musterstadt.md", "Die Musterstadt hat kein Rathaus.".encode())}, headers=ADMIN)
        assert planted.status_code == 409 and "replace=true" in planted.json()["detail"]
        replaced = client.post("/api/documents?replace=true", files={"file": ("musterstadt.txt", "Die Musterstadt baut 2030 ein Rathaus.".encode())},
                               headers=ADMIN)
        assert replaced.status_code == 200 and replaced.json()["replaced"] and replaced.json()["previous_chunks"] >= 1
        new = client.post("/api/documents", files={"file": ("neu.txt", "Die Neustadt plant 2029 ein Bürgerbüro.".encode())}, headers=ADMIN)
        assert new.status_code == 200
        from ui.chat import _filter_choices

        assert "neu" in [doc_id for _, doc_id in _filter_choices(app.state.agenda)]  # the chat's filter lists it at once
        assert client.delete("/api/documents/neu", headers=ADMIN).json()["removed_chunks"] >= 1
    from ingest.pipeline import ingest_paths

    engine = app.state.agenda.engine
    ingest_paths([settings.corpus_dir], settings, index=engine.index, embedder_factory=lambda: engine.embedder)  # agenda ingest
    restored = " ".join(c.text for c in engine.index.all_chunks(where={"doc_id": "musterstadt"}))
    assert "E-Akte" in restored and "Rathaus" not in restored
    audit = [json.loads(line) for line in (settings.data_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [a["action"] for a in audit] == ["ersetzt", "hochgeladen", "gelöscht"]
    assert all(a["actor"].startswith("admin:") and "admin-456" not in json.dumps(a) for a in audit)
    assert audit[0]["doc_id"] == "musterstadt" and audit[0]["bundled"] is True and audit[0]["previous_chunks"] >= 1
    assert oct((settings.data_dir / "audit.jsonl").stat().st_mode & 0o777) == "0o600"


def test_no_conversation_reaches_the_disk(tmp_path, embedder, caplog):
    settings, app = build(tmp_path, embedder, rate_limit_per_minute=1000)
    marker = "Zebrastreifenfrage"
    caplog.set_level(logging.INFO, logger="agenda.access")
    before = time.time()
    with TestClient(app, base_url="http://localhost") as client:
        for i in range(20):
            question = f"{marker} {i}: Wann führt die Musterstadt die E-Akte ein?"
            event = client.post("/gradio_api/call/respond", json={"data": [question, [], [], [], [], "extractive"]}).json()["event_id"]
            assert "E-Akte" in client.get(f"/gradio_api/call/respond/{event}").text
        briefing = client.post("/gradio_api/call/briefing", json={"data": [[["Frage", {}]]]})
        assert briefing.status_code in (200, 404, 422)
    roots = {settings.data_dir, Path(tempfile.gettempdir()), Path.cwd()}
    hits = [p for root in roots for p in _recent_files(root, before) if marker.encode() in p.read_bytes()]
    assert not hits, hits
    access = [r.getMessage() for r in caplog.records if r.name == "agenda.access"]
    assert any("/gradio_api/call/respond" in line and " 200 " in line for line in access)
    assert marker not in caplog.text  # the access log never holds question text (AGENDA_LOG_QUESTIONS is off)
    assert oct((settings.data_dir / "tmp" / "gradio").stat().st_mode & 0o777) == "0o700"


def _recent_files(root: Path, since: float):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in {".git", "node_modules", ".venv", "proc"}]
        for name in filenames:
            path = Path(dirpath) / name
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since and path.stat().st_size < 20_000_000:
                    yield path
            except OSError:
                continue
