"""Serve benchmark: N concurrent clients against /api/ask on loopback for a fixed time (prints and writes JSON).

Usage: python bench/bench_serve.py [--clients 20] [--seconds 60] [--replicas 1] [--chroma-server] [--url URL]
Without --url it starts `agenda serve` replicas on free ports with the current AGENDA_* settings (with
--chroma-server: one `chroma run` on loopback, the corpus ingested into it, every replica reading it)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evals.metrics import percentile  # noqa: E402
from evals.runner import load_eval_set  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--chroma-server", action="store_true")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of load before measuring (caches, allocator)")
    args = parser.parse_args()
    processes: list[subprocess.Popen] = []
    urls = [args.url] if args.url else []
    env = dict(os.environ, AGENDA_RATE_LIMIT_PER_MINUTE="1000000")
    if not urls:
        if args.chroma_server:
            import tempfile

            chroma_port = free_port()
            chroma_dir = tempfile.mkdtemp(prefix="agenda-chroma-")
            processes.append(subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", chroma_dir,
                                               "--port", str(chroma_port), "--host", "127.0.0.1"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            env["AGENDA_CHROMA_URL"] = f"http://127.0.0.1:{chroma_port}"
            time.sleep(3)
            subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "--json"], cwd=REPO, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        for _ in range(args.replicas):
            port = free_port()
            urls.append(f"http://127.0.0.1:{port}")
            processes.append(subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=REPO,
                                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        for url in urls:
            wait_ready(url)
        questions = [i["question"] for i in load_eval_set()]
        servers = [psutil.Process(p.pid) for p in processes[-len(urls):]] if processes else []
        warm_until = time.time() + args.warmup

        def warm(n: int) -> None:
            with httpx.Client(timeout=60) as http:
                i = n
                while time.time() < warm_until:
                    http.post(urls[i % len(urls)] + "/api/ask", json={"question": questions[i % len(questions)]})
                    i += args.clients

        warmers = [threading.Thread(target=warm, args=(n,)) for n in range(args.clients)]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        rss_before = [round(s.memory_info().rss / 2**20, 1) for s in servers]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def client(n: int) -> None:
            with httpx.Client(timeout=60) as http:
                i = n
                while time.time() < stop:
                    q = questions[i % len(questions)]
                    url = urls[i % len(urls)]
                    i += args.clients
                    t = time.perf_counter()
                    try:
                        r = http.post(url + "/api/ask", json={"question": q})
                        ok = r.status_code == 200
                    except httpx.HTTPError as exc:
                        ok, r = False, exc
                    with lock:
                        (latencies if ok else errors).append((time.perf_counter() - t) * 1000 if ok else str(r)[:80])

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
        rss_after = [round(s.memory_info().rss / 2**20, 1) for s in servers]
        figures = {
            "replicas": len(urls), "chroma_server": bool(args.chroma_server), "clients": args.clients, "seconds": round(elapsed, 1), "requests": len(latencies) + len(errors),
            "errors": len(errors), "requests_per_s": round(len(latencies) / elapsed, 2),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "rss_before_mb": rss_before, "rss_after_mb": rss_after,
            "error_samples": errors[:5],
        }
        out = REPO / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        name = f"serve-{len(urls)}x{'-chroma' if args.chroma_server else ''}.json"
        (out / name).write_text(json.dumps(figures, indent=2), encoding="utf-8")
        print(json.dumps(figures, indent=2))
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
