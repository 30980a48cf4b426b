"""One APIRouter per resource: ask, batch, documents, openai (/v1), site (health, widget, login, docs, document view)."""
