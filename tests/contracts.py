"""The ChunkIndex contract, checked against the embedded client (integration) and a Chroma server (e2e)."""


def check_index_contract(settings, embedder):
    """store/retrieve/update/delete behave as the rest of the product expects (embedded client or server)."""
    from assistant.store.chroma import ChunkIndex

    index = ChunkIndex(settings)
    texts = ["27.01.2016 Kiel", "Die Digitalisierung hat alle Lebensbereiche erreicht.", "Breitbandausbau im ländlichen Raum"]
    vectors = embedder.embed_passages(texts)
    metas = [{"doc_id": f"d{i}", "kind": "Dokument", "year": 2016 + i, "page_breaks": None} for i in range(3)]
    index.store(["a", "b", "c"], vectors, texts, metas)
    index.store(["a"], vectors[:1], texts[:1], metas[:1])  # upsert, no duplicate
    assert index.count() == 3
    hits = index.retrieve(embedder.embed_query("Wann war die Konferenz in Kiel?"), 2)
    assert hits[0].id == "a" and hits[0].score > hits[1].score
    assert [h.id for h in index.retrieve(vectors[2], 3, where={"year": {"$in": [2018]}})] == ["c"]
    index.update_metadata(["b"], [{"doc_id": "d1", "kind": "Gesetz"}])
    assert index.get(["b"])[0].metadata["kind"] == "Gesetz"
    before = index.version()
    index.delete(["b"])
    index.bump_generation()
    assert index.count() == 2 and index.version() != before
    assert {c.id for c in index.all_chunks()} == {"a", "c"}
    # chunks read once come from memory; another process's change is seen once its generation is
    other = ChunkIndex(settings)
    other.version()
    assert other.get(["c", "a", "gone"])[1].metadata["kind"] == "Dokument" and [c.id for c in other.get(["c", "a"])] == ["c", "a"]
    assert other.get(["a"])[0].embedding is None and len(other.get(["a"], with_embeddings=True)[0].embedding) == len(vectors[0])
    index.update_metadata(["a"], [{"doc_id": "d0", "kind": "Satzung"}])
    index.bump_generation()
    other.version()  # what the lexical refresh does every few seconds
    assert other.get(["a"])[0].metadata["kind"] == "Satzung"
    assert index.get(["a"])[0].metadata["kind"] == "Satzung"
