"""The fitted models of the extractive answerer: feature names, a linear model, gradient-boosted trees, loading."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("answer_model.json")
UNIT_FEATURES = [
    "cos", "cos_gap", "cos_window", "cov_own", "cov_ctx", "focus_own", "focus_ctx", "title_cov", "passage_score", "passage_rr", "unit_rr",
    "type_match", "own_x_type", "ctx_x_type", "cos_x_type", "heading", "record", "slide", "announcer", "length", "defines",
    "doc_cov", "doc_rr", "section_cov", "q_english", "q_known",
]
ANSWERABILITY_FEATURES = [
    "best_score", "score_margin", "best_cos", "cos_spread", "best_cov_own", "best_cov_ctx", "unknown_weight",
    "top_dense", "agreement", "best_type_match", "typed_miss", "best_focus_own", "best_focus_ctx", "doc_cov_all", "doc_cov_focus", "top_cov_ctx", "q_english", "q_known",
    "count_unstated", "miss_ctx",
]


@dataclass
class LinearModel:
    """A standardised linear model: score = ((x - mean) / scale) · coef + intercept."""

    features: list[str]
    coef: list[float]
    intercept: float = 0.0
    mean: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)

    def score(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Decision values (logits) for feature rows."""
        if not rows:
            return np.zeros(0)
        x = np.array([[row.get(f, 0.0) for f in self.features] for row in rows], dtype=np.float64)
        mean = np.array(self.mean or [0.0] * len(self.features))
        scale = np.array(self.scale or [1.0] * len(self.features))
        return ((x - mean) / np.where(scale == 0, 1.0, scale)) @ np.array(self.coef) + self.intercept

    def to_dict(self) -> dict:
        """JSON-friendly form."""
        return {"features": self.features, "coef": self.coef, "intercept": self.intercept, "mean": self.mean, "scale": self.scale}


@dataclass
class TreeEnsemble:
    """Gradient-boosted trees in flat arrays (exported from scikit-learn): score = baseline + sum of leaf values.

    A node with feature -1 is a leaf; rows go left when x[feature] <= threshold."""

    features: list[str]
    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    roots: list[int]
    baseline: float = 0.0
    depth: int = 1

    def __post_init__(self) -> None:
        feature = np.array(self.feature, dtype=np.intp)
        leaf = feature < 0
        step = np.stack([np.array(self.right, dtype=np.intp), np.array(self.left, dtype=np.intp)], axis=1)
        step[leaf] = np.flatnonzero(leaf)[:, None]  # a leaf steps to itself
        self._arrays = (np.where(leaf, 0, feature), np.array(self.threshold, dtype=np.float64), step,
                        np.array(self.value, dtype=np.float64), np.array(self.roots, dtype=np.intp))

    def score(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Decision values (logits) for feature rows, all trees and rows at once."""
        if not rows:
            return np.zeros(0)
        feature, threshold, step, value, roots = self._arrays
        x = np.array([[row.get(f, 0.0) for f in self.features] for row in rows], dtype=np.float64).ravel()
        node = np.tile(roots, (len(rows), 1))
        offset = (np.arange(len(rows), dtype=np.intp) * len(self.features))[:, None]
        for _ in range(self.depth):
            moved = step[node, (x[offset + feature[node]] <= threshold[node]).astype(np.intp)]
            if np.array_equal(moved, node):
                break  # every row has reached a leaf in every tree
            node = moved
        return self.baseline + value[node].sum(axis=1)

    def to_dict(self) -> dict:
        """JSON-friendly form."""
        return {"type": "trees", "features": self.features, "feature": self.feature, "threshold": self.threshold, "left": self.left,
                "right": self.right, "value": self.value, "roots": self.roots, "baseline": self.baseline, "depth": self.depth}


def model_from_dict(data: dict):
    """A LinearModel or TreeEnsemble from its JSON form."""
    data = dict(data)
    return TreeEnsemble(**{k: v for k, v in data.items() if k != "type"}) if data.get("type") == "trees" else LinearModel(**data)


# Used until `agenda eval --fit` has written answer_model.json: the hand-set weights of the old scorer.
DEFAULT_UNIT_MODEL = LinearModel(["cos", "cov_own", "cov_ctx", "passage_rr", "type_match", "heading"], [4.0, 2.0, 1.5, 0.7, 1.0, -1.5], -4.0)
DEFAULT_ANSWERABILITY = LinearModel(ANSWERABILITY_FEATURES, [0.5, 0.2, 6.0, 0.0, 1.0, 2.0, -3.0, 0.0, 0.3, 0.5] + [0.0] * 10, -6.0)


def load_models(path: Path = MODEL_FILE) -> tuple:
    """Unit ranker, answerability model and its probability thresholds for German and for English questions
    (defaults when no fitted file exists)."""
    if not path.exists():
        return DEFAULT_UNIT_MODEL, DEFAULT_ANSWERABILITY, 0.5, 0.5
    data = json.loads(path.read_text(encoding="utf-8"))
    threshold = float(data["threshold"])
    return model_from_dict(data["unit"]), model_from_dict(data["answerability"]), threshold, float(data.get("threshold_english", threshold))


def sigmoid(x: float) -> float:
    """Logistic function."""
    return 1.0 / (1.0 + math.exp(-max(min(x, 40.0), -40.0)))
