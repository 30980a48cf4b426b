"""The active-collection pointer: which Chroma collection every replica serves (switched by a gated re-index)."""

from __future__ import annotations

from assistant.core.settings import Settings

POINTER = "agenda-active"  # a tiny collection whose metadata names the served collection (shared by all replicas)


def active_collection(settings: Settings, client) -> str:
    """The served collection: the one a gated re-index switched to, else the one derived from the settings."""
    try:
        pointer = client.get_collection(POINTER)
    except Exception:  # noqa: BLE001 - no pointer yet
        return settings.collection_name()
    return (pointer.metadata or {}).get("active") or settings.collection_name()


def set_active(client, name: str) -> None:
    """Point every replica at `name` (one metadata write: atomic for readers)."""
    pointer = client.get_or_create_collection(POINTER, metadata={"active": name})
    pointer.modify(metadata={"active": name})
