"""Run the eval set through the pipeline and its baselines; write a Markdown and JSON report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path

from evals.baseline import llamaindex_default_results
from evals.metrics import facts_present, first_hit_rank
from evals.reasked import fitted_evidence, reasked_share, reasks
from evals.report import report_tables, render_markdown
from evals.scoring import gold_quote, group_of, summarize
from evals.splits import DEFAULT_SET, GROUPS, HELD_OUT
from evals.wording import wording_overlap



def load_eval_set(path: Path | None = None, split: str = "devtest") -> list[dict]:
    """Items of an eval set (JSONL) in the given split; the sealed and fresh files are only read when asked for."""
    wanted = GROUPS.get(split, {split})
    held_out = [p for name, p in HELD_OUT.items() if name in wanted and p.exists()]
    paths = [Path(path)] if path else [DEFAULT_SET] + held_out
    items = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [i for i in items if i.get("split") in wanted]


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
                "id": item["id"], "split": item.get("split"), "group": group_of(item), "tags": item.get("tags", []),
                "answerable": item["answerable"], "abstained": answer.abstained, "confidence": answer.confidence,
                "fact_ok": facts_present(answer.answer, item.get("facts", [])) if item["answerable"] else False,
                "rank": first_hit_rank([p.chunk.text for p in retrieved], gold_quote(item)) if item["answerable"] else None,
                "cited": [c.text for c in answer.citations] if not answer.abstained else [],
                "answer": answer.answer, "latency_ms": latency,
            }
        )
    return {"results": results, "metrics": summarize(results, items)}


def run_eval(settings, eval_set: Path | None = None, split: str = "devtest", baselines: bool = True, engine=None) -> dict:
    """Evaluate the pipeline (and baselines) and return {'tables', 'runs', 'wording'}."""
    from assistant.answer.engine import AnswerEngine

    items = load_eval_set(eval_set, split)
    engine = engine or AnswerEngine(settings)
    engine.warm()
    runs = {"pipeline": evaluate_engine(engine, items)}
    if baselines:
        runs["dense"] = evaluate_engine(engine, items, retrieval_mode="dense")
        runs["bm25"] = evaluate_engine(engine, items, retrieval_mode="lexical")
        runs["llamaindex-default"] = llamaindex_default_results(settings, engine.embedder, items, settings.corpus_dir)
    if engine.llm is not None:
        runs["pipeline-llm"] = evaluate_engine(engine, items, mode="llm")
    reasked = mark_reasked(runs, items)
    return {"tables": report_tables(runs, items), "runs": runs, "wording": wording_overlap(items, engine.lexical.chunks),
            "reasked": reasked}


def mark_reasked(runs: dict[str, dict], items: list[dict]) -> dict[str, float]:
    """Flag every result of an answerable item outside the fit whose evidence a fitted item already asks for
    (`reasked`: True / False; None inside the fit or unanswerable); return the re-asked share per split."""
    fitted = GROUPS["train"]
    fitted_items = load_eval_set(split="train")
    runs_of_fit = fitted_evidence(fitted_items, fitted)
    flags = {(i["id"], i["split"]): reasks(i, runs_of_fit) for i in items if i["answerable"] and i["split"] not in fitted}
    for run in runs.values():
        for result in run["results"]:
            result["reasked"] = flags.get((result["id"], result["split"]))
    return reasked_share(flags)


def fit_cli(settings, engine, split: str = "dev") -> dict:
    """`agenda eval --fit`: refit the answer models on a split (dev by default) and print the summary."""
    from evals.fit import fit

    summary = fit(engine, load_eval_set(split=split), split=split)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def run_eval_cli(args, settings) -> int:
    """`agenda eval`: optionally refit, run, print the tables, write <out>.md and <out>.json."""
    from assistant.answer.engine import AnswerEngine

    engine = AnswerEngine(settings)
    if getattr(args, "fit", False):
        engine.warm()
        fit_cli(settings, engine, getattr(args, "fit_split", "dev"))
    eval_set = Path(args.eval_set) if args.eval_set else None
    output = run_eval(settings, eval_set, args.split, baselines=not args.no_baselines, engine=engine)
    date = dt.date.today().isoformat()
    from assistant.answer.learned import MODEL_FILE

    # what shapes answers: the settings and the fitted answer models
    stamp = f"{settings.settings_hash()} + Antwortmodell {hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:12]}"
    markdown = render_markdown(output["tables"], stamp, date, output["wording"], output.get("reasked"))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"date": date, "settings_hash": stamp, "tables": output["tables"], "wording": output["wording"],
                    "reasked": output.get("reasked"), "results": {k: v["results"] for k, v in output["runs"].items()}}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    print(markdown)
    return 0
