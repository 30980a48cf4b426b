"""Report tables: metrics per system, split, document group and question kind, as Markdown."""

from __future__ import annotations

from evals.metrics import roc_auc
from evals.scoring import summarize
from evals.splits import ALL as SPLITS

GROUPS = ("positionspapier", "andere Dokumente", "unanswerable")
# answerable items outside the fit, by whether a fitted item already asks for their evidence (evals/reasked.py)
NEW_FACTS, REASKED_FACTS = "Belegstelle neu (außerhalb des Fits)", "Belegstelle schon im Fit gefragt"
KINDS = ("date", "number", "who", "where", "definition", "list", "count", "order", "yesno", "says", "about", "open",
         "compare", "comparison", "aboutXY", "topic", "followup", "english", "colloquial", "typo", "lower")
METRIC_ORDER = [
    "fact_accuracy", "citation_precision", "abstention_recall", "false_abstention", "precision", "accuracy",
    "hit@1", "hit@3", "hit@5", "mrr", "answerability_auc", "latency_p50_ms", "latency_p95_ms",
]


def _scope(results: list[dict], items: list[dict]) -> dict:
    metrics = summarize(results, items)
    if all(r["answerable"] for r in results):  # no unanswerable question in this scope: nothing to abstain on
        metrics["abstention_recall"] = None
    metrics["answerability_auc"] = roc_auc([r["confidence"] for r in results if "confidence" in r],
                                           [r["answerable"] for r in results if "confidence" in r])
    return metrics


def report_tables(runs: dict[str, dict], items: list[dict]) -> dict:
    """Metrics per system: all, per split, per document group, per question kind."""
    tables: dict[str, dict] = {}
    for system, run in runs.items():
        results = run["results"]
        tables[system] = {"all": _scope(results, items)}
        scopes = [(s, lambda r, s=s: r["split"] == s) for s in SPLITS]
        scopes += [(g, lambda r, g=g: r["group"] == g) for g in GROUPS]
        scopes += [(NEW_FACTS, lambda r: r.get("reasked") is False), (REASKED_FACTS, lambda r: r.get("reasked") is True)]
        scopes += [(f"Art: {k}", lambda r, k=k: k in r.get("tags", [])) for k in KINDS]
        for name, keep in scopes:
            part = [r for r in results if keep(r)]
            if part:
                tables[system][name] = _scope(part, items)
    return tables


def _cell(metric: str, value) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if metric.startswith("latency") else f"{value:.3f}"


def side_by_side(tables: dict) -> list[str]:
    """One table: every system's figures on every split next to each other."""
    columns = [(system, split) for system in tables for split in SPLITS if split in tables[system]]
    lines = ["## Überblick: " + " / ".join(SPLITS), "", "| Metrik | " + " | ".join(f"{s} {p}" for s, p in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for metric in METRIC_ORDER:
        lines.append(f"| {metric} | " + " | ".join(_cell(metric, tables[s][p].get(metric)) for s, p in columns) + " |")
    return lines + [""]


def render_markdown(tables: dict, settings_hash: str, date: str, wording: dict | None = None,
                    reasked: dict | None = None) -> str:
    """The report as Markdown tables."""
    lines = ["# Evaluation Agenda-Assistent", "", f"Datum: {date} · Settings-Hash: `{settings_hash}`", ""]
    if wording:
        lines += ["Wortgleichheit Frage/Belegsatz (Anteil der Fragewörter, die wörtlich im Belegsatz stehen): "
                  + ", ".join(f"{k} {v:.3f}" for k, v in wording.items()), ""]
    if reasked:
        lines += ["Wiederholte Belegstellen (Anteil der beantwortbaren Fragen außerhalb des Fits, deren Beleg schon eine "
                  "Frage der angepassten Splits abfragt): " + ", ".join(f"{k} {v:.2f}" for k, v in reasked.items()), ""]
    lines += side_by_side(tables)
    order = ["all", *SPLITS, *GROUPS, NEW_FACTS, REASKED_FACTS, *(f"Art: {k}" for k in KINDS)]
    scopes = sorted({scope for t in tables.values() for scope in t}, key=order.index)
    for scope in scopes:
        lines += [f"## {scope}", "", "| Metrik | " + " | ".join(tables) + " |", "|---|" + "---|" * len(tables)]
        for metric in METRIC_ORDER:
            lines.append(f"| {metric} | " + " | ".join(_cell(metric, tables[s].get(scope, {}).get(metric)) for s in tables) + " |")
        lines.append("")
    return "\n".join(lines)
