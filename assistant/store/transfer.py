"""Export a collection to JSONL (chunks, metadata, vectors) and import it elsewhere: a tested backup path."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.core.errors import InputError
from assistant.store.chroma import ChunkIndex
from assistant.core.settings import Settings

FORMAT = "agenda-export-1"


def export_collection(settings: Settings, path: Path) -> int:
    """Write the served collection to `path`: a header line, then one chunk per line. Returns the chunk count."""
    index = ChunkIndex(settings, serving=True)
    ids = [c.id for c in index.all_chunks(include_text=False)]
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"format": FORMAT, "collection": index.name, "vector_settings": settings.vector_settings()}) + "\n")
        for start in range(0, len(ids), 500):
            for chunk in index.get(ids[start : start + 500], with_embeddings=True):
                out.write(json.dumps({"id": chunk.id, "text": chunk.text, "metadata": chunk.metadata,
                                      "embedding": [round(float(x), 7) for x in chunk.embedding]}, ensure_ascii=False) + "\n")
    return len(ids)


def import_collection(settings: Settings, path: Path) -> int:
    """Upsert an export into the collection derived from the settings; refuses exports made with other vector settings."""
    with open(path, encoding="utf-8") as handle:
        try:
            header = json.loads(handle.readline())
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} ist kein Agenda-Export.") from exc
        if header.get("format") != FORMAT:
            raise InputError(f"{path} ist kein Agenda-Export (Format {header.get('format')!r}).")
        if header.get("vector_settings") != settings.vector_settings():
            raise InputError(
                f"Der Export wurde mit anderen Modell-/Chunk-Einstellungen erstellt ({header.get('vector_settings')}); "
                f"aktuell: {settings.vector_settings()}."
            )
        index = ChunkIndex(settings)
        batch: list[dict] = []
        count = 0
        for line in handle:
            if not line.strip():
                continue
            batch.append(json.loads(line))
            if len(batch) == 500:
                count += _store(index, batch)
                batch = []
        count += _store(index, batch)
    index.bump_generation()
    return count


def _store(index: ChunkIndex, batch: list[dict]) -> int:
    if batch:
        index.store([b["id"] for b in batch], [b["embedding"] for b in batch], [b["text"] for b in batch], [b["metadata"] for b in batch])
    return len(batch)
