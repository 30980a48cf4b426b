"""Embedding batches for ingest: one global length sort over all new chunks, so batches pad little."""

from __future__ import annotations


def embed_sorted(groups: list[list[str]], get_embedder, batch_size: int, bar) -> list[list[list[float]]]:
    """Embed every group's texts in batches of similar length (one global sort: less padding), results per group."""
    flat = [(g, i, text) for g, texts in enumerate(groups) for i, text in enumerate(texts)]
    out: list[list] = [[None] * len(texts) for texts in groups]
    if not flat or get_embedder is None:
        return out
    embedder = get_embedder()
    lengths = embedder.count_tokens([t for _, _, t in flat])
    order = sorted(range(len(flat)), key=lambda n: -lengths[n])
    step = max(batch_size, 1) * 8
    for start in range(0, len(order), step):
        batch = order[start : start + step]
        vectors = embedder.embed_passages([flat[n][2] for n in batch])
        for n, vector in zip(batch, vectors):
            out[flat[n][0]][flat[n][1]] = vector
        bar.update(len(batch))
    return out
