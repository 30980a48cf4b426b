"""Fit the unit ranker and the answerability model on the dev split (scikit-learn), choose the threshold by cost."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.answer.scoring import ANSWERABILITY_FEATURES, MODEL_FILE, UNIT_FEATURES, LinearModel
from evals.metrics import facts_present, normalize_fact_text

WRONG_ANSWER_COST = 2.0  # a wrong answer costs twice a refusal of an answerable question
REFUSAL_COST = 1.0


@dataclass
class ItemTrace:
    """What the engine saw for one eval item."""

    item: dict
    standalone: str
    passages: list
    query_vector: object
    unit_rows: list[dict] = field(default_factory=list)
    unit_labels: list[int] = field(default_factory=list)


def unit_label(unit_text: str, item: dict) -> int:
    """1 when the unit holds every expected fact, or holds one of them and lies inside the gold quote's sentence."""
    facts = item.get("facts") or []
    if not facts:
        return 0
    if facts_present(unit_text, facts):
        return 1
    quote = normalize_fact_text(item["evidence"][0]["quote"]) if item.get("evidence") else ""
    text = normalize_fact_text(unit_text)
    some = any(facts_present(unit_text, [group]) for group in facts)
    return int(bool(some and quote and (quote in text or (len(text) > 8 and text in quote))))


def trace_items(engine, items: list[dict]) -> list[ItemTrace]:
    """Retrieve once per item and record the candidate units' features and labels."""
    traces = []
    for item in items:
        standalone = engine._standalone(item["question"], item.get("history") or [], "extractive", [])
        result = engine.retriever.retrieve(standalone)
        trace = ItemTrace(item, standalone, result.passages, result.query_vector)
        analysis = engine.extractive.analyse(standalone, result.passages, result.query_vector)
        for candidate in analysis.ranked:
            trace.unit_rows.append(candidate.features)
            trace.unit_labels.append(unit_label(candidate.unit.embed_text(), item) if item["answerable"] else 0)
        traces.append(trace)
    return traces


def _fit_linear(rows: list[dict], labels: list[int], names: list[str], c: float) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    x = np.array([[row.get(n, 0.0) for n in names] for row in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, labels)
    return LinearModel(names, model.coef_[0].round(5).tolist(), round(float(model.intercept_[0]), 5), mean.round(6).tolist(), scale.round(6).tolist())


def _fit_pairwise(traces: list[ItemTrace], names: list[str], c: float) -> LinearModel:
    """A ranking model: logistic regression on feature differences between a right and a wrong unit of one question."""
    from sklearn.linear_model import LogisticRegression

    rows = [r for t in traces for r in t.unit_rows]
    x_all = np.array([[row.get(n, 0.0) for n in names] for row in rows])
    mean, scale = x_all.mean(axis=0), x_all.std(axis=0)
    scale[scale == 0] = 1.0
    diffs = []
    for t in traces:
        if not any(t.unit_labels):
            continue
        x = (np.array([[row.get(n, 0.0) for n in names] for row in t.unit_rows]) - mean) / scale
        labels = np.array(t.unit_labels)
        for pos in x[labels == 1]:
            diffs.extend(pos - neg for neg in x[labels == 0])
    d = np.array(diffs)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(np.vstack([d, -d]), [1] * len(d) + [0] * len(d))
    return LinearModel(names, model.coef_[0].round(5).tolist(), 0.0, mean.round(6).tolist(), scale.round(6).tolist())


def answer_rows(engine, traces: list[ItemTrace]) -> tuple[list[dict], list[int], list[bool]]:
    """Answerability features, 'answered right' labels and answerable flags, with the current unit ranker."""
    rows, right, answerable = [], [], []
    saved = engine.extractive.threshold
    engine.extractive.threshold = -1.0  # never refuse: see what would be answered
    try:
        for t in traces:
            analysis = engine.extractive.analyse(t.standalone, t.passages, t.query_vector)
            answer = engine.extractive.answer(t.item["question"], t.standalone, t.passages, [], t.query_vector)
            rows.append(analysis.answerability)
            ok = t.item["answerable"] and not answer.abstained and facts_present(answer.answer, t.item.get("facts", []))
            right.append(int(ok))
            answerable.append(bool(t.item["answerable"]))
    finally:
        engine.extractive.threshold = saved
    return rows, right, answerable


def choose_threshold(probabilities: np.ndarray, right: list[int], answerable: list[bool], tolerance: float = 0.05) -> tuple[float, float]:
    """The probability threshold with the lowest total cost on out-of-fold predictions; among thresholds whose cost is
    within `tolerance` of the lowest, the one that answers most (a flat cost curve should not silence the assistant)."""
    costs = []
    for t in np.linspace(0.05, 0.95, 91):
        answered = probabilities >= t
        cost = 0.0
        for a, ok, is_answerable in zip(answered, right, answerable):
            if a and not ok:
                cost += WRONG_ANSWER_COST
            elif not a and is_answerable:
                cost += REFUSAL_COST
        costs.append((round(float(t), 3), cost))
    lowest = min(c for _, c in costs)
    return next((t, c) for t, c in costs if c <= lowest * (1 + tolerance))


def fit(engine, items: list[dict], path: Path = MODEL_FILE, c: float = 1.0) -> dict:
    """Fit both models on `items` (the dev split), write them to `path`, return a summary."""
    from sklearn.model_selection import cross_val_predict
    from sklearn.linear_model import LogisticRegression

    traces = trace_items(engine, items)
    rows = [r for t in traces for r in t.unit_rows]
    labels = [y for t in traces for y in t.unit_labels]
    unit_model = _fit_pairwise(traces, UNIT_FEATURES, c)
    engine.extractive.unit_model = unit_model
    answer_x, right, answerable = answer_rows(engine, traces)
    answerability = _fit_linear(answer_x, right, ANSWERABILITY_FEATURES, c)
    x = np.array([[r.get(n, 0.0) for n in ANSWERABILITY_FEATURES] for r in answer_x])
    xs = (x - np.array(answerability.mean)) / np.array(answerability.scale)
    folds = min(5, max(2, min(sum(right), len(right) - sum(right))))
    oof = cross_val_predict(LogisticRegression(C=c, class_weight="balanced", max_iter=2000), xs, right, cv=folds, method="predict_proba")[:, 1]
    threshold, cost = choose_threshold(oof, right, answerable)
    data = {
        "fitted_on": "dev", "date": dt.date.today().isoformat(), "items": len(items), "unit_rows": len(rows),
        "positive_units": int(sum(labels)), "cost": cost, "threshold": threshold,
        "unit": unit_model.to_dict(), "answerability": answerability.to_dict(),
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    engine.extractive.answerability_model, engine.extractive.threshold = answerability, threshold
    return {k: v for k, v in data.items() if k not in {"unit", "answerability"}} | {"answered_right_without_gate": sum(right)}
