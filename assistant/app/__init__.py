"""Application layer: bootstrap of a fresh install, health check, gated re-index, batches and briefings."""
