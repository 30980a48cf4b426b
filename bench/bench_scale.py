"""Speed at scale: a synthetic collection built from the real chunks, then start-up, latency under change, RSS.

Usage: python bench/bench_scale.py [--chunks 100000] [--data-dir /tmp/agenda-scale] [--seconds 20]

The synthetic collection is made from the bundled corpus's chunks (ingested in AGENDA_DATA_DIR): texts
recombined from two real chunks, vectors = the real vector plus noise, renormalised (no re-embedding),
~100 chunks per synthetic document with the real kinds and years. It is built once into --data-dir (a
private Chroma) and reused. `--chunks 0` measures the bundled corpus itself. The measurements run in a
fresh process (`--measure`), so start-up includes model and index loading.
Writes bench/results/scale.json (or scale-<n>.json for other sizes)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.settings import Settings  # noqa: E402
from bench.results import save_results  # noqa: E402

PER_DOC = 100
NOISE = 0.02


def rss_mb() -> float:
    """Current resident memory of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def synthetic_chunks(real: list, n: int, seed: int = 7):
    """Yield (id, vector, text, metadata) for n synthetic chunks made from the real ones."""
    import numpy as np

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    kinds_years = sorted({(c.metadata.get("kind", ""), c.metadata.get("year") or 0) for c in real})
    for i in range(n):
        doc = i // PER_DOC
        a, b = rng.choice(real), rng.choice(real)
        half = b.text[len(b.text) // 2 :]
        text = f"{a.text}\n{half}"
        vector = np.asarray(a.embedding, dtype=np.float32) + nprng.normal(0, NOISE, len(a.embedding)).astype(np.float32)
        vector /= np.linalg.norm(vector)
        kind, year = kinds_years[doc % len(kinds_years)]
        meta = dict(a.metadata, doc_id=f"syn-{doc:05d}", title=f"Synthetisches Dokument {doc}", kind=kind, year=year,
                    path=f"/synthetic/{doc}.md", file_name=f"{doc}.md", file_sha=f"syn{doc}", n_chunks=PER_DOC, chunk_index=i % PER_DOC)
        cid = hashlib.sha256(f"{i}\n{text}".encode()).hexdigest()[:32]
        yield cid, vector.tolist(), text, meta


def build(settings: Settings, target: Settings, n: int) -> dict:
    """Fill the private collection with n synthetic chunks (once) and build its lexical index once."""
    from assistant.answer.lexical import LexicalIndex
    from assistant.store.chroma import ChunkIndex

    index = ChunkIndex(target)
    figures: dict = {}
    if index.count() < n:
        real = ChunkIndex(settings).all_chunks()
        real = ChunkIndex(settings).get([c.id for c in real], with_embeddings=True)
        started = time.perf_counter()
        batch: list = []
        for row in synthetic_chunks(real, n):
            batch.append(row)
            if len(batch) == PER_DOC * 10:
                index.store(*map(list, zip(*batch)), summarise=False)
                batch = []
        if batch:
            index.store(*map(list, zip(*batch)), summarise=False)
        index.summaries.backfill()
        index.bump_generation()
        figures["collection_build_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    LexicalIndex(index)  # first build analyses everything once and persists the tokens
    figures["lexical_first_build_or_load_s"] = round(time.perf_counter() - started, 1)
    return figures


def questions() -> list[str]:
    from evals.runner import load_eval_set

    return [item["question"] for item in load_eval_set() if not item.get("history")][:60]


def latencies(engine, qs: list[str], filters=None) -> list[float]:
    out = []
    for q in qs:
        t = time.perf_counter()
        engine.answer(q, filters=filters)
        out.append((time.perf_counter() - t) * 1000)
    return out


def new_document(engine) -> tuple[str, tuple]:
    """One new document of 100 chunks (vectors made before the clock starts) and a word only it contains."""
    import numpy as np

    run = int(time.time()) % 100_000
    marker = f"Zebrastreifenverordnung{run}"
    base = engine.index.retrieve(engine.embedder.embed_query("Digitalisierung"), 1)[0]
    rng = np.random.default_rng(run)
    anchor = np.asarray(engine.embedder.embed_query(marker), dtype=np.float32)
    ids, vectors, texts, metas = [], [], [], []
    for i in range(PER_DOC):
        v = anchor + rng.normal(0, NOISE, anchor.shape[0]).astype(np.float32)
        ids.append(f"change-{run}-{i}")
        vectors.append((v / np.linalg.norm(v)).tolist())
        texts.append(f"{base.text}\nDie {marker} regelt Abschnitt {i}.")
        metas.append(dict(base.metadata, doc_id=f"geaendert-{run}", title="Geändertes Dokument", n_chunks=PER_DOC, chunk_index=i, file_sha="x"))
    return marker, (ids, vectors, texts, metas)


def under_change(engine, qs: list[str], seconds: float, clients: int = 2) -> dict:
    """Clients keep asking; one document changes; longest gap between completed requests and when the change is visible."""
    done: list[float] = []
    stop = threading.Event()

    def client(k: int) -> None:
        i = k
        while not stop.is_set():
            engine.answer(qs[i % len(qs)])
            done.append(time.perf_counter())
            i += clients

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    marker, rows = new_document(engine)
    time.sleep(2)
    changed_at = time.perf_counter()
    engine.index.store(*rows)  # as an upload or another replica's ingest would: store, bump the generation
    engine.index.bump_generation()
    store_ms = (time.perf_counter() - changed_at) * 1000
    t = time.perf_counter()
    engine.answer(f"Was regelt die {marker}?")
    first_ms = (time.perf_counter() - t) * 1000
    visible_ms = None
    while time.perf_counter() - changed_at < seconds:
        if any(marker in h.chunk.text for h in engine.lexical.search(marker, 5)):
            visible_ms = (time.perf_counter() - changed_at) * 1000
            break
        time.sleep(0.05)
    time.sleep(max(0.0, seconds - (time.perf_counter() - changed_at)))
    stop.set()
    for t in threads:
        t.join()
    engine.index.delete(rows[0])  # leave the collection as it was
    engine.index.bump_generation()
    window = sorted(x for x in done if x >= changed_at - 1)
    gaps = [b - a for a, b in zip(window, window[1:])]
    return {"change_store_ms": round(store_ms), "first_query_after_change_ms": round(first_ms),
            "change_visible_ms": round(visible_ms) if visible_ms else None,
            "max_gap_ms": round(max(gaps) * 1000) if gaps else None, "requests_during_change": len(window)}


def measure(seconds: float) -> dict:
    """Runs in a fresh process against AGENDA_DATA_DIR: start-up, latencies, change under load, RSS."""
    from assistant.answer.engine import AnswerEngine
    from assistant.core.types import Filters
    from evals.metrics import percentile

    started = time.perf_counter()
    engine = AnswerEngine(Settings())
    startup_s = time.perf_counter() - started
    qs = questions()
    engine.answer(qs[0])
    plain = latencies(engine, qs)
    kinds = sorted({s.get("kind", "") for s in engine.lexical.documents().values()})
    filtered = latencies(engine, qs, Filters(kinds=[kinds[0]]))
    figures = {"chunks": engine.lexical.store.size(), "startup_s": round(startup_s, 1),
               "p50_ms": round(percentile(plain, 50), 1), "p95_ms": round(percentile(plain, 95), 1),
               "filtered_p50_ms": round(percentile(filtered, 50), 1), "filtered_p95_ms": round(percentile(filtered, 95), 1),
               "filter": f"kind={kinds[0]}"}
    figures.update(under_change(engine, qs, seconds))
    figures["rss_mb"] = round(rss_mb())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--data-dir", default="/tmp/agenda-scale")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.seconds)))
        return
    settings = Settings()
    env = dict(os.environ)
    figures: dict = {}
    if args.chunks:
        target_dir = Path(args.data_dir)
        (target_dir / "models").mkdir(parents=True, exist_ok=True)
        link = target_dir / "models" / settings.model_path.name
        if not link.exists() and not settings.model.embed_model:
            link.symlink_to(settings.model_path.resolve())
        figures.update(build(settings, settings.with_overrides(data_dir=target_dir), args.chunks))
        env["AGENDA_DATA_DIR"] = str(target_dir)
    out = subprocess.run([sys.executable, __file__, "--measure", "--seconds", str(args.seconds)], env=env, cwd=REPO,
                         capture_output=True, text=True, check=True)
    figures.update(json.loads(out.stdout.strip().splitlines()[-1]))
    save_results("scale.json" if args.chunks == 100_000 else f"scale-{figures['chunks']}.json", figures)


if __name__ == "__main__":
    main()
