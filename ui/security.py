"""Who is calling: bearer tokens (constant-time), signed session cookies, the trusted proxy's user header; a rate limiter.

HTTP-framework free: works on plain header mappings so the ASGI front door and the Gradio chat use the same rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Mapping

from assistant.core.settings import Settings

SESSION_COOKIE = "agenda_sitzung"


def fingerprint(token: str) -> str:
    """A short, non-reversible id of a token (the token itself is never stored or logged)."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def _matches(candidate: str, tokens: set[str]) -> bool:
    """Compare against every token in constant time (no early exit that leaks which one matched)."""
    found = False
    for token in tokens:
        found |= hmac.compare_digest(candidate.encode(), token.encode())
    return found


@dataclass(frozen=True)
class Identity:
    """An authenticated caller: a non-secret id (rate limit, audit log), a role and how they proved it."""

    client_id: str
    role: str  # "reader" or "admin"
    via: str  # "token", "cookie", "proxy" or "open" (no auth configured, loopback only)

    @property
    def admin(self) -> bool:
        return self.role == "admin"


class RateLimited(Exception):
    """The caller is over budget; retry_after in seconds."""

    def __init__(self, retry_after: int):
        super().__init__("Zu viele Anfragen; bitte kurz warten.")
        self.retry_after = retry_after


class Gate:
    """The auth rules of one server: tokens, session signing key, proxy networks."""

    def __init__(self, settings: Settings):
        server = settings.server
        self.api_tokens, self.admin_tokens = server.token_set("api"), server.token_set("admin")
        self.proxies = server.proxy_networks()
        self.user_header = server.trusted_user_header.lower()
        self.session_seconds = int(server.session_hours * 3600)
        self.required = bool(self.api_tokens or self.admin_tokens or self.proxies)
        self._fingerprints = {fingerprint(t): "admin" for t in self.admin_tokens} | {
            fingerprint(t): "reader" for t in self.api_tokens - self.admin_tokens}
        self._key = _session_key(settings.data_dir)

    def role_of_token(self, token: str) -> str | None:
        if token and _matches(token, self.admin_tokens):
            return "admin"
        if token and _matches(token, self.api_tokens):
            return "reader"
        return None

    def is_proxy(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.proxies)

    def identify(self, headers: Mapping[str, str], peer: str) -> Identity | None:
        """The caller of a request with these (lower-case) headers from this peer address, or None (401)."""
        if not self.required:  # no tokens, no proxies: loopback-only server, every caller is a reader
            return Identity(f"ip:{peer}", "reader", "open")
        scheme, _, value = headers.get("authorization", "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else ""
        if token:
            role = self.role_of_token(token)
            return Identity(f"{role}:{fingerprint(token)}", role, "token") if role else None
        session = self.read_session(headers.get("cookie", ""))
        if session:
            return session
        if self.proxies and self.is_proxy(peer):
            user = headers.get(self.user_header, "").strip()
            return Identity(f"user:{user[:200]}", "reader", "proxy") if user else None
        return None

    def make_session(self, token: str) -> str | None:
        """A signed cookie value for a valid token: role, token fingerprint, expiry (never the token)."""
        role = self.role_of_token(token)
        if not role:
            return None
        payload = f"{role}.{fingerprint(token)}.{int(time.time()) + self.session_seconds}"
        return payload + "." + self._sign(payload)

    def read_session(self, cookie_header: str) -> Identity | None:
        if not cookie_header or SESSION_COOKIE not in cookie_header:
            return None
        cookie = SimpleCookie()
        try:
            cookie.load(cookie_header)
        except Exception:  # noqa: BLE001 - a malformed cookie header is simply no session
            return None
        morsel = cookie.get(SESSION_COOKIE)
        parts = morsel.value.split(".") if morsel else []
        if len(parts) != 4:
            return None
        payload = ".".join(parts[:3])
        if not hmac.compare_digest(self._sign(payload), parts[3]):
            return None
        role, fp, expires = parts[:3]
        if not expires.isdigit() or int(expires) < time.time() or self._fingerprints.get(fp) != role:
            return None  # expired, or the token was revoked since the login
        return Identity(f"{role}:{fp}", role, "cookie")

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _session_key(data_dir: Path) -> bytes:
    """The session signing key, kept in the data dir (mode 0600) so every worker process shares it."""
    path = data_dir / "session.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        except FileExistsError:
            pass
    return path.read_bytes()


class RateLimiter:
    """Token bucket per client: `per_minute` units, refilled continuously; a question costs 1, a batch of N costs N."""

    def __init__(self, per_minute: int):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client_id: str, cost: int = 1) -> None:
        """Spend `cost` units or raise RateLimited (a cost above the capacity can never pass)."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client_id, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < cost:
                retry = max(1, int((min(cost, self.capacity) - tokens) / self.rate + 0.999))
                self._buckets[client_id] = (tokens, now)
                raise RateLimited(retry)
            self._buckets[client_id] = (tokens - cost, now)
            if len(self._buckets) > 10_000:  # forget idle clients
                cutoff = now - 600
                self._buckets = {k: v for k, v in self._buckets.items() if v[1] > cutoff}
