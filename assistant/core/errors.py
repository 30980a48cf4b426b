"""Domain errors; the CLI and the web layer translate them into messages at the boundary."""


class AgendaError(Exception):
    """Base class of every error the user should see as a plain message."""


class ModelError(AgendaError):
    """The embedding model is missing, corrupt or does not verify."""


class IndexError_(AgendaError):
    """The vector index cannot be opened or is inconsistent."""


class IngestLockedError(AgendaError):
    """Another ingest holds the lock on this data directory."""


class InputError(AgendaError):
    """A question, file or request is not acceptable."""


class LLMUnavailableError(AgendaError):
    """The OpenAI-compatible server could not be reached or answered badly."""
