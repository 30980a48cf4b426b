"""Serve benchmark: N concurrent clients against /api/ask on loopback for a fixed time (prints and writes JSON).

Usage: python bench/bench_serve.py [--clients 20] [--seconds 60] [--url http://127.0.0.1:PORT]
Without --url it starts `agenda serve` on a free port with the current AGENDA_* settings and stops it afterwards."""

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
    args = parser.parse_args()
    process = None
    url = args.url
    if not url:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, AGENDA_RATE_LIMIT_PER_MINUTE="1000000")
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=REPO, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url)
        questions = [i["question"] for i in load_eval_set()]
        server = psutil.Process(process.pid) if process else None
        rss_before = server.memory_info().rss / 2**20 if server else None
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def client(n: int) -> None:
            with httpx.Client(timeout=60) as http:
                i = n
                while time.time() < stop:
                    q = questions[i % len(questions)]
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
        rss_after = server.memory_info().rss / 2**20 if server else None
        figures = {
            "clients": args.clients, "seconds": round(elapsed, 1), "requests": len(latencies) + len(errors),
            "errors": len(errors), "requests_per_s": round(len(latencies) / elapsed, 2),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "rss_before_mb": round(rss_before, 1) if rss_before else None, "rss_after_mb": round(rss_after, 1) if rss_after else None,
            "error_samples": errors[:5],
        }
        out = REPO / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "serve.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
        print(json.dumps(figures, indent=2))
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
