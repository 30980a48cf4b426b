"""Ingest killed with SIGKILL at random points, then re-run, ends equal to a clean ingest."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from assistant.store.chroma import ChunkIndex
from ingest.pipeline import ingest_paths
from tests.conftest import REPO, make_settings

pytestmark = pytest.mark.slow


def _state(settings):
    chunks = ChunkIndex(settings).all_chunks()
    return sorted((c.id, c.metadata["doc_id"], c.metadata["start"], c.metadata["end"], c.text) for c in chunks)


def test_killed_ingest_recovers_to_the_clean_result(tmp_path, model_path, embedder, small_corpus):
    clean = make_settings(tmp_path / "clean", model_path)
    ingest_paths([small_corpus], clean, embedder_factory=lambda: embedder)
    expected = _state(clean)

    crashed = make_settings(tmp_path / "crashed", model_path)
    env = dict(os.environ, AGENDA_DATA_DIR=str(crashed.data_dir))
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(small_corpus), "--json"],
                                   env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(4.0, 14.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 1  # at least one run really died mid-way
    ingest_paths([small_corpus], crashed, embedder_factory=lambda: embedder)
    state = _state(crashed)
    assert state == expected
    assert len({s[0] for s in state}) == len(state)  # no duplicates
