"""The auth rules without a server: tokens, signed sessions (tamper, expiry, revocation), proxy peers, the limiter."""

import time

import pytest

from assistant.core.settings import Settings
from ui.security import SESSION_COOKIE, Gate, RateLimited, RateLimiter


def gate(tmp_path, **server) -> Gate:
    return Gate(Settings(data_dir=tmp_path).with_overrides(**server))


def test_tokens_and_sessions(tmp_path):
    g = gate(tmp_path, api_tokens="lesen", admin_tokens="admin")
    assert g.identify({"authorization": "Bearer lesen"}, "10.0.0.9").role == "reader"
    assert g.identify({"authorization": "Bearer admin"}, "10.0.0.9").admin
    assert g.identify({"authorization": "Bearer falsch"}, "10.0.0.9") is None and g.identify({}, "127.0.0.1") is None
    value = g.make_session("admin")
    assert "admin" == value.split(".")[0] and "admin" not in value.split(".", 1)[1]  # role, fingerprint, expiry, signature
    assert g.identify({"cookie": f"x=1; {SESSION_COOKIE}={value}"}, "10.0.0.9").admin
    forged = value.replace("admin", "reader", 1)
    assert g.identify({"cookie": f"{SESSION_COOKIE}={forged}"}, "10.0.0.9") is None
    assert gate(tmp_path, api_tokens="lesen", admin_tokens="neu").read_session(f"{SESSION_COOKIE}={value}") is None  # revoked
    short = gate(tmp_path, api_tokens="lesen", session_hours=0.0001)
    stale = short.make_session("lesen")
    time.sleep(0.5)
    assert short.read_session(f"{SESSION_COOKIE}={stale}") is None
    assert (tmp_path / "session.key").stat().st_mode & 0o777 == 0o600


def test_open_mode_and_proxy_mode(tmp_path):
    open_gate = gate(tmp_path)
    assert open_gate.identify({"authorization": "Bearer irgendwas"}, "127.0.0.1").via == "open"
    proxy = gate(tmp_path, trusted_proxies="10.0.0.0/24, 192.168.1.7")
    assert proxy.identify({"x-remote-user": "mueller"}, "10.0.0.3").client_id == "user:mueller"
    assert proxy.identify({"x-remote-user": "mueller"}, "192.168.1.8") is None
    assert proxy.identify({}, "192.168.1.7") is None


def test_limiter_counts_questions():
    limiter = RateLimiter(5)
    limiter.take("a", cost=4)
    with pytest.raises(RateLimited) as info:
        limiter.take("a", cost=2)
    assert info.value.retry_after >= 1
    limiter.take("b", cost=5)
    with pytest.raises(RateLimited):
        limiter.take("c", cost=6)  # more than a minute's budget never passes
