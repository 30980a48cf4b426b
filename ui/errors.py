"""One error shape for every 4xx: {"detail": "<German text>"}; domain errors mapped to their status codes."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.app.documents import DocumentExists, DocumentNotFound, NotIndexed, TooLarge, UnsupportedType
from assistant.core.errors import AgendaError
from ui.frontdoor import GERMAN_STATUS
from ui.security import RateLimited

log = logging.getLogger(__name__)
DOMAIN_STATUS = {DocumentExists: 409, DocumentNotFound: 404, UnsupportedType: 415, TooLarge: 413, NotIndexed: 422}
PYDANTIC_GERMAN = {
    "missing": "fehlt", "extra_forbidden": "unbekanntes Feld", "string_type": "muss Text sein", "literal_error": "unzulässiger Wert",
    "list_type": "muss eine Liste sein", "int_parsing": "muss eine ganze Zahl sein", "int_type": "muss eine ganze Zahl sein",
    "bool_parsing": "muss true oder false sein", "bool_type": "muss true oder false sein", "too_long": "zu lang",
    "too_short": "zu kurz", "string_too_long": "zu lang", "json_invalid": "ungültiges JSON", "model_type": "muss ein Objekt sein",
    "dict_type": "muss ein Objekt sein", "model_attributes_type": "muss ein Objekt sein",
}


def error(status: int, detail: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for item in exc.errors()[:5]:
        where = ".".join(str(x) for x in item.get("loc", []) if x != "body")
        what = PYDANTIC_GERMAN.get(item.get("type", ""), "ungültig")
        if item.get("type") == "json_invalid":
            where, what = "JSON", "ungültiges JSON (Syntaxfehler)"
        parts.append(f"{where or 'Anfrage'}: {what}")
    return "Ungültige Anfrage – " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if not isinstance(detail, str) or detail == HTTPStatus(exc.status_code).phrase:  # Starlette's English defaults
            detail = GERMAN_STATUS.get(exc.status_code, "Ungültige Anfrage.")
        return error(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error(422, validation_message(exc))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited):
        return error(429, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(AgendaError)
    async def domain_error(request: Request, exc: AgendaError):
        status = next((code for kind, code in DOMAIN_STATUS.items() if isinstance(exc, kind)), 400)
        return error(status, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("Fehler bei %s %s", request.method, request.url.path)
        return error(500, "Interner Fehler; die Anfrage wurde nicht ausgeführt.")
