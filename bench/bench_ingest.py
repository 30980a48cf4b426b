"""Ingest benchmark: cold ingest of the bundled corpus, unchanged re-ingest, throughput, peak RSS (prints and writes JSON)."""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.models.embedder import load_embedder  # noqa: E402
from bench.results import save_results  # noqa: E402
from assistant.store.chroma import ChunkIndex  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402
from ingest.chunking import embed_text  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402


def main() -> None:
    base = Settings()
    model = base.model_path.resolve()
    work = Path(tempfile.mkdtemp(prefix="agenda-bench-"))
    (work / "models").mkdir()
    (work / "models" / model.name).symlink_to(model, target_is_directory=True)
    settings = Settings(data_dir=work, corpus_dir=REPO / "corpus")
    started = time.perf_counter()
    embedder = load_embedder(settings)
    load_s = time.perf_counter() - started
    cold = ingest_paths([settings.corpus_dir], settings, embedder_factory=lambda: embedder)
    warm = ingest_paths([settings.corpus_dir], settings, embedder_factory=lambda: embedder)
    chunks = ChunkIndex(settings).all_chunks()
    tokens = sum(embedder.count_tokens([embed_text(c.metadata.get("title", ""), c.metadata.get("section", ""), c.text) for c in chunks]))
    figures = {
        "files": cold.as_dict()["files"],
        "pages": cold.total("pages"),
        "chunks": cold.total("added"),
        "tokens": tokens,
        "model_load_s": round(load_s, 2),
        "cold_ingest_s": round(cold.seconds, 2),
        "chunks_per_s": round(cold.total("added") / cold.seconds, 1),
        "unchanged_reingest_s": round(warm.seconds, 3),
        "unchanged_added": warm.total("added"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    save_results("ingest.json", figures, echo=False)
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
