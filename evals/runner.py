"""Run an eval set through the pipeline and its baselines; write a Markdown and JSON report."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from evals.metrics import (
    answer_metrics,
    citation_precision,
    facts_present,
    first_hit_rank,
    hit_at,
    mean_reciprocal_rank,
)

DEFAULT_SET = Path(__file__).with_name("eval_set.jsonl")
SYSTEMS = ["pipeline", "dense", "bm25", "llamaindex-default"]


def load_eval_set(path: Path = DEFAULT_SET, split: str = "all") -> list[dict]:
    """Items of an eval set (JSONL), optionally one split."""
    items = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [i for i in items if split == "all" or i.get("split") == split]


def _gold_quote(item: dict) -> str:
    return item["evidence"][0]["quote"] if item.get("evidence") else ""


def evaluate_engine(engine, items: list[dict], retrieval_mode: str = "hybrid", mode: str = "extractive") -> dict:
    """Per-item results and metrics for the engine in one retrieval mode."""
    results = []
    for item in items:
        started = time.perf_counter()
        answer = engine.answer(item["question"], item.get("history"), mode=mode, retrieval_mode=retrieval_mode)
        latency = (time.perf_counter() - started) * 1000
        retrieved = engine.retriever.retrieve(answer.standalone_question, mode=retrieval_mode).passages
        results.append(
            {
                "id": item["id"],
                "split": item.get("split"),
                "group": _group(item),
                "answerable": item["answerable"],
                "abstained": answer.abstained,
                "fact_ok": facts_present(answer.answer, item.get("facts", [])) if item["answerable"] else False,
                "rank": first_hit_rank([p.chunk.text for p in retrieved], _gold_quote(item)) if item["answerable"] else None,
                "cited": [c.text for c in answer.citations] if not answer.abstained else [],
                "answer": answer.answer,
                "latency_ms": latency,
            }
        )
    return {"results": results, "metrics": summarize(results, items)}


def _group(item: dict) -> str:
    if not item["answerable"]:
        return "unanswerable"
    doc = item["evidence"][0]["doc_id"] if item.get("evidence") else ""
    return "positionspapier" if doc == "positionspapier-2016" else "andere Dokumente"


def summarize(results: list[dict], items: list[dict]) -> dict:
    """All metrics for a list of per-item results."""
    by_id = {i["id"]: i for i in items}
    metrics = answer_metrics(results)
    answerable = [r for r in results if r["answerable"]]
    ranks = [r["rank"] for r in answerable]
    metrics.update(
        {
            "hit@1": hit_at(ranks, 1),
            "hit@3": hit_at(ranks, 3),
            "hit@5": hit_at(ranks, 5),
            "mrr": mean_reciprocal_rank(ranks),
        }
    )
    answered = [r for r in answerable if not r["abstained"]]
    metrics["citation_precision"] = citation_precision(
        [r["cited"] for r in answered],
        [_gold_quote(by_id[r["id"]]) for r in answered],
        [by_id[r["id"]].get("facts", []) for r in answered],
    )
    return metrics


def llamaindex_default_results(settings, embedder, items: list[dict], corpus_dir: Path) -> dict:
    """Baseline: llama-index out of the box (default SentenceSplitter, top-k 2, top passage as the answer)."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    from ingest.pipeline import discover
    from ingest.readers import read_document

    candidates, _, _ = discover([corpus_dir])
    documents = []
    for c in candidates:
        try:
            documents.append(Document(text=read_document(c.path).text, metadata={"file_name": c.path.name}))
        except Exception:  # noqa: BLE001 - the baseline skips what it cannot read, like ours
            continue
    index = VectorStoreIndex.from_documents(documents, embed_model=embedder.embed_model, transformations=[SentenceSplitter()])
    retriever = index.as_retriever(similarity_top_k=2)
    results = []
    for item in items:
        started = time.perf_counter()
        question = item["question"]
        nodes = retriever.retrieve(question)
        latency = (time.perf_counter() - started) * 1000
        texts = [n.node.get_content() for n in nodes]
        answer = texts[0] if texts else ""
        results.append(
            {
                "id": item["id"], "split": item.get("split"), "group": _group(item), "answerable": item["answerable"],
                "abstained": not texts, "fact_ok": facts_present(answer, item.get("facts", [])) if item["answerable"] else False,
                "rank": first_hit_rank(texts, _gold_quote(item)) if item["answerable"] else None,
                "cited": texts[:1], "answer": answer[:300], "latency_ms": latency,
            }
        )
    return {"results": results, "metrics": summarize(results, items)}


METRIC_ORDER = [
    "fact_accuracy", "citation_precision", "abstention_recall", "false_abstention", "precision", "accuracy",
    "hit@1", "hit@3", "hit@5", "mrr", "latency_p50_ms", "latency_p95_ms",
]


def report_tables(runs: dict[str, dict], items: list[dict]) -> dict:
    """Metrics per system, per split and per document group."""
    tables: dict[str, dict] = {}
    for system, run in runs.items():
        results = run["results"]
        tables[system] = {"all": summarize(results, items)}
        for split in ("dev", "test"):
            part = [r for r in results if r["split"] == split]
            if part:
                tables[system][split] = summarize(part, items)
        for group in ("positionspapier", "andere Dokumente", "unanswerable"):
            part = [r for r in results if r["group"] == group]
            if part:
                tables[system][group] = summarize(part, items)
    return tables


def render_markdown(tables: dict, settings_hash: str, date: str) -> str:
    """The report as Markdown tables."""
    lines = ["# Evaluation Agenda-Assistent", "", f"Datum: {date} · Settings-Hash: `{settings_hash}`", ""]
    scopes = sorted({scope for t in tables.values() for scope in t}, key=lambda s: ["all", "dev", "test", "positionspapier", "andere Dokumente", "unanswerable"].index(s))
    for scope in scopes:
        lines += [f"## {scope}", "", "| Metrik | " + " | ".join(tables) + " |", "|---|" + "---|" * len(tables)]
        for metric in METRIC_ORDER:
            row = []
            for system in tables:
                value = tables[system].get(scope, {}).get(metric)
                row.append("–" if value is None else (f"{value:.0f}" if metric.startswith("latency") else f"{value:.3f}"))
            lines.append(f"| {metric} | " + " | ".join(row) + " |")
        lines.append("")
    return "\n".join(lines)


def run_eval(settings, eval_set: Path = DEFAULT_SET, split: str = "all", baselines: bool = True, engine=None) -> dict:
    """Evaluate the pipeline (and baselines) and return {'tables', 'runs'}."""
    from assistant.answer.engine import AnswerEngine

    items = load_eval_set(eval_set, split)
    engine = engine or AnswerEngine(settings)
    runs = {"pipeline": evaluate_engine(engine, items)}
    if baselines:
        runs["dense"] = evaluate_engine(engine, items, retrieval_mode="dense")
        runs["bm25"] = evaluate_engine(engine, items, retrieval_mode="lexical")
        runs["llamaindex-default"] = llamaindex_default_results(settings, engine.embedder, items, settings.corpus_dir)
    if engine.llm is not None:
        runs["pipeline-llm"] = evaluate_engine(engine, items, mode="llm")
    return {"tables": report_tables(runs, items), "runs": runs}


def run_eval_cli(args, settings) -> int:
    """`agenda eval`: run, print the main table, write latest.md and latest.json."""
    eval_set = Path(args.eval_set) if args.eval_set else DEFAULT_SET
    output = run_eval(settings, eval_set, args.split, baselines=not args.no_baselines)
    date = dt.date.today().isoformat()
    markdown = render_markdown(output["tables"], settings.settings_hash(), date)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"date": date, "settings_hash": settings.settings_hash(), "tables": output["tables"],
                    "results": {k: v["results"] for k, v in output["runs"].items()}}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    print(markdown)
    return 0
