"""Bootstrap of a fresh install: build the model and ingest the corpus when the served index is empty."""

from __future__ import annotations

from assistant.answer.engine import AnswerEngine
from assistant.core.settings import Settings
from assistant.store.chroma import ChunkIndex


def ready_engine(settings: Settings, progress: bool = False) -> AnswerEngine:
    """An engine that works on a fresh install: builds the model, ingests the corpus when the index is empty, embeds the answer units."""
    import sys

    from assistant.models.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    embedder = load_embedder(settings, build=True)
    index = ChunkIndex(settings, serving=True)
    if index.count() == 0 and settings.corpus_dir.exists():
        print(f"Der Index ist leer – {settings.corpus_dir} wird zuerst indexiert …", file=sys.stderr, flush=True)
        ingest_paths([settings.corpus_dir], settings, index=index, embedder_factory=lambda: embedder, progress=progress)
    engine = AnswerEngine(settings, index=index, embedder=embedder)
    if engine.warm():
        print("Satzvektoren für die Antwortauswahl vorberechnet (einmalig).", file=sys.stderr, flush=True)
    return engine
