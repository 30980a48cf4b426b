"""The front door over a real socket: proxy mode judged by the real peer address, streaming bodies cut off at the limit."""

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.apps import READER, build
from tests.web_helpers import ServerThread
from ui.security import Gate

pytestmark = pytest.mark.slow


def test_proxy_mode_honours_the_header_only_from_trusted_peers(tmp_path, embedder):
    settings, app = build(tmp_path, embedder, trusted_proxies="127.0.0.1/32")
    gate = Gate(settings)
    assert gate.identify({"x-remote-user": "mueller"}, "127.0.0.1").client_id == "user:mueller"
    assert gate.identify({"x-remote-user": "mueller"}, "10.1.2.3") is None  # forged: not from the proxy
    assert gate.identify({}, "127.0.0.1") is None  # proxy mode: the header is required
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        question = {"question": "Wann führt die Musterstadt die E-Akte ein?"}
        assert http.post("/api/ask", json=question).status_code == 401
        assert http.post("/api/ask", json=question, headers={"X-Remote-User": "mueller"}).status_code == 200
        assert http.get("/config", headers={"X-Remote-User": "mueller"}).status_code == 200
    with TestClient(app, base_url="http://localhost") as client:  # peer "testclient" is no trusted proxy
        assert client.post("/api/ask", json=question, headers={"X-Remote-User": "mueller"}).status_code == 401


class Counting:
    """Outermost ASGI wrapper: counts the body bytes the server hands to the app."""

    def __init__(self, app):
        self.app, self.bytes = app, 0

    async def __call__(self, scope, receive, send):
        async def counted():
            message = await receive()
            self.bytes += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


def _chunks(total: int, produced: list, size: int = 64 * 1024):
    while sum(produced) < total:
        produced.append(size)
        yield b" " * size


def test_chunked_bodies_are_cut_off_at_the_limit(secured):
    settings, app = secured
    counting = Counting(app)
    limit = settings.server.max_body_kb * 1024
    with ServerThread(counting) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        produced: list[int] = []
        response = http.post("/api/ask", content=_chunks(3 * 1024 * 1024, produced), headers=READER | {"content-type": "application/json"})
        assert response.status_code == 413 and response.json()["detail"].startswith("Anfrage zu groß")
        assert counting.bytes <= limit + 256 * 1024  # at most the one server read that crossed the limit
        counting.bytes, produced = 0, []
        try:
            response = http.post("/api/documents", content=_chunks(80 * 1024 * 1024, produced),
                                 headers={"content-type": "multipart/form-data; boundary=x"})
            assert response.status_code == 401
        except httpx.TransportError:
            pass  # the server closed the connection while the client was still sending: also cut off
        assert counting.bytes == 0 and sum(produced) < 40 * 1024 * 1024
