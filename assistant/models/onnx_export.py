"""The query encoder for ONNX Runtime: exported once from the built folder (offline), verified against sentence-transformers.

The graph holds the BERT encoder plus mean pooling and L2 normalisation, so one ORT call (which releases
the GIL) turns token ids into the final e5 vector. sentence-transformers stays the reference and fallback.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from assistant.core.errors import ModelError
from assistant.core.settings import QUERY_PREFIX

ONNX_DIR = "onnx"
ONNX_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
ONNX_INFO = "agenda_onnx.json"
EXPORT_VERSION = "2"  # 2: attention, GELU and layer norms fused by onnxruntime's transformer optimizer
MIN_COSINE = 0.9999
log = logging.getLogger(__name__)

VERIFY_QUERIES = [
    "Wann wurde das Positionspapier veröffentlicht?",
    "Welche Ziele nennt die Digitalstrategie für den Breitbandausbau in Köln?",
    "was kostet das",
    "Open Data, E-Government und Bürgerservice: welche Maßnahmen sind geplant und bis wann sollen sie umgesetzt werden?",
    "Who signed the paper?",
]


def onnx_path(folder: Path) -> Path:
    """Where the exported query encoder lives inside a model folder."""
    return folder / ONNX_DIR / ONNX_FILE


def is_exported(folder: Path) -> bool:
    """True when a verified export of the current version is present."""
    info = folder / ONNX_DIR / ONNX_INFO
    if not info.exists() or not onnx_path(folder).exists():
        return False
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("export_version") == EXPORT_VERSION and data.get("min_cosine", 0) >= MIN_COSINE


def export_onnx(folder: Path, force: bool = False) -> dict:
    """Export the encoder with pooling and normalisation to ONNX (fp32) and verify it; returns the export info."""
    if is_exported(folder) and not force:
        return json.loads((folder / ONNX_DIR / ONNX_INFO).read_text(encoding="utf-8"))
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    target = folder / ONNX_DIR
    staging = folder / (ONNX_DIR + ".building")
    staging.mkdir(parents=True, exist_ok=True)
    # eager attention exports the plain BERT pattern, which onnxruntime's optimizer fuses into Attention nodes
    encoder = AutoModel.from_pretrained(str(folder), local_files_only=True, attn_implementation="eager")
    model = Pooled(encoder).eval()
    example = (torch.ones(1, 8, dtype=torch.long), torch.ones(1, 8, dtype=torch.long))
    with torch.no_grad():
        torch.onnx.export(
            model, example, str(staging / ONNX_FILE), dynamo=False, opset_version=17,
            input_names=["input_ids", "attention_mask"], output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "embedding": {0: "batch"}},
        )
    fused = _fuse(staging / ONNX_FILE, encoder.config.num_attention_heads, encoder.config.hidden_size)
    cosine = verify_onnx(folder, staging / ONNX_FILE)
    if cosine < MIN_COSINE:
        raise ModelError(f"ONNX-Export weicht ab (Kosinus {cosine:.6f} < {MIN_COSINE}).")
    info = {"export_version": EXPORT_VERSION, "min_cosine": cosine, "precision": "fp32", "fused": fused}
    (staging / ONNX_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
    if target.exists():
        import shutil

        shutil.rmtree(target)
    os.replace(staging, target)
    return info


def _fuse(model_file: Path, num_heads: int, hidden_size: int) -> dict:
    """Fuse attention, GELU and layer norms in place (fewer, larger kernels: faster on short queries); {} if it fails."""
    try:
        from onnxruntime.transformers import optimizer

        optimised = optimizer.optimize_model(str(model_file), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=1, use_gpu=False)
        optimised.save_model_to_file(str(model_file))
        return {name: count for name, count in optimised.get_fused_operator_statistics().items() if count}
    except Exception as exc:  # the unfused export is correct, only slower
        log.warning("ONNX-Fusion übersprungen: %s", exc)
        return {}


def int8_path(folder: Path) -> Path:
    """The int8 variant of the query encoder (dynamic quantisation of the fp32 export's matrix products)."""
    return folder / ONNX_DIR / INT8_FILE


def quantise_onnx(folder: Path) -> float:
    """Write the int8 variant next to the fp32 export once (offline, onnxruntime's own quantiser); returns its smallest
    cosine to the fp32 vectors on the check queries (it moves neighbours a little: opt-in, see the README's eval table)."""
    if not is_exported(folder):
        export_onnx(folder)
    target = int8_path(folder)
    if not target.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        staging = target.with_suffix(".building")
        quantize_dynamic(str(onnx_path(folder)), str(staging), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
        os.replace(staging, target)
    import numpy as np

    fp32, int8 = OnnxEncoder(folder, threads=1), OnnxEncoder(folder, model_file=target, threads=1)
    return float(min(np.dot(fp32.encode(QUERY_PREFIX + q), int8.encode(QUERY_PREFIX + q)) for q in VERIFY_QUERIES))


def verify_onnx(folder: Path, model_file: Path, queries: list[str] | None = None) -> float:
    """Smallest cosine between ONNX and sentence-transformers query vectors."""
    import numpy as np
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    texts = [QUERY_PREFIX + q for q in (queries or VERIFY_QUERIES)]
    expected = reference.encode(texts, normalize_embeddings=True)
    encoder = OnnxEncoder(folder, model_file=model_file, threads=1)
    got = np.asarray([encoder.encode(t) for t in texts])
    return float(min((expected * got).sum(axis=1)))


class OnnxEncoder:
    """Token ids -> normalised e5 vector with ONNX Runtime; one intra-op thread per worker by default."""

    def __init__(self, folder: Path, model_file: Path | None = None, threads: int = 1, max_length: int = 512):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(threads, 0)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_file or onnx_path(folder)), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()

    def encode(self, text: str) -> list[float]:
        """One text (prefix already added) -> vector."""
        import numpy as np

        ids = np.asarray([self.tokenizer.encode(text).ids], dtype=np.int64)
        (vector,) = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return vector[0].tolist()
