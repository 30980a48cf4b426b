"""Serve benchmark: N concurrent clients against /api/ask on loopback for a fixed time (prints and writes JSON).

Usage: python bench/bench_serve.py [--clients 20] [--seconds 60] [--replicas 1] [--chroma-server] [--url URL]
                                   [--workers N] [--compare-workers]
Without --url it starts `agenda serve` replicas on free ports with the current AGENDA_* settings (with
--chroma-server: one `chroma run` on loopback, the corpus ingested into it, every replica reading it).
--workers N passes `--workers N` to each replica (default 1: one process, as before); --compare-workers
measures 1 worker and then the default (one per core) and writes serve-workers.json with both."""

from __future__ import annotations

import argparse
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

from bench.results import save_results  # noqa: E402
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


def server_processes(processes: list[subprocess.Popen], count: int) -> list[psutil.Process]:
    """The replica processes (with their worker children, when there are workers)."""
    return [psutil.Process(p.pid) for p in processes[-count:]] if processes else []


def rss(servers: list[psutil.Process]) -> list[float]:
    """RSS per replica in MB: the process and its workers (the local Chroma server not counted)."""
    out = []
    for s in servers:
        procs = [s] + [c for c in s.children(recursive=True) if "chroma" not in " ".join(c.cmdline()[:2])]
        out.append(round(sum(p.memory_info().rss for p in procs) / 2**20, 1))
    return out


def cpu_seconds(processes, children: bool = True) -> float:
    """User and system CPU time of the processes and (children=True) all their children (the server's workers)."""
    total = 0.0
    for p in processes:
        for q in [p] + (p.children(recursive=True) if children else []):
            try:
                t = q.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
    return total


def start(args, env: dict, workers: int) -> tuple[list[str], list[subprocess.Popen]]:
    """Chroma server (optional) and the replicas; returns their URLs and processes."""
    processes: list[subprocess.Popen] = []
    urls: list[str] = []
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
        command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers", str(workers)]
        processes.append(subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return urls, processes


def load(urls: list[str], clients: int, seconds: float, questions: list[str]) -> tuple[list[float], list[str], float]:
    """`clients` threads ask round-robin for `seconds`; latencies (ms), errors, elapsed seconds."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.time() + seconds

    def client(n: int) -> None:
        with httpx.Client(timeout=60) as http:
            i = n
            while time.time() < stop:
                q, url = questions[i % len(questions)], urls[i % len(urls)]
                i += clients
                t = time.perf_counter()
                try:
                    r = http.post(url + "/api/ask", json={"question": q})
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                with lock:
                    (latencies if ok else errors).append((time.perf_counter() - t) * 1000 if ok else str(r)[:80])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.time() - started


def run(args, workers: int) -> dict:
    """One measurement: start (unless --url), warm up, load, figures."""
    env = dict(os.environ, AGENDA_RATE_LIMIT_PER_MINUTE="1000000")
    urls, processes = ([args.url], []) if args.url else start(args, env, workers)
    try:
        for url in urls:
            wait_ready(url)
        questions = [i["question"] for i in load_eval_set()]
        servers = server_processes(processes, len(urls))
        load(urls, args.clients, args.warmup, questions)
        rss_before = rss(servers)
        me = psutil.Process()
        cpu_before = cpu_seconds(servers), cpu_seconds([me], children=False)
        latencies, errors, elapsed = load(urls, args.clients, args.seconds, questions)
        server_cpu, client_cpu = cpu_seconds(servers) - cpu_before[0], cpu_seconds([me], children=False) - cpu_before[1]
        return {
            "replicas": len(urls), "workers": workers, "chroma_server": bool(args.chroma_server), "clients": args.clients,
            "seconds": round(elapsed, 1), "requests": len(latencies) + len(errors),
            "errors": len(errors), "requests_per_s": round(len(latencies) / elapsed, 2),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "rss_before_mb": rss_before, "rss_after_mb": rss(servers),
            "server_cpu_ms_per_request": round(server_cpu * 1000 / max(len(latencies), 1), 1),
            "client_cpu_ms_per_request": round(client_cpu * 1000 / max(len(latencies), 1), 1),
            "error_samples": errors[:5],
        }
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--chroma-server", action="store_true")
    parser.add_argument("--workers", type=int, default=1, help="`agenda serve --workers N` per replica (0: one per core)")
    parser.add_argument("--compare-workers", action="store_true", help="1 worker, then the default; writes serve-workers.json")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of load before measuring (caches, allocator)")
    args = parser.parse_args()
    if args.compare_workers:
        from assistant.app.workers import default_workers

        figures = {"one_worker": run(args, 1), "default_workers": run(args, default_workers())}
        name = "serve-workers.json"
    else:
        figures = run(args, args.workers)
        name = f"serve-{figures['replicas']}x{'-chroma' if args.chroma_server else ''}.json"
    save_results(name, figures)


if __name__ == "__main__":
    main()
