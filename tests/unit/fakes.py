"""Fakes for the unit ring that discriminate: texts sharing words get close vectors, others do not (never a constant)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from assistant.core.german import STOPWORDS, fold
from assistant.models.base import Embedder


def _bucket(feature: str, dim: int) -> tuple[int, float]:
    digest = int(hashlib.sha256(feature.encode()).hexdigest(), 16)
    return digest % dim, 1.0 if (digest >> 128) & 1 else -1.0


class HashingEmbedder(Embedder):
    """Signed feature hashing of folded content words (cut to five letters, so inflections meet), normalised.

    Records every batch it is given (kind and texts), so tests can check how the base class batches."""

    def __init__(self, dim: int = 512, batch_size: int = 4):
        self.dim, self.batch_size = dim, batch_size
        self.batches: list[tuple[str, list[str]]] = []

    def features(self, text: str) -> list[str]:
        words = [fold(w) for w in re.findall(r"\w+", text)]
        return [w[:5] for w in words if w not in STOPWORDS] or [fold(text)]

    def vector(self, text: str) -> list[float]:
        v = np.zeros(self.dim)
        for feature in self.features(text):
            index, sign = _bucket(feature, self.dim)
            v[index] += sign
        return (v / (np.linalg.norm(v) or 1.0)).tolist()

    def embed_batch(self, texts: list[str], kind) -> list[list[float]]:
        self.batches.append((kind, list(texts)))
        return [self.vector(t) for t in texts]

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(re.findall(r"\w+|[^\w\s]", t)) for t in texts]


# three small documents in the shape ingest stores them (the metadata the answer layer reads)
DOCS = {
    "konferenzen": ("Positionspapier", 2016, [
        "Die Regionalkonferenz in Kiel fand am 27.01.2016 statt.",
        "Die Regionalkonferenz in Brehna fand am 13.04.2016 statt.",
        "Vitako und die Stadt Köln luden zu sechs Regionalkonferenzen ein.",
    ]),
    "erechv": ("Verordnung", 2017, [
        "Die E-Rechnungsverordnung regelt die Annahme elektronischer Rechnungen durch den Bund.",
        "Rechnungssteller übermitteln die Rechnung über ein Verwaltungsportal.",
    ]),
    "citylab": ("Richtlinie", 2019, [
        "Das CityLAB Berlin wird als Fehlbedarfsfinanzierung gefördert.",
        "Der Breitbandausbau im ländlichen Raum ist nicht Gegenstand der Förderung.",
    ]),
}


def fill(store, embedder: HashingEmbedder, docs: dict = DOCS) -> None:
    """Store the documents' chunks with hashed vectors and ingest-like metadata; bump the generation."""
    for doc_id, (kind, year, texts) in docs.items():
        ids = [f"{doc_id}-{i}" for i in range(len(texts))]
        metas = [{"doc_id": doc_id, "title": doc_id.title(), "kind": kind, "year": year, "chunk_index": i,
                  "n_chunks": len(texts), "file_sha": doc_id, "section": "", "page_breaks": None} for i in range(len(texts))]
        store.store(ids, embedder.embed_passages(texts), texts, metas)
    store.bump_generation()
