"""`agenda serve --workers N`: one process per core, one compute thread each, all reading one Chroma.

Chroma's embedded PersistentClient is not process-safe, so with several workers and no AGENDA_CHROMA_URL
the data directory's Chroma is served by one local `chroma run` on loopback and every worker reads it over
HTTP. The fresh-install preparation (model build, ONNX export, corpus ingest) runs once, before the workers.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from assistant.core.errors import IndexError_
from assistant.core.settings import Settings


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_local_chroma(settings: Settings, timeout: float = 60) -> str:
    """Serve data_dir/chroma with one `chroma run` on loopback (stopped at exit); returns its URL."""
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(process.terminate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise IndexError_(f"Der lokale Chroma-Server für {path} ist nicht gestartet (Exit {process.returncode}).")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    raise IndexError_(f"Der lokale Chroma-Server für {path} antwortet nicht.")


def prepare_workers(settings: Settings) -> Settings:
    """Environment and shared state for worker processes; returns the settings the workers will read."""
    os.environ["AGENDA_TORCH_THREADS"] = "1"  # one compute thread per worker (torch and ONNX Runtime)
    os.environ["OMP_NUM_THREADS"] = "1"
    changes: dict = {"torch_threads": 1}
    if not settings.storage.chroma_url:
        url = start_local_chroma(settings)
        os.environ["AGENDA_CHROMA_URL"] = url
        changes["chroma_url"] = url
    settings = settings.with_overrides(**changes)
    prepare_install(settings)
    return settings


def prepare_install(settings: Settings) -> None:
    """Build the model (and its ONNX export) and ingest the corpus into an empty index, once."""
    from assistant.models.embedder import ensure_model
    from assistant.store.chroma import ChunkIndex

    ensure_model(settings, build=True)
    index = ChunkIndex(settings, serving=True)
    if index.count() == 0 and settings.corpus_dir.exists():
        from ingest.pipeline import ingest_paths

        print(f"Der Index ist leer – {settings.corpus_dir} wird zuerst indexiert …", file=sys.stderr, flush=True)
        ingest_paths([settings.corpus_dir], settings, index=index)
