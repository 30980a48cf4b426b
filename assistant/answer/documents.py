"""Documents rebuilt from their stored chunks, split into answer units, built lazily per document and cached."""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from assistant.answer.background import BackgroundQueue
from assistant.answer.units import Unit, document_units
from assistant.core.types import StoredChunk

_SLIDE = re.compile(r"^Folie \d+:\s*")


@dataclass
class DocumentUnits:
    """One document's text, its units in reading order, and the chunks that cover it."""

    doc_id: str
    text: str
    units: list[Unit]
    chunks: list[StoredChunk]  # ordered by start offset
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [u.start for u in self.units]
        self._chunk_starts = [_start(c) for c in self.chunks]
        self._chunk_ends = [_end(c) for c in self.chunks]
        self._longest = max((e - s for s, e in zip(self._chunk_starts, self._chunk_ends)), default=0)

    @property
    def title(self) -> str:
        """The document's title, as ingest stored it with every chunk."""
        return str(self.chunks[0].metadata.get("title", "")) if self.chunks else ""

    def vector_text(self, unit: Unit, window: bool = False) -> str:
        """What the embedding model sees of a unit: the document's title, then the unit (or, with `window`, the unit
        with the sentence before it). A sentence alone often names its document only as „dieses Gesetz"."""
        text = unit.window_text() if window else unit.embed_text()
        return f"{self.title}: {text}" if self.title else text

    def units_in(self, start: int, end: int) -> list[int]:
        """Indexes of the units that lie inside [start, end)."""
        first = bisect.bisect_left(self.starts, start)
        out = []
        for i in range(first, len(self.units)):
            unit = self.units[i]
            if unit.start >= end:
                break
            if unit.end <= end:
                out.append(i)
        return out

    def chunk_for(self, unit: Unit, preferred: set[str] | None = None) -> StoredChunk | None:
        """A chunk that holds the whole unit, preferring the ones already retrieved."""
        holding = []
        for i in range(bisect.bisect_right(self._chunk_starts, unit.start) - 1, -1, -1):
            if self._chunk_starts[i] + self._longest < unit.start:
                break  # chunks are ordered by start: none further back can reach the unit
            if unit.end <= self._chunk_ends[i]:
                holding.append(self.chunks[i])
        holding.reverse()
        if preferred:
            for chunk in holding:
                if chunk.id in preferred:
                    return chunk
        return holding[0] if holding else None

    def group(self, index: int) -> list[int]:
        """All units of the list that unit `index` belongs to (just itself outside a list)."""
        group = self.units[index].group
        if group < 0:
            return [index]
        return [i for i, u in enumerate(self.units) if u.group == group]

    def following(self, index: int, count: int) -> list[int]:
        """Up to `count` sentences or records right after unit `index`, within the same heading."""
        out = []
        for i in range(index + 1, min(len(self.units), index + 1 + count * 2)):
            if self.units[i].kind == "heading" or len(out) >= count:
                break
            out.append(i)
        return out


def _start(chunk: StoredChunk) -> int:
    return int(chunk.metadata.get("start", 0))


def _end(chunk: StoredChunk) -> int:
    return int(chunk.metadata.get("end", _start(chunk) + len(chunk.text)))


def headings_of(chunks: list[StoredChunk]) -> set[str]:
    """Heading lines named by the chunks' section paths (slide titles without their 'Folie n:' prefix)."""
    headings: set[str] = set()
    for chunk in chunks:
        for part in str(chunk.metadata.get("section", "")).split(" › "):
            part = _SLIDE.sub("", part).strip()
            if part:
                headings.add(part)
    return headings


def rebuild_document(doc_id: str, chunks: list[StoredChunk]) -> DocumentUnits:
    """Lay the chunks at their offsets (they overlap) to get the document text back, then cut it into units."""
    ordered = sorted(chunks, key=lambda c: (_start(c), _end(c)))
    length = max((_end(c) for c in ordered), default=0)
    buffer = ["\n"] * length  # gaps between chunks are trimmed white space between blocks
    covered = 0
    for chunk in ordered:
        start = _start(chunk)
        space = chunk.metadata.get("space_before")
        if start > covered and isinstance(space, str) and len(space) == start - covered and not space.strip():
            buffer[covered:start] = list(space)  # the white space ingest saw there ('… der Europäischen …' stays one line)
        buffer[start : start + len(chunk.text)] = list(chunk.text)
        covered = max(covered, start + len(chunk.text))
    text = "".join(buffer)
    if ordered and all(str(c.metadata.get("section", "")).startswith("Folie ") for c in ordered):
        return DocumentUnits(doc_id, text, _slide_units(doc_id, ordered), ordered)
    return DocumentUnits(doc_id, text, document_units(doc_id, text, headings_of(ordered)), ordered)


def _slide_units(doc_id: str, chunks: list[StoredChunk]) -> list[Unit]:
    """A slide deck: each slide (title and bullets) is one unit."""
    units = []
    for chunk in chunks:
        title = _SLIDE.sub("", str(chunk.metadata.get("section", ""))).strip()
        text = chunk.text.strip()
        start = _start(chunk) + chunk.text.index(text[:1]) if text else _start(chunk)
        units.append(Unit(doc_id, start, start + len(text), text, "slide", title=title))
    return units


class DocumentLibrary:
    """Answer units per document, loaded on first use and rebuilt only when the document's chunks changed."""

    def __init__(self, lexical, index, max_documents: int = 256, background_share: float = 0.25, activity=None):
        self.lexical = lexical  # knows which chunk ids each document has (kept current in the background)
        self.index = index  # the chunk store the texts are read from
        self.max_documents = max_documents  # least recently used documents are dropped beyond this many
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[frozenset, DocumentUnits]] = OrderedDict()
        self.builder = BackgroundQueue(lambda ids: [self.document(i) for i in ids], "documents", share=background_share,
                                       activity=activity)

    def build_later(self, doc_id: str) -> None:
        """Build a document in the background (a large corpus's questions do not wait for it)."""
        self.builder.submit({doc_id: doc_id})

    def _remember(self, doc_id: str, signature: frozenset, built: DocumentUnits) -> None:
        with self._lock:
            self._cache[doc_id] = (signature, built)
            self._cache.move_to_end(doc_id)
            while len(self._cache) > self.max_documents:
                self._cache.popitem(last=False)

    def cached(self, doc_id: str) -> bool:
        """True when the document's current units are at hand (no read, no splitting needed)."""
        cached = self._cache.get(doc_id)
        return bool(cached) and cached[0] == frozenset(self.lexical.ids_of_docs({doc_id}))

    @staticmethod
    def around(chunk: StoredChunk) -> DocumentUnits:
        """The units of one retrieved chunk alone (a large corpus's stand-in for a document not built yet; not cached)."""
        return rebuild_document(str(chunk.metadata.get("doc_id", "")), [chunk])

    def document(self, doc_id: str) -> DocumentUnits | None:
        """The units of one document (built on first use, cached by its chunk ids)."""
        if not doc_id:
            return None
        ids = self.lexical.ids_of_docs({doc_id})
        if not ids:
            return self._unsynced(doc_id)
        signature = frozenset(ids)
        cached = self._cache.get(doc_id)
        if cached and cached[0] == signature:
            with self._lock:
                if doc_id in self._cache:
                    self._cache.move_to_end(doc_id)
            return cached[1]
        try:
            chunks = self.index.get(list(ids))
        except Exception:  # noqa: BLE001 - a concurrent ingest replaced the document: use the last good version
            return cached[1] if cached else None
        if len(chunks) != len(ids):
            return cached[1] if cached else None  # mid-replacement: some chunks are already gone
        built = rebuild_document(doc_id, chunks)
        self._remember(doc_id, signature, built)
        return built

    def _unsynced(self, doc_id: str) -> DocumentUnits | None:
        """A document the vector search found before the lexical side synced it: read by its doc_id (rare, brief)."""
        try:
            chunks = self.index.all_chunks(include_text=True, where={"doc_id": doc_id})
        except Exception:  # noqa: BLE001 - store unreachable or document gone again
            return None
        if not chunks:
            return None
        signature = frozenset(c.id for c in chunks)
        cached = self._cache.get(doc_id)
        if cached and cached[0] == signature:
            return cached[1]
        built = rebuild_document(doc_id, chunks)
        self._remember(doc_id, signature, built)
        return built

    def all_documents(self) -> list[DocumentUnits]:
        """Every document's units (for warming the unit vectors and the corpus-wide unit search)."""
        return [d for d in (self.document(doc_id) for doc_id in sorted(self.lexical.documents())) if d is not None]

    def signature(self) -> tuple:
        """Changes whenever any document's chunks change."""
        return tuple(sorted((doc_id, len(self.lexical.ids_of_docs({doc_id}))) for doc_id in self.lexical.documents()))
