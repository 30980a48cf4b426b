"""The chunk cache: bounded, least recently used out, never keeps what was read under an older generation."""

from assistant.core.types import StoredChunk
from assistant.store.chunk_cache import ChunkCache


def _chunk(i: int, vector: bool = True) -> StoredChunk:
    return StoredChunk(id=f"c{i}", text=f"Text {i}", metadata={"doc_id": "d"}, embedding=[float(i), 1.0] if vector else None)


def test_lookup_put_and_least_recently_used_out():
    cache = ChunkCache(2)
    cache.clear("g1")
    cache.put([_chunk(1), _chunk(2)], "g1")
    found, missing = cache.lookup(["c1", "c3"], with_embeddings=True)
    assert list(found) == ["c1"] and found["c1"].embedding == [1.0, 1.0] and missing == ["c3"]
    found["c1"].score = 0.9  # callers get fresh objects
    assert cache.lookup(["c1"], with_embeddings=False)[0]["c1"].score == 0.0
    cache.put([_chunk(3)], "g1")  # c2 is the least recently used now
    assert cache.lookup(["c1", "c2", "c3"], with_embeddings=False)[1] == ["c2"]


def test_reads_from_an_older_generation_are_not_kept_and_vectors_must_be_there_when_asked():
    cache = ChunkCache(10)
    cache.clear("g1")
    cache.put([_chunk(1, vector=False)], "g1")
    assert cache.lookup(["c1"], with_embeddings=True)[1] == ["c1"]  # no vector in memory: read again
    cache.clear("g2")  # the collection changed while a read was under way
    cache.put([_chunk(2)], "g1")
    assert cache.lookup(["c1", "c2"], with_embeddings=False)[1] == ["c1", "c2"]
