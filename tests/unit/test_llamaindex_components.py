"""The llama-index wrappers hand over passages and citations unchanged (fakes, no model)."""

from types import SimpleNamespace

from llama_index.core.schema import QueryBundle

from assistant.answer.llamaindex import AgendaQueryEngine, AgendaRetriever
from assistant.core.types import Answer, Citation, StoredChunk


class FakeRetriever:
    def __init__(self):
        self.calls = []

    def retrieve(self, question, filters=None):
        self.calls.append((question, filters))
        chunks = [StoredChunk(f"c{i}", f"Text {i} zu {question}", {"doc_id": "d", "page_label": str(i)}) for i in range(3)]
        return SimpleNamespace(passages=[SimpleNamespace(chunk=c, score=1.0 - i / 10) for i, c in enumerate(chunks)])


def test_retriever_returns_scored_nodes_with_metadata():
    fake = FakeRetriever()
    nodes = AgendaRetriever(fake, top_k=2).retrieve(QueryBundle("Wann tagte Kiel?"))
    assert [n.node.node_id for n in nodes] == ["c0", "c1"] and nodes[0].score == 1.0 and nodes[1].score == 0.9
    assert nodes[1].node.metadata["page_label"] == "1" and "Wann tagte Kiel?" in nodes[0].node.get_content()
    assert fake.calls == [("Wann tagte Kiel?", None)]


def test_query_engine_returns_the_answer_with_citations_as_source_nodes():
    citation = Citation(n=1, doc_id="d", title="T", quote="27.01.2016 Kiel", text="… 27.01.2016 Kiel …", chunk_id="c9", score=0.7)
    answer = Answer(question="q", standalone_question="q", answer="27.01.2016 Kiel [1]", abstained=False, mode="extractive",
                    citations=[citation], confidence=0.9)
    engine = SimpleNamespace(answer=lambda question, mode=None: answer)
    response = AgendaQueryEngine(engine=engine).query("Wann tagte Kiel?")
    assert str(response) == "27.01.2016 Kiel [1]"
    assert response.source_nodes[0].node.node_id == "c9" and response.source_nodes[0].node.metadata["quote"] == "27.01.2016 Kiel"
    assert response.metadata == {"abstained": False, "confidence": 0.9}
