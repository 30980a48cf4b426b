"""The Embedder contract: a subclass embeds one batch, the base class cuts batches (in order, or longest first)."""

import numpy as np

from assistant.models.base import Embedder
from tests.unit.fakes import HashingEmbedder

TEXTS = ["kurz", "ein etwas längerer Satz über Kiel", "mittel lang", "der allerlängste Satz über die Konferenz in Kiel",
         "Breitband", "noch ein Satz"]


def test_hashing_fake_discriminates():
    e = HashingEmbedder()
    vectors = np.array(e.embed_passages(TEXTS))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert len({tuple(v) for v in vectors.round(6)}) == len(TEXTS)  # no two texts share a vector
    query = np.array(e.embed_query("Wann tagte die Konferenz in Kiel?"))
    kiel, broadband = np.array(e.vector("Die Konferenzen in Kiel fanden 2016 statt.")), np.array(e.vector("Breitbandausbau"))
    assert query @ kiel > 0.4 > abs(query @ broadband)


def test_base_class_cuts_batches_and_keeps_the_order():
    e = HashingEmbedder(batch_size=4)
    assert isinstance(e, Embedder)
    assert e.embed_passages(TEXTS) == [e.vector(t) for t in TEXTS]
    assert e.batches == [("passage", TEXTS[:4]), ("passage", TEXTS[4:])]  # the caller's order, batch_size each
    e.batches.clear()
    assert e.embed_passages(TEXTS, batch_size=2) == [e.vector(t) for t in TEXTS]  # results in input order
    longest = sorted(TEXTS, key=len, reverse=True)
    assert [set(batch) for _, batch in e.batches] == [set(longest[:2]), set(longest[2:4]), set(longest[4:])]
    e.batches.clear()
    assert e.embed_query("Kiel?") == e.vector("Kiel?") and e.batches == [("query", ["Kiel?"])]
    assert e.embed_passages([]) == [] and e.embed_passages([], batch_size=3) == []


def test_the_e5_embedder_is_one_of_them():
    from assistant.models.embedder import E5Embedder

    assert issubclass(E5Embedder, Embedder) and "embed_batch" in E5Embedder.__dict__
    assert "embed_passages" not in E5Embedder.__dict__  # batching is the base class's
