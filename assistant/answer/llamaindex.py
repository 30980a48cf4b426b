"""The hybrid retriever and the answer engine as llama-index components (BaseRetriever, CustomQueryEngine)."""

from __future__ import annotations

from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.core.types import Filters


def passage_node(passage) -> NodeWithScore:
    """A retrieved passage as a scored llama-index node (chunk id, text, citation metadata)."""
    node = TextNode(id_=passage.chunk.id, text=passage.chunk.text, metadata=dict(passage.chunk.metadata))
    return NodeWithScore(node=node, score=float(passage.score))


class AgendaRetriever(BaseRetriever):
    """Dense + German BM25 + fusion + reranking, for use in a llama-index pipeline."""

    def __init__(self, retriever, filters: Filters | None = None, top_k: int | None = None):
        super().__init__()
        self._retriever = retriever  # assistant.answer.retrieval.HybridRetriever
        self._filters = filters
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self._retriever.retrieve(query_bundle.query_str, self._filters).passages
        return [passage_node(p) for p in passages[: self._top_k or len(passages)]]


class AgendaQueryEngine(CustomQueryEngine):
    """Cited German answers (extractive, or LLM mode) as a llama-index query engine; source nodes are the citations."""

    engine: object  # assistant.answer.engine.AnswerEngine
    mode: str | None = None

    def custom_query(self, query_str: str) -> Response:
        answer = self.engine.answer(query_str, mode=self.mode)
        nodes = [
            NodeWithScore(node=TextNode(id_=c.chunk_id or f"quelle-{c.n}", text=c.text,
                                        metadata={"n": c.n, "doc_id": c.doc_id, "title": c.title, "page": c.page,
                                                  "section": c.section, "quote": c.quote}), score=c.score)
            for c in answer.citations
        ]
        return Response(response=answer.answer, source_nodes=nodes, metadata={"abstained": answer.abstained,
                                                                                "confidence": answer.confidence})
