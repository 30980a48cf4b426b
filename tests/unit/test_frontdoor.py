"""Binding: a public address needs tokens or trusted proxies (no app, no model)."""

import pytest

from ui.server import check_bind


def test_public_bind_needs_tokens_or_trusted_proxies(settings):
    from assistant.core.errors import AgendaError

    with pytest.raises(AgendaError):
        check_bind(settings.with_overrides(trusted_user_header="X-Remote-User"), "0.0.0.0", insecure=False)
    check_bind(settings.with_overrides(trusted_proxies="10.0.0.2"), "0.0.0.0", insecure=False)
    check_bind(settings.with_overrides(api_tokens="x"), "10.0.0.5", insecure=False)
    check_bind(settings, "127.0.0.1", insecure=False)
