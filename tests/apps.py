"""Small apps over a private data dir, shared by the integration (TestClient) and e2e (real server) HTTP tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MODEL_DIR, make_settings

READER = {"Authorization": "Bearer lesen-123"}
ADMIN = {"Authorization": "Bearer admin-456"}
NOTE = ("# Musterstadt\n\nDie Musterstadt führt 2026 die E-Akte in allen Ämtern ein.\n\n"
        "## Regionalkonferenzen\n\nDie Konferenz in Kiel fand am 27.01.2016 statt.\n")


def build(root: Path, embedder, **overrides):
    """Settings and app over a one-note corpus (the front-door tests)."""
    from assistant.answer.engine import AnswerEngine
    from ingest.pipeline import ingest_paths
    from ui.server import create_app

    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "musterstadt.md").write_text(NOTE, encoding="utf-8")
    settings = make_settings(root / "data", MODEL_DIR, corpus_dir=corpus, **overrides)
    ingest_paths([corpus], settings, embedder_factory=lambda: embedder)
    return settings, create_app(settings, engine=AnswerEngine(settings, embedder=embedder))
