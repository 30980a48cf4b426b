"""Chroma server mode: a real `chroma run` on loopback; the same index contract, ingest, ask, delete; two app processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.answer.engine import AnswerEngine
from assistant.store.chroma import ChunkIndex
from ingest.pipeline import ingest_paths
from tests.conftest import REPO, make_settings
from tests.contracts import check_index_contract
from tests.web_helpers import free_port

pytestmark = pytest.mark.slow
CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip("chroma CLI not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("chroma server did not start")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_index_contract_in_server_mode(tmp_path, model_path, embedder, chroma_url):
    settings = make_settings(tmp_path / "data", model_path, chroma_url=chroma_url, chunk_tokens=199)
    check_index_contract(settings, embedder)


def test_ingest_ask_reingest_delete_against_server(tmp_path, model_path, embedder, chroma_url, small_corpus):
    settings = make_settings(tmp_path / "data", model_path, chroma_url=chroma_url, chunk_tokens=201)
    first = ingest_paths([small_corpus], settings, embedder_factory=lambda: embedder)
    assert first.total("added") > 30
    assert not (settings.data_dir / "chroma").exists()  # nothing stored locally in server mode
    engine = AnswerEngine(settings, embedder=embedder)
    assert "27.01.2016" in engine.answer("Wann fand die Regionalkonferenz in Kiel statt?").answer
    again = ingest_paths([small_corpus], settings, embedder_factory=lambda: embedder)
    assert again.total("added") == 0 and again.total("kept") == first.total("added")
    (small_corpus / "bund_erechv_e-rechnungsverordnung.md").unlink()
    removed = ingest_paths([small_corpus], settings, embedder_factory=lambda: embedder)
    assert any(f.status == "entfernt" for f in removed.files)
    assert {c.metadata["doc_id"] for c in ChunkIndex(settings).all_chunks(include_text=False)} == {"positionspapier-2016", "berlin-citylab-2019"}


def test_document_ingested_by_one_process_is_answered_by_another(tmp_path, model_path, embedder, chroma_url, small_corpus):
    settings = make_settings(tmp_path / "data", model_path, chroma_url=chroma_url, chunk_tokens=202)
    ingest_paths([small_corpus], settings, embedder_factory=lambda: embedder)
    engine = AnswerEngine(settings, embedder=embedder)  # this process serves; it has built its BM25 side already
    engine.lexical.check_every = 0.0
    before = engine.answer("Wie viele Leistungen plant die Musterstadt im Bürgerportal?")
    assert before.abstained or "40" not in before.answer  # the answer is not in the documents yet
    extra = tmp_path / "neu"
    extra.mkdir()
    (extra / "musterstadt.txt").write_text("Die Musterstadt plant 2027 ein Bürgerportal mit 40 Leistungen.", encoding="utf-8")
    env = dict(os.environ, AGENDA_DATA_DIR=str(settings.data_dir), AGENDA_CHROMA_URL=chroma_url, AGENDA_CHUNK_TOKENS="202")
    subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(extra), "--json"], check=True, env=env, cwd=REPO,
                   capture_output=True, timeout=300)
    # the next question notices the change and starts the BM25 sync in the background (it does not wait for it) ...
    started = time.perf_counter()
    engine.answer("Wie viele Leistungen plant die Musterstadt im Bürgerportal?")
    assert time.perf_counter() - started < 5
    engine.lexical.wait(60)
    # ... and once that has run, the new document answers
    answer = engine.answer("Wie viele Leistungen plant die Musterstadt im Bürgerportal?")
    assert not answer.abstained and "40" in answer.answer and answer.citations[0].doc_id == "musterstadt"
