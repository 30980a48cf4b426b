"""`agenda serve --workers N`: defaults to the cores, one compute thread per worker, workers share one Chroma."""

import os

from assistant.app import workers
from assistant.cli import make_parser


def test_default_is_one_worker_per_core():
    assert workers.default_workers() == len(os.sched_getaffinity(0))
    assert make_parser().parse_args(["serve"]).workers == 0  # 0 = default_workers()
    assert make_parser().parse_args(["serve", "--workers", "3"]).workers == 3


def test_workers_get_one_thread_and_the_shared_chroma(settings, monkeypatch):
    monkeypatch.setattr(workers, "prepare_install", lambda s: None)
    monkeypatch.setattr(workers, "start_local_chroma", lambda s: "http://127.0.0.1:9")
    for key in ("AGENDA_TORCH_THREADS", "OMP_NUM_THREADS", "AGENDA_CHROMA_URL"):
        monkeypatch.delenv(key, raising=False)
    prepared = workers.prepare_workers(settings)
    assert prepared.model.torch_threads == 1 and os.environ["AGENDA_TORCH_THREADS"] == "1"
    assert prepared.storage.chroma_url == os.environ["AGENDA_CHROMA_URL"] == "http://127.0.0.1:9"
