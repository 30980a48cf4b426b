"""The eval gate: the pipeline passes on the test split; deliberately broken retrieval fails it."""

import numpy as np
import pytest

from evals.gate import check_gate
from evals.runner import evaluate_engine, load_eval_set

pytestmark = pytest.mark.slow


def test_pipeline_passes_the_gate_on_the_test_split(engine):
    metrics = evaluate_engine(engine, load_eval_set(split="test"))["metrics"]
    assert check_gate(metrics) == [], metrics


class RandomQueryEmbedder:
    """The real embedder for passages, but random vectors for questions: retrieval without meaning."""

    def __init__(self, real):
        self.real = real
        self.rng = np.random.default_rng(0)

    def embed_query(self, text):
        v = self.rng.normal(size=384)
        return list(v / np.linalg.norm(v))

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_gate_catches_broken_retrieval(engine):
    original = engine.retriever.embedder
    engine.retriever.embedder = RandomQueryEmbedder(original)
    try:
        metrics = evaluate_engine(engine, load_eval_set(split="test"), retrieval_mode="dense")["metrics"]
    finally:
        engine.retriever.embedder = original
    failures = check_gate(metrics)
    assert any(f.startswith("fact_accuracy") for f in failures) and any(f.startswith("mrr") for f in failures)
