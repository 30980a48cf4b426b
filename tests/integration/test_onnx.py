"""The ONNX Runtime query encoder: exported from the built folder offline, same vectors as sentence-transformers."""

import numpy as np

from assistant.core.settings import QUERY_PREFIX
from assistant.models.onnx_export import MIN_COSINE, OnnxEncoder, export_onnx, is_exported

QUESTIONS = [
    "Wann fand die Regionalkonferenz in Saarbrücken statt?",
    "wie hoch ist die förderung fürs citylab",
    "Welche Pflichten haben Behörden beim elektronischen Zugang nach dem E-Government-Gesetz?",
]


def test_export_is_verified_and_matches_sentence_transformers(model_path, embedder):
    info = export_onnx(model_path)
    assert is_exported(model_path) and info["min_cosine"] >= MIN_COSINE
    assert info["fused"].get("Attention") == 12  # one fused attention per layer: the fast graph, not the plain export
    encoder = OnnxEncoder(model_path, threads=1)
    reference = embedder.embed_model  # sentence-transformers via llama-index: the reference
    for question in QUESTIONS:
        onnx = np.array(encoder.encode(QUERY_PREFIX + question))
        torch = np.array(reference.get_query_embedding(question))
        assert float(onnx @ torch) >= MIN_COSINE


def test_embedder_answers_queries_with_onnx_and_falls_back_to_torch(model_path, embedder):
    from assistant.models.embedder import E5Embedder

    export_onnx(model_path)
    onnx = E5Embedder(str(model_path), 8, 1, embedder.tokenizer, "onnx")
    torch = E5Embedder(str(model_path), 8, 1, embedder.tokenizer, "torch")
    assert onnx.onnx is not None and torch.onnx is None
    a, b = np.array(onnx.embed_query(QUESTIONS[0])), np.array(torch.embed_query(QUESTIONS[0]))
    assert float(a @ b) >= MIN_COSINE
