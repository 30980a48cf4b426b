"""Baseline: llama-index as its users run it out of the box (default splitter, top-k 2, top passage as the answer)."""

from __future__ import annotations

import time
from pathlib import Path

from evals.metrics import facts_present, first_hit_rank
from evals.scoring import gold_quote, group_of, summarize


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
                "id": item["id"], "split": item.get("split"), "group": group_of(item), "answerable": item["answerable"],
                "abstained": not texts, "fact_ok": facts_present(answer, item.get("facts", [])) if item["answerable"] else False,
                "rank": first_hit_rank(texts, gold_quote(item)) if item["answerable"] else None,
                "cited": texts[:1], "answer": answer[:300], "latency_ms": latency,
            }
        )
    return {"results": results, "metrics": summarize(results, items)}
