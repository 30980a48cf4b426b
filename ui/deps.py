"""Typed FastAPI dependencies: the shared state, the caller the front door identified, admin rights, the rate limit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from ui.frontdoor import identity_of
from ui.security import Identity
from ui.state import AppState


def get_state(request: Request) -> AppState:
    return request.app.state.agenda


def get_caller(request: Request) -> Identity:
    """The authenticated caller (the front door already refused anonymous requests on non-public routes)."""
    who = identity_of(request.scope)
    if who is None:
        raise HTTPException(401, "Anmeldung erforderlich.")
    return who


State = Annotated[AppState, Depends(get_state)]
Caller = Annotated[Identity, Depends(get_caller)]


def get_admin(who: Caller, state: State) -> Identity:
    """Only admin tokens (or an admin session) may change documents."""
    if not state.gate.admin_tokens:
        raise HTTPException(403, "Dokumente ändern ist abgeschaltet: keine Admin-Tokens konfiguriert (AGENDA_ADMIN_TOKENS).")
    if not who.admin:
        raise HTTPException(403, "Für diese Aktion ist ein Admin-Token nötig.")
    return who


def limited(who: Caller, state: State) -> Identity:
    """An API call costs one unit of the caller's rate limit (questions included)."""
    state.limiter.take(who.client_id)
    return who


Admin = Annotated[Identity, Depends(get_admin)]
Limited = Annotated[Identity, Depends(limited)]
