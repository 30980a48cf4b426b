"""The unit ring: no built model, no Chroma, no subprocess, no browser. The fixtures that would load them fail here;
fakes that discriminate (a hashing embedder, the in-memory SourceStore) stand in."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import CORPUS


@pytest.fixture
def settings(tmp_path):
    """Settings with a private data dir and the bundled corpus; nothing is built or loaded."""
    from assistant.core.settings import Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)


def _outside_the_ring(what: str):
    pytest.fail(f"{what} belongs in tests/integration or tests/e2e, not in tests/unit")


def _refused(name: str, what: str):
    """A fixture of that name that fails the test asking for it (overrides the real one from tests/conftest.py)."""

    @pytest.fixture(name=name, scope="session")
    def refuse():
        _outside_the_ring(what)

    return refuse


model_path = _refused("model_path", "the built model")
embedder = _refused("embedder", "the real embedder")
corpus_settings = _refused("corpus_settings", "the ingested corpus")
engine = _refused("engine", "the answer engine over the real corpus")


@pytest.fixture(autouse=True)
def _no_chroma_no_subprocess(monkeypatch):
    """Opening Chroma or starting a process fails a unit test."""
    import assistant.store.chroma as chroma

    def refuse(*args, **kwargs):
        _outside_the_ring("Chroma or a subprocess")

    monkeypatch.setattr(chroma, "make_client", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
