"""A corpus above the warm limit: questions never wait for the model or for whole documents; that work runs between
questions in the background. Plus the vectorised tree ensemble against a plain walk of each tree."""

import json
import threading
import time

import numpy as np

from assistant.answer.background import Activity, BackgroundQueue
from assistant.answer.engine import AnswerEngine
from assistant.answer.learned import MODEL_FILE, model_from_dict
from assistant.store.memory import MemoryStore
from tests.unit.fakes import HashingEmbedder, fill


def _walk(model, row: dict) -> float:
    """One row through every tree, node by node (the reference the vectorised score must match)."""
    x = [row.get(f, 0.0) for f in model.features]
    total = model.baseline
    for root in model.roots:
        node = root
        while model.feature[node] >= 0:
            node = model.left[node] if x[model.feature[node]] <= model.threshold[node] else model.right[node]
        total += model.value[node]
    return total


def test_the_vectorised_trees_score_like_a_walk_of_each_tree():
    model = model_from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8"))["unit"])
    assert type(model).__name__ == "TreeEnsemble" and len(model.roots) > 10
    rng = np.random.default_rng(3)
    rows = [{f: float(v) for f, v in zip(model.features, rng.normal(0.5, 0.6, len(model.features)))} for _ in range(60)]
    rows += [{f: float(v) for f, v in zip(model.features, rng.integers(0, 3, len(model.features)))} for _ in range(20)]
    scores = model.score(rows)
    assert np.allclose(scores, [_walk(model, r) for r in rows], atol=1e-9)
    assert np.std(scores) > 0.1  # the rows really go different ways


def test_background_work_waits_until_no_question_runs_and_runs_each_key_once():
    done: list = []
    activity = Activity()
    queue = BackgroundQueue(lambda items: done.extend(items), "test", batch=2, share=1.0, activity=activity)
    with activity:
        queue.submit({"a": 1, "b": 2})
        queue.submit({"a": 1, "c": 3})
        time.sleep(0.3)
        assert done == []  # a question is running
    assert queue.idle(5)
    assert sorted(done) == [1, 2, 3]


def test_a_large_corpus_question_never_waits_for_the_model_or_a_whole_document(settings):
    store, e = MemoryStore(settings), HashingEmbedder()
    fill(store, e)
    # the answer model is fitted to e5 cosines, not to hashed ones: no refusal threshold here, the ranking is tested
    large = settings.with_overrides(unit_vector_warm_limit=5, unit_vector_cache=settings.data_dir / "units.npz", abstain_threshold=0.0)
    engine = AnswerEngine(large, index=store, embedder=e, llm=None)
    assert engine.warm() == 0 and engine.extractive.large()
    e.batches.clear()
    answer = engine.answer("Wann fand die Regionalkonferenz in Kiel statt?")
    assert not answer.abstained and "27.01.2016" in answer.answer and answer.citations[0].doc_id == "konferenzen"
    assert [kind for kind, _ in e.batches] == ["query"]  # no unit embedded inside the question
    library, vectors = engine.extractive.library, engine.extractive.vectors
    assert not library.cached("konferenzen")  # answered from its chunk; the document is built afterwards
    assert library.builder.idle(10) and vectors.filler.idle(10)
    assert library.cached("konferenzen") and "passage" in [kind for kind, _ in e.batches]
    doc = library.document("konferenzen")
    unit_texts = [doc.vector_text(u) for u in doc.units]
    assert vectors.missing(unit_texts) < len(unit_texts)  # vectors of the units the question came to
    again = engine.answer("Wann fand die Regionalkonferenz in Kiel statt?")
    assert again.citations[0].doc_id == "konferenzen"  # now from the whole document, with the units' own vectors


def test_threads_of_background_work_end_when_the_queue_is_empty():
    queue = BackgroundQueue(lambda items: None, "test-end", share=1.0)
    queue.submit({i: i for i in range(5)})
    assert queue.idle(5)
    assert not any(t.name == "test-end" for t in threading.enumerate())


def test_stopping_drops_the_queue_and_ends_a_pause_at_once():
    done: list = []
    queue = BackgroundQueue(lambda items: (time.sleep(0.2), done.extend(items)), "test-stop", share=0.01)  # pauses ~20 s
    queue.submit({"a": 1, "b": 2})
    time.sleep(0.1)
    started = time.perf_counter()
    queue.stop()
    assert time.perf_counter() - started < 5 and done == [1]
    queue.submit({"c": 3})  # nothing starts after a stop (interpreter exit)
    assert queue.idle(1) and done == [1]
