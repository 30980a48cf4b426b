"""What every request shares: settings, the engine (loaded once), the auth gate, the rate limiter, document admin."""

from __future__ import annotations

import logging

from assistant.app.documents import DocumentAdmin
from assistant.core.settings import Settings
from ui.security import Gate, Identity, RateLimiter

question_log = logging.getLogger("agenda.questions")


def public_meta(m: dict) -> dict:
    """Document metadata safe to show (no server paths)."""
    return {k: m.get(k, "") for k in ("doc_id", "title", "issuer", "date", "kind", "licence", "source", "file_name")}


class AppState:
    """Shared by the API routes and the Gradio chat."""

    def __init__(self, settings: Settings, engine):
        self.settings = settings
        self.engine = engine
        self.gate = Gate(settings)
        self.limiter = RateLimiter(settings.server.rate_limit_per_minute)
        self.login_limiter = RateLimiter(10)
        self.admin = DocumentAdmin(settings, engine)

    def documents(self) -> list[dict]:
        """Metadata and chunk counts per document."""
        docs: dict[str, dict] = {}
        for c in self.engine.index.all_chunks(include_text=False):
            d = docs.setdefault(c.metadata.get("doc_id", ""), public_meta(c.metadata) | {"chunks": 0})
            d["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["title"])

    def log_question(self, who: Identity, question: str) -> None:
        """Question texts reach the log only with AGENDA_LOG_QUESTIONS."""
        if self.settings.server.log_questions:
            question_log.info("%s fragt: %s", who.client_id, question)
