"""Bootstrap of a fresh install: build the model and ingest the corpus when the served index is empty."""

from __future__ import annotations

from assistant.answer.engine import AnswerEngine
from assistant.core.settings import Settings
from assistant.core.errors import IndexError_
from assistant.store.chroma import ChunkIndex


def ready_engine(settings: Settings, progress: bool = False, require_documents: bool = False) -> AnswerEngine:
    """An engine that works on a fresh install: builds the model, ingests the corpus when the index is empty, embeds the
    answer units. `require_documents` (the CLI's questions): an empty index with no corpus to ingest is an error, not
    an engine that refuses every question (run from another folder, 'data' and 'corpus' are not the project's)."""
    import sys

    from assistant.models.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    index = ChunkIndex(settings, serving=True)
    if require_documents and index.count() == 0 and not settings.corpus_dir.exists():
        raise IndexError_(
            f"Keine Dokumente: der Index unter {settings.data_dir.resolve()} ist leer und unter {settings.corpus_dir.resolve()} "
            "liegt kein Korpus. Bitte im Projektordner aufrufen (oder AGENDA_DATA_DIR und AGENDA_CORPUS_DIR setzen) "
            "bzw. zuerst 'agenda ingest PFAD' ausführen.")
    embedder = load_embedder(settings, build=True)
    if index.count() == 0 and settings.corpus_dir.exists():
        print(f"Der Index ist leer – {settings.corpus_dir} wird zuerst indexiert …", file=sys.stderr, flush=True)
        ingest_paths([settings.corpus_dir], settings, index=index, embedder_factory=lambda: embedder, progress=progress)
    engine = AnswerEngine(settings, index=index, embedder=embedder)
    if engine.warm():
        print("Satzvektoren für die Antwortauswahl vorberechnet (einmalig).", file=sys.stderr, flush=True)
    return engine
