"""The front door: one ASGI middleware in front of every route (API, /v1, Gradio's page, config, queue, files, uploads).

Order of work for each request: wrong method → 405; not public and no valid credentials → 401 (API) or a redirect
to the login form (HTML pages); body size enforced while the body streams (chunked too) → 413 at the limit;
4xx answers of the Gradio sub-app rewritten to the one German JSON error shape; one access-log line without
question text."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Awaitable, Callable
from urllib.parse import quote

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import compile_path

from ui.security import Gate, Identity

Scope = dict
ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]

PUBLIC_PATHS = {"/healthz", "/readyz", "/login", "/widget.js", "/favicon.ico", "/robots.txt"}
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/docs-assets/")  # static files only, no data
GERMAN_STATUS = {
    400: "Ungültige Anfrage.", 401: "Anmeldung erforderlich.", 403: "Keine Berechtigung.", 404: "Nicht gefunden.",
    405: "Methode nicht erlaubt.", 408: "Zeitüberschreitung.", 409: "Konflikt.", 413: "Anfrage zu groß.",
    415: "Dateityp nicht unterstützt.", 422: "Ungültige Anfrage.", 429: "Zu viele Anfragen; bitte kurz warten.",
}
access_log = logging.getLogger("agenda.access")


def is_public(path: str) -> bool:
    """Paths anyone may fetch: health checks, the login form, static assets."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def identity_of(scope: Scope) -> Identity | None:
    """The identity the front door established for this request (None on public paths without credentials)."""
    return scope.get("state", {}).get("identity")


async def send_json(send, status: int, detail: str, headers: dict | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), str(v).encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """Raised inside receive() once the body passed the limit (after the 413 was sent)."""


class FrontDoor:
    """ASGI middleware; `routes` lists (path, methods) of the app's own routes for 405 and 404 decisions."""

    def __init__(self, app: ASGIApp, gate: Gate, body_limit: Callable[[str, str], int], routes: Callable[[], list[tuple[str, set[str]]]]):
        self.app, self.gate, self.body_limit = app, gate, body_limit
        self._routes_source = routes
        self._routes: list[tuple[re.Pattern, set[str]]] | None = None

    def _own_route(self, path: str, method: str) -> str:
        """'ours' (an app route takes it), 'method' (path known, method not), or 'other' (the Gradio mount)."""
        if self._routes is None:
            self._routes = [(compile_path(p)[0], m) for p, m in self._routes_source()]
        known = False
        for regex, methods in self._routes:
            if regex.match(path):
                if method in methods or (method == "HEAD" and "GET" in methods):
                    return "ours"
                known = True
        return "method" if known else "other"

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] == "websocket":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            who = self.gate.identify(headers, scope["client"][0] if scope.get("client") else "")
            if who is None and not is_public(scope["path"]):
                await send({"type": "websocket.close", "code": 1008})
                return
            scope.setdefault("state", {})["identity"] = who
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, path, method = time.perf_counter(), scope["path"], scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        peer = scope["client"][0] if scope.get("client") else ""
        status_box = [0]

        async def send_logged(message):
            if message["type"] == "http.response.start":
                status_box[0] = message["status"]
            await send(message)

        try:
            await self._handle(scope, receive, send_logged, path, method, headers, peer)
        finally:
            who = identity_of(scope)
            access_log.info("%s %s %s %s %s %.0fms", peer, who.client_id if who else "-", method, path, status_box[0],
                            (time.perf_counter() - started) * 1000)  # never the query string or body: no question text

    async def _handle(self, scope, receive, send, path, method, headers, peer) -> None:
        who = self.gate.identify(headers, peer)
        scope.setdefault("state", {})["identity"] = who
        if who is None and not is_public(path):
            await self._refuse(send, path, method, headers, scope)
            return
        route = self._own_route(path, method)
        if route == "method":
            allowed = sorted({m for r, ms in self._routes if r.match(path) for m in ms})
            await send_json(send, 405, GERMAN_STATUS[405], {"Allow": ", ".join(allowed)} | _close_if_body(headers))
            return
        if route == "other" and path.startswith(("/api/", "/v1/")):
            await send_json(send, 404, GERMAN_STATUS[404], _close_if_body(headers))
            return
        limit = self.body_limit(path, method)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await send_json(send, 413, _too_large(limit), {"Connection": "close"})
            return
        guard = BodyGuard(receive, send, limit)
        app_send = _germanize_errors(guard.send) if route == "other" else guard.send
        try:
            await self.app(scope, guard.receive, app_send)
        except Exception:
            if not guard.over:
                raise

    async def _refuse(self, send, path, method, headers, scope) -> None:
        """HTML page requests go to the login form; everything else gets 401 JSON."""
        if method in {"GET", "HEAD"} and "text/html" in headers.get("accept", ""):
            target = path + (("?" + scope["query_string"].decode("latin-1")) if scope.get("query_string") else "")
            location = "/login?next=" + quote(target, safe="")
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", location.encode()), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send_json(send, 401, "Anmeldung erforderlich: bitte anmelden oder ein gültiges Token senden.",
                        {"WWW-Authenticate": "Bearer"} | _close_if_body(headers))


class BodyGuard:
    """Counts body bytes as they arrive and answers 413 the moment the limit is passed; nothing more is read
    and whatever the app still tries to send is dropped."""

    def __init__(self, receive, send, limit: int):
        self._receive, self._send, self.limit = receive, send, limit
        self.seen, self.over, self.started = 0, False, False

    async def receive(self):
        if self.over:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                self.over = True
                if not self.started:
                    await send_json(self._send, 413, _too_large(self.limit), {"Connection": "close"})
                raise BodyTooLarge()
        return message

    async def send(self, message):
        if self.over:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _has_body(headers: dict) -> bool:
    return headers.get("content-length", "0") not in ("", "0") or "chunked" in headers.get("transfer-encoding", "")


def _close_if_body(headers: dict) -> dict:
    """Answering before the body was read: close the connection so the client stops sending."""
    return {"Connection": "close"} if _has_body(headers) else {}


def _too_large(limit: int) -> str:
    return f"Anfrage zu groß (höchstens {limit // 1024 // 1024 or 1} MB)." if limit >= 1 << 20 else "Anfrage zu groß."


class GermanTrustedHost(TrustedHostMiddleware):
    """Starlette's Host check (DNS-rebinding guard); its plain-text refusals (and any other) in the German JSON shape."""

    async def __call__(self, scope, receive, send) -> None:
        await super().__call__(scope, receive, _germanize_errors(send, only_plain=True) if scope["type"] == "http" else send)


def _germanize_errors(send, only_plain: bool = False):
    """Rewrite 4xx answers into {"detail": "<German>"}: all of them (the Gradio sub-app's texts are English),
    or only plain-text ones (Starlette's Host and CORS refusals)."""
    held: dict = {}

    async def wrapped(message):
        if message["type"] == "http.response.start" and 400 <= message["status"] < 500 and (
                not only_plain or b"text/plain" in dict(message["headers"]).get(b"content-type", b"")):
            held["start"] = message
            return
        if held and message["type"] == "http.response.body":
            if message.get("more_body"):
                return
            start = held.pop("start")
            status = start["status"]
            body = json.dumps({"detail": GERMAN_STATUS.get(status, "Ungültige Anfrage.")}, ensure_ascii=False).encode()
            keep = [(k, v) for k, v in start["headers"] if k.lower() not in {b"content-length", b"content-type"}]
            keep += [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": status, "headers": keep})
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    return wrapped
