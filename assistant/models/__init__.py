"""Model layer: the local embedding model (build and load) and the OpenAI-compatible LLM client."""
