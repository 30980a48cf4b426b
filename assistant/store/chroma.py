"""The vector index: a Chroma collection with two jobs, store and retrieve (embedded or server mode)."""

from __future__ import annotations

import json
from typing import Iterable


from assistant.core.errors import IndexError_
from assistant.core.settings import Settings
from assistant.core.types import StoredChunk
from assistant.store.base import scored_chunks
from assistant.store.chunk_cache import ChunkCache
from assistant.store.exact import ExactVectors


def make_client(settings: Settings):
    """A Chroma client: HttpClient when AGENDA_CHROMA_URL is set, else a PersistentClient under data_dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.storage.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(settings.storage.chroma_url)
            headers = {"Authorization": f"Bearer {settings.storage.chroma_token}"} if settings.storage.chroma_token else None
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                headers=headers,
                tenant=settings.storage.chroma_tenant,
                database=settings.storage.chroma_database,
                settings=chroma_settings,
            )
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001 - chroma raises many kinds; the user needs one message
        where = settings.storage.chroma_url or str(settings.data_dir / "chroma")
        raise IndexError_(f"Chroma ist nicht erreichbar oder nicht lesbar ({where}): {exc}") from exc


class ChunkIndex:
    """Store and retrieve chunks with their vectors and metadata in one Chroma collection (a SourceStore)."""

    def __init__(self, settings: Settings, client=None, collection_name: str | None = None, serving: bool = False):
        self.settings = settings
        self.client = client or make_client(settings)
        self.batch = settings.storage.write_batch
        if collection_name is None and serving:
            from assistant.store.pointer import active_collection

            collection_name = active_collection(settings, self.client)
        self.name = collection_name or settings.collection_name()
        self.collection = self.client.get_or_create_collection(
            self.name,
            metadata={"hnsw:space": "cosine", **{f"agenda_{k}": str(v) for k, v in settings.vector_settings().items()}},
        )
        self._summaries = None
        self.cache = ChunkCache(settings.storage.chunk_cache)
        self.exact = ExactVectors(settings.storage.exact_search_limit)

    @property
    def summaries(self):
        """The per-document summaries (companion collection), opened on first use."""
        if self._summaries is None:
            from assistant.store.summary import DocumentSummaries

            self._summaries = DocumentSummaries(self.client, self.collection, self.name)
        return self._summaries

    def documents(self) -> dict[str, dict]:
        """doc_id -> summary (metadata, chunk count, completeness, fingerprint) without reading every chunk."""
        return self.summaries.all()

    # ---------------------------------------------------------------- store

    def store(self, ids: list[str], embeddings: list[list[float]], texts: list[str], metadatas: list[dict], summarise: bool = True) -> None:
        """Upsert chunks with their vectors (and refresh their documents' summaries)."""
        for i in range(0, len(ids), self.batch):
            self.collection.upsert(
                ids=ids[i : i + self.batch],
                embeddings=embeddings[i : i + self.batch],
                documents=texts[i : i + self.batch],
                metadatas=[clean_metadata(m) for m in metadatas[i : i + self.batch]],
            )
        if summarise:
            self.summaries.refresh(m.get("doc_id", "") for m in metadatas)
        self.cache.clear(self.cache.generation)

    def update_metadata(self, ids: list[str], metadatas: list[dict]) -> None:
        """Replace metadata of existing chunks without touching their vectors."""
        for i in range(0, len(ids), self.batch):
            self.collection.update(ids=ids[i : i + self.batch], metadatas=[clean_metadata(m) for m in metadatas[i : i + self.batch]])
        self.cache.clear(self.cache.generation)
        self.summaries.refresh(m.get("doc_id", "") for m in metadatas)

    def delete(self, ids: Iterable[str]) -> None:
        """Remove chunks by id (and refresh their documents' summaries)."""
        ids = list(ids)
        docs: set[str] = set()
        for i in range(0, len(ids), self.batch):
            page = self.collection.get(ids=ids[i : i + self.batch], include=["metadatas"])
            docs.update((m or {}).get("doc_id", "") for m in page["metadatas"])
            self.collection.delete(ids=ids[i : i + self.batch])
        self.cache.clear(self.cache.generation)
        self.summaries.refresh(docs)

    # ---------------------------------------------------------------- retrieve

    def retrieve(self, query_embedding: list[float], k: int, where: dict | None = None) -> list[StoredChunk]:
        """The k nearest chunks by cosine similarity (score = 1 - distance)."""
        if not where and self._exact_ready():
            return self.get_scored(self.exact.nearest(query_embedding, k))
        # no count() first: a full scan at 100k chunks; Chroma returns fewer results when it has fewer
        try:
            result = self.collection.query(
                query_embeddings=[query_embedding], n_results=k, where=where or None,
                include=["documents", "metadatas", "distances"],
            )
        except Exception:  # noqa: BLE001 - an empty collection or segment raises in some Chroma versions
            if self.collection.count() == 0:
                return []
            raise
        return [
            StoredChunk(id=i, text=d, metadata=m or {}, score=1.0 - float(dist))
            for i, d, m, dist in zip(result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0])
        ]

    def nearest(self, query_embedding: list[float], k: int) -> list[tuple[str, float]]:
        """(id, cosine score) of the k nearest chunks, ids only: cheap enough to over-fetch for filters."""
        if self._exact_ready():
            return self.exact.nearest(query_embedding, k)
        result = self.collection.query(query_embeddings=[query_embedding], n_results=k, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def rank_by_vector(self, query_embedding: list[float], ids: list[str], k: int) -> list[tuple[str, float]]:
        """(id, cosine) of the k best among the given chunks, computed exactly from their stored vectors."""
        import numpy as np

        page = self.collection.get(ids=ids, include=["embeddings"])
        if not page["ids"]:
            return []
        vectors = np.asarray(page["embeddings"], dtype=np.float32)
        query = np.asarray(query_embedding, dtype=np.float32)
        scores = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query) + 1e-12)
        order = np.argsort(-scores)[:k]
        return [(page["ids"][i], float(scores[i])) for i in order]

    def _exact_ready(self) -> bool:
        """A small collection's vectors are in memory for this generation (exact search instead of an HNSW query)."""
        if self.cache.generation is None:
            self.version()  # the generation the loaded vectors belong to
        return self.exact.ready(self.collection, self.cache.generation or "")

    def get_scored(self, scored: list[tuple[str, float]]) -> list[StoredChunk]:
        """Chunks for (id, score) pairs, in that order (ids that vanished meanwhile are skipped)."""
        return scored_chunks(self, scored)

    def count(self) -> int:
        """Number of chunks."""
        return self.collection.count()

    def all_chunks(self, include_text: bool = True, where: dict | None = None) -> list[StoredChunk]:
        """Every chunk (paged), for the lexical index and ingest bookkeeping."""
        include = ["metadatas"] + (["documents"] if include_text else [])
        out: list[StoredChunk] = []
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=self.batch, offset=offset, where=where or None)
            ids = page["ids"]
            if not ids:
                break
            docs = page.get("documents") or [""] * len(ids)
            for i, d, m in zip(ids, docs, page["metadatas"]):
                out.append(StoredChunk(id=i, text=d or "", metadata=m or {}))
            offset += len(ids)
            if len(ids) < self.batch:
                break
        return out

    def get(self, ids: list[str], with_embeddings: bool = False) -> list[StoredChunk]:
        """Chunks by id, in the order asked (ids that do not exist are left out); recently read ones from memory."""
        found, missing = self.cache.lookup(ids, with_embeddings)
        if missing:
            generation = self.cache.generation
            read = self._read(missing, with_embeddings)
            self.cache.put(read, generation)
            for chunk in read:
                found[chunk.id] = chunk if with_embeddings else StoredChunk(id=chunk.id, text=chunk.text, metadata=chunk.metadata)
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def _read(self, ids: list[str], with_embeddings: bool) -> list[StoredChunk]:
        # vectors only when asked: an embedded store written by another process may not serve new ids' vectors yet
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        page = self.collection.get(ids=ids, include=include)
        embeddings = page.get("embeddings") if with_embeddings else None
        return [
            StoredChunk(id=i, text=d, metadata=m or {}, embedding=list(embeddings[n]) if embeddings is not None else None)
            for n, (i, d, m) in enumerate(zip(page["ids"], page["documents"], page["metadatas"]))
        ]

    def version(self) -> str:
        """A cheap fingerprint of the collection's content (the generation every writer bumps), no count()."""
        # re-read: another process (ingest, upload on another replica) may have bumped the generation
        meta = self.client.get_collection(self.name).metadata or {}
        generation = str(meta.get("agenda_generation", ""))
        if generation != self.cache.generation:
            self.cache.clear(generation)  # another process changed chunks: forget what was read before
        return generation

    def bump_generation(self) -> None:
        """Mark a change of content so other processes refresh their lexical index."""
        import uuid

        meta = dict(self.collection.metadata or {})
        meta.pop("hnsw:space", None)
        meta["agenda_generation"] = uuid.uuid4().hex
        self.collection.modify(metadata=meta)
        self.cache.clear(meta["agenda_generation"])


def clean_metadata(metadata: dict) -> dict:
    """Chroma accepts only str, int, float and bool values; drop None, serialise the rest."""
    clean = {}
    for key, value in metadata.items():
        if value is None:
            continue
        if isinstance(value, (str, int, float, bool)):
            clean[key] = value
        else:
            clean[key] = json.dumps(value, ensure_ascii=False)
    return clean
