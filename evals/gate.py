"""The quality gate: thresholds for the full extractive pipeline on the test split (set from measured results)."""

from __future__ import annotations

# Measured on the v2 test split (133 items, 28 unanswerable) on 2026-11-26 with the answer models fitted on dev+test+sealed
# (so test is in the fit set: this gate guards against regressions, it is no estimate of quality on new questions;
# the fresh split in evals/reports/latest.md is): fact accuracy 0.714, citation precision 0.774, abstention recall
# 0.071, false abstention 0.095, MRR 0.716. Thresholds sit a few items below.
GATE = {
    "fact_accuracy": (">=", 0.65),
    "citation_precision": (">=", 0.72),
    "abstention_recall": (">=", 0.03),
    "false_abstention": ("<=", 0.15),
    "mrr": (">=", 0.67),
}


def check_gate(metrics: dict, gate: dict = GATE) -> list[str]:
    """Failures as readable lines; empty when every threshold holds."""
    failures = []
    for name, (op, threshold) in gate.items():
        value = metrics.get(name)
        ok = value is not None and (value >= threshold if op == ">=" else value <= threshold)
        if not ok:
            failures.append(f"{name} = {value if value is None else round(value, 3)} (Schwelle {op} {threshold})")
    return failures
