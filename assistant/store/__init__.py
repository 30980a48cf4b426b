"""Storage layer: the Chroma chunk store, the active-collection pointer, export and import."""
