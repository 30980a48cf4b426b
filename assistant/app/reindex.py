"""Gated re-index: build the collection for new settings, evaluate it, switch the served one only if the gate passes."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.settings import Settings
from assistant.store.pointer import POINTER, active_collection, set_active


@dataclass
class ReindexReport:
    """Outcome of `agenda reindex`."""

    previous: str
    candidate: str
    switched: bool
    metrics: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def reindex(settings: Settings, eval_split: str = "test", progress: bool = False, embedder=None) -> ReindexReport:
    """Build the collection for the current settings, evaluate it, and switch to it only if the gate passes."""
    from assistant.answer.engine import AnswerEngine
    from assistant.store.chroma import ChunkIndex, make_client
    from evals.gate import check_gate
    from evals.runner import evaluate_engine, load_eval_set
    from ingest.pipeline import ingest_paths

    client = make_client(settings)
    previous = active_collection(settings, client)
    candidate = settings.collection_name()
    index = ChunkIndex(settings, client=client, collection_name=candidate)
    factory = (lambda: embedder) if embedder is not None else None
    ingest_paths([settings.corpus_dir], settings, index=index, embedder_factory=factory, progress=progress)
    engine = AnswerEngine(settings, index=index, embedder=embedder)
    metrics = evaluate_engine(engine, load_eval_set(split=eval_split))["metrics"]
    failures = check_gate(metrics)
    switched = not failures
    if switched:
        set_active(client, candidate)
    return ReindexReport(previous, candidate, switched, metrics, failures)


def prune(settings: Settings) -> list[str]:
    """Delete every agenda collection except the active one."""
    from assistant.store.chroma import make_client

    client = make_client(settings)
    active = active_collection(settings, client)
    removed = []
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith("agenda-") and name not in {active, POINTER}:
            client.delete_collection(name)
            removed.append(name)
    return removed
