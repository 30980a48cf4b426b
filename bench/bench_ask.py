"""Answer latency benchmark over the eval questions: warm p50/p95 for hybrid, dense-only and BM25-only (prints and writes JSON)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.answer.engine import AnswerEngine  # noqa: E402
from bench.results import save_results  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402
from evals.metrics import percentile  # noqa: E402
from evals.runner import load_eval_set  # noqa: E402


def main() -> None:
    settings = Settings()
    started = time.perf_counter()
    engine = AnswerEngine(settings)
    load_s = time.perf_counter() - started
    items = load_eval_set()
    engine.warm()  # as `agenda serve`/`agenda batch` do: answer-unit vectors embedded once, no background embedding while measuring
    engine.answer(items[0]["question"])  # warm up
    figures: dict = {"model_and_index_load_s": round(load_s, 2), "questions": len(items)}
    embed = []
    for item in items:
        t = time.perf_counter()
        engine.embedder.embed_query(item["question"])
        embed.append((time.perf_counter() - t) * 1000)
    encoder = settings.model.query_encoder if getattr(engine.embedder, "onnx", None) is not None else "torch"
    figures["query_embedding"] = {"encoder": encoder, "p50_ms": round(percentile(embed, 50), 1), "p95_ms": round(percentile(embed, 95), 1)}
    for mode in ("hybrid", "dense", "lexical"):
        latencies = []
        for item in items:
            t = time.perf_counter()
            engine.answer(item["question"], item.get("history"), retrieval_mode=mode)
            latencies.append((time.perf_counter() - t) * 1000)
        figures[mode] = {"p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1)}
    save_results("ask.json", figures)


if __name__ == "__main__":
    main()
