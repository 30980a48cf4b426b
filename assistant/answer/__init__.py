"""Answer layer: lexical and dense retrieval, reranking, extractive and LLM answering with citations."""
