"""Bearer-token auth (constant-time), trusted proxy header, and a per-client rate limit for the HTTP API."""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request

from assistant.core.settings import Settings


def _matches(candidate: str, tokens: set[str]) -> bool:
    """Compare against every token in constant time (no early exit that leaks which one matched)."""
    found = False
    for token in tokens:
        found |= hmac.compare_digest(candidate.encode(), token.encode())
    return found


def bearer(request: Request) -> str:
    """The bearer token of a request ('' if none)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


@dataclass
class Caller:
    """Who is calling: an id for rate limiting and whether they may change documents."""

    client_id: str
    admin: bool


def authenticate(request: Request, settings: Settings, admin: bool = False) -> Caller:
    """Check the request; raise 401/403 with a clear message (never echoing the token)."""
    api_tokens, admin_tokens = settings.server.token_set("api"), settings.server.token_set("admin")
    token = bearer(request)
    is_admin = bool(token) and _matches(token, admin_tokens)
    user = request.headers.get(settings.server.trusted_user_header, "") if settings.server.trusted_user_header else ""
    if admin:
        if not admin_tokens:
            raise HTTPException(403, "Dokumente ändern ist abgeschaltet: keine Admin-Tokens konfiguriert (AGENDA_ADMIN_TOKENS).")
        if not is_admin:
            raise HTTPException(403, "Für diese Aktion ist ein Admin-Token nötig.")
        return Caller(f"admin:{_fingerprint(token)}", True)
    if is_admin:
        return Caller(f"admin:{_fingerprint(token)}", True)
    if token and _matches(token, api_tokens):
        return Caller(f"token:{_fingerprint(token)}", False)
    if user:
        return Caller(f"user:{user}", False)
    if not api_tokens and not admin_tokens:
        return Caller(f"ip:{request.client.host if request.client else '?'}", False)
    raise HTTPException(401, "Anmeldung erforderlich: Authorization: Bearer <Token> senden.")


def _fingerprint(token: str) -> str:
    """A short, non-reversible id of a token for rate-limit keys (the token itself is never stored or logged)."""
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()[:12]


class RateLimiter:
    """Token bucket per client: `per_minute` requests, refilled continuously."""

    def __init__(self, per_minute: int):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client_id: str) -> None:
        """Raise 429 with Retry-After when the client is over its budget."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client_id, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                retry = max(1, int((1.0 - tokens) / self.rate + 0.999))
                self._buckets[client_id] = (tokens, now)
                raise HTTPException(429, "Zu viele Anfragen; bitte kurz warten.", headers={"Retry-After": str(retry)})
            self._buckets[client_id] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget idle clients
                cutoff = now - 600
                self._buckets = {k: v for k, v in self._buckets.items() if v[1] > cutoff}
