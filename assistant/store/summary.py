"""Per-document summaries beside the chunk collection, so listing documents never reads every chunk.

One record per document in a small companion collection (`<collection>-docs`): the citation metadata,
the number of chunks, whether they are complete for one file hash, and a fingerprint of the chunk ids
(content hashes), which tells derived indexes (BM25) which documents changed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

DOC_FIELDS = ("doc_id", "title", "issuer", "date", "year", "kind", "licence", "source", "path", "file_name", "file_sha", "reader", "n_pages")


def summary_name(collection_name: str) -> str:
    """Name of the companion collection."""
    return f"{collection_name}-docs"


def summarise(doc_id: str, ids: list[str], metadatas: list[dict]) -> dict:
    """The summary of one document from its chunks' ids and metadata."""
    first = min(zip(ids, metadatas), key=lambda p: int(p[1].get("chunk_index", 0) or 0))[1]
    shas = {m.get("file_sha") for m in metadatas}
    summary = {k: first.get(k) for k in DOC_FIELDS if first.get(k) is not None}
    summary["doc_id"] = doc_id
    summary["chunks"] = len(ids)
    summary["complete"] = len(shas) == 1 and len(ids) == int(first.get("n_chunks", -1) or -1)
    summary["fingerprint"] = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:24]
    return summary


class DocumentSummaries:
    """Read and maintain the companion collection of one chunk collection."""

    def __init__(self, client, chunks_collection, name: str):
        self.chunks = chunks_collection
        self.collection = client.get_or_create_collection(summary_name(name), metadata={"agenda_summary": "1"})

    def refresh(self, doc_ids: Iterable[str]) -> None:
        """Recompute the summaries of these documents from their chunks (one filtered read each)."""
        for doc_id in sorted({d for d in doc_ids if d}):
            page = self.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
            if not page["ids"]:
                self.collection.delete(ids=[doc_id])
                continue
            summary = summarise(doc_id, page["ids"], [m or {} for m in page["metadatas"]])
            self.collection.upsert(
                ids=[doc_id], embeddings=[[1.0]], documents=[json.dumps(summary, ensure_ascii=False)],
                metadatas=[{"kind": str(summary.get("kind", "")), "year": int(summary.get("year") or 0)}],
            )

    def all(self) -> dict[str, dict]:
        """doc_id -> summary, backfilled from the chunks once when a collection predates summaries."""
        page = self.collection.get(include=["documents"])
        if not page["ids"] and self.chunks.count():
            self.backfill()
            page = self.collection.get(include=["documents"])
        return {i: json.loads(d) for i, d in zip(page["ids"], page["documents"])}

    def backfill(self) -> None:
        """Build every summary with one paged scan (only for collections written before summaries existed)."""
        by_doc: dict[str, tuple[list, list]] = {}
        offset = 0
        while True:
            page = self.chunks.get(include=["metadatas"], limit=5000, offset=offset)
            if not page["ids"]:
                break
            for cid, meta in zip(page["ids"], page["metadatas"]):
                entry = by_doc.setdefault((meta or {}).get("doc_id", ""), ([], []))
                entry[0].append(cid)
                entry[1].append(meta or {})
            offset += len(page["ids"])
        for doc_id, (ids, metas) in by_doc.items():
            if not doc_id:
                continue
            summary = summarise(doc_id, ids, metas)
            self.collection.upsert(
                ids=[doc_id], embeddings=[[1.0]], documents=[json.dumps(summary, ensure_ascii=False)],
                metadatas=[{"kind": str(summary.get("kind", "")), "year": int(summary.get("year") or 0)}],
            )
