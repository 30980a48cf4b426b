"""Ingest files into the index: idempotent by content hash, per-file errors skipped, stale chunks removed."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import time
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from assistant.core.errors import IngestLockedError
from assistant.core.settings import Settings
from ingest.chunking import Chunk, chunk_document, chunk_id, context_header, embed_text
from ingest.manifest import DocumentInfo, slugify
from ingest.batching import embed_sorted as _embed_sorted
from ingest.discovery import FileResult, IngestReport, _Candidate, discover, sha256_bytes  # noqa: F401 - re-exported
from ingest.readers import SUPPORTED_SUFFIXES, ParsedDocument, UnreadableFileError, read_document, reader_version

log = logging.getLogger(__name__)


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Exclusive lock on the data directory; a second ingest refuses with a clear message."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock_path = settings.data_dir / "ingest.lock"
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestLockedError(
                f"Ein anderer Ingest-Lauf arbeitet gerade mit {settings.data_dir}. Bitte warten, bis er fertig ist."
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        try:
            fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()


def document_info(candidate: _Candidate, parsed: ParsedDocument | None) -> DocumentInfo:
    """Manifest entry, or metadata taken from the file itself."""
    if candidate.info is not None:
        info = candidate.info
        if not info.title and parsed is not None:
            info.title = parsed.title or candidate.path.stem
        return info
    title = (parsed.title if parsed else None) or candidate.path.stem.replace("_", " ")
    kind = "Foliensatz" if parsed is not None and parsed.is_slides else "Dokument"
    return DocumentInfo(
        doc_id=slugify(candidate.path.stem), title=title, date=(parsed.date if parsed else "") or "", kind=kind,
    )


def document_label(info: DocumentInfo) -> str:
    """Title with the document kind in front ('Positionspapier: …'), the context every chunk is embedded with."""
    if info.kind and info.kind != "Dokument" and info.kind.lower() not in info.title.lower():
        return f"{info.kind}: {info.title}"
    return info.title


def _year(date: str) -> int | None:
    """Four-digit year in a date string."""
    match = re.search(r"(19|20)\d{2}", date or "")
    return int(match.group(0)) if match else None


def chunk_metadata(info: DocumentInfo, path: Path, file_sha: str, chunk: Chunk, index: int, total: int) -> dict:
    """Everything a citation needs, stored beside the chunk."""
    return {
        "doc_id": info.doc_id,
        "title": info.title,
        "issuer": info.issuer,
        "date": info.date,
        "year": _year(info.date),
        "kind": info.kind,
        "licence": info.licence,
        "source": info.source,
        "path": str(path),
        "file_name": path.name,
        "file_sha": file_sha,
        "reader": reader_version(path),
        "n_chunks": total,
        "chunk_index": index,
        "section": chunk.section,
        "header": context_header(document_label(info), chunk.section),
        "page_index": chunk.page_index,
        "page_label": chunk.page_label,
        "page_breaks": chunk.page_breaks,
        "space_before": chunk.space_before or None,
        "start": chunk.start,
        "end": chunk.end,
    }


def _is_unchanged(summary: dict, file_sha: str, path: Path) -> bool:
    """A document is up to date when all its chunks carry the file hash, their number is complete, the path is the same
    and it was read with the current reader of its format (chunks from before readers had versions count as 1)."""
    return bool(summary.get("complete")) and summary.get("file_sha") == file_sha and summary.get("path") == str(path) \
        and int(summary.get("reader") or 1) == reader_version(path)


def _examine(candidate, result: FileResult, summaries: dict, index, seen_ids: Counter, seen_docs: set, settings: Settings, get_embedder):
    """Read and chunk one file unless it is unchanged or unreadable; the work item or None (result filled in)."""
    if candidate.path.suffix.lower() not in SUPPORTED_SUFFIXES:
        result.status, result.reason = "übersprungen", f"unbekannter Dateityp '{candidate.path.suffix or '(ohne Endung)'}'"
        log.warning("übersprungen: %s (%s)", candidate.path, result.reason)
        return None
    try:
        data = candidate.path.read_bytes()
    except OSError as exc:
        result.status, result.reason = "übersprungen", f"nicht lesbar ({exc.strerror})"
        return None
    file_sha = sha256_bytes(data)
    info = document_info(candidate, None)
    doc_id = info.doc_id
    seen_ids[doc_id] += 1
    if seen_ids[doc_id] > 1:
        doc_id = f"{doc_id}-{seen_ids[doc_id]}"
        info.doc_id = doc_id
    result.doc_id = doc_id
    summary = summaries.get(doc_id)
    if summary and _is_unchanged(summary, file_sha, candidate.path):
        seen_docs.add(doc_id)
        result.status, result.kept = "unverändert", int(summary["chunks"])
        result.pages = int(summary.get("n_pages", 0) or 0)
        return None
    old = index.all_chunks(include_text=False, where={"doc_id": doc_id}) if summary else []
    try:
        parsed = read_document(candidate.path)
    except Exception as exc:  # noqa: BLE001 - one bad file never aborts the batch
        unreadable = isinstance(exc, UnreadableFileError)
        result.status, result.reason = "übersprungen", str(exc) if unreadable else f"Fehler beim Lesen ({type(exc).__name__}: {exc})"
        (log.warning if unreadable else log.exception)("übersprungen: %s (%s)", candidate.path, result.reason)
        if old:
            seen_docs.add(doc_id)  # keep the last good version of a file that broke
        return None
    info = document_info(candidate, parsed)
    info.doc_id = doc_id
    chunks = chunk_document(
        parsed, document_label(info), get_embedder().count_tokens, settings.chunking.chunk_tokens, settings.chunking.chunk_overlap_tokens
    )
    if not chunks:
        result.status, result.reason = "übersprungen", "kein Text zum Indexieren"
        return None
    seen_docs.add(doc_id)
    result.pages = parsed.page_count
    result.status = "geändert" if old else "neu"
    return result, info, candidate.path, file_sha, chunks, parsed.page_count, old


def _plan_writes(result: FileResult, info: DocumentInfo, path: Path, file_sha: str, chunks: list[Chunk], pages: int, old: list):
    """Ids, texts, metadata and embedding inputs of a document's chunks, and which of them are new."""
    occurrences: Counter[str] = Counter()
    ids, texts, metas, embed_inputs = [], [], [], []
    for n, chunk in enumerate(chunks):
        e_text = embed_text(document_label(info), chunk.section, chunk.text)
        occurrences[e_text] += 1
        ids.append(chunk_id(info.doc_id, e_text, occurrences[e_text]))
        texts.append(chunk.text)
        meta = chunk_metadata(info, path, file_sha, chunk, n, len(chunks))
        meta["n_pages"] = pages
        metas.append(meta)
        embed_inputs.append(e_text)
    old_ids = {c.id for c in old}
    new_positions = [i for i, cid in enumerate(ids) if cid not in old_ids]
    return result, ids, texts, metas, embed_inputs, new_positions, old_ids


def _write(index, plan: tuple, vectors: list) -> None:
    """Add first, then update and delete: a crash at any point leaves a state the next run repairs."""
    result, ids, texts, metas, _, new_positions, old_ids = plan
    index.store([ids[i] for i in new_positions], vectors, [texts[i] for i in new_positions], [metas[i] for i in new_positions])
    kept_positions = [i for i, cid in enumerate(ids) if cid in old_ids]
    index.update_metadata([ids[i] for i in kept_positions], [metas[i] for i in kept_positions])
    stale = old_ids - set(ids)
    index.delete(stale)
    result.added, result.kept, result.removed = len(new_positions), len(kept_positions), len(stale)


def _load_embedder(settings: Settings):
    from assistant.models.embedder import load_embedder

    return load_embedder(settings)


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    index=None,
    embedder_factory: Callable[[], object] | None = None,
    rebuild: bool = False,
    progress: bool = False,
) -> IngestReport:
    """Bring the index in line with the given files and folders; returns a summary."""
    from assistant.store.chroma import ChunkIndex

    started = time.perf_counter()
    report = IngestReport()
    with ingest_lock(settings):
        index = index or ChunkIndex(settings)
        report.collection = index.name
        if rebuild:
            index.delete([c.id for c in index.all_chunks(include_text=False)])
        candidates, refused, roots = discover(paths)
        report.files.extend(refused)

        summaries = index.documents()  # one record per document, not every chunk's metadata

        get_embedder = lru_cache(maxsize=1)(embedder_factory or (lambda: _load_embedder(settings)))

        seen_ids: Counter[str] = Counter()
        seen_docs: set[str] = set()
        work = []
        for candidate in candidates:
            result = FileResult(str(candidate.path))
            report.files.append(result)
            item = _examine(candidate, result, summaries, index, seen_ids, seen_docs, settings, get_embedder)
            if item is not None:
                work.append(item)
        plans = [_plan_writes(*item) for item in work]
        total_new = sum(len(p[5]) for p in plans)
        bar = _progress(total_new, progress)
        all_vectors = _embed_sorted(
            [[p[4][i] for i in p[5]] for p in plans], get_embedder if total_new else None, settings.model.embed_batch_size, bar
        )
        for plan, vectors in zip(plans, all_vectors):
            _write(index, plan, vectors)
        bar.close()

        scanned = [str(root) + os.sep for root in roots]
        given_files = {str(c.path) for c in candidates}
        for doc_id, summary in summaries.items():
            if doc_id in seen_docs:
                continue
            stored_path = summary.get("path", "")
            if stored_path in given_files or any(stored_path.startswith(root) for root in scanned):
                chunks = index.all_chunks(include_text=False, where={"doc_id": doc_id})
                index.delete([c.id for c in chunks])
                report.files.append(FileResult(stored_path, doc_id, "entfernt", removed=len(chunks)))
        if any(f.added or f.removed for f in report.files) or rebuild:
            index.bump_generation()
    report.seconds = time.perf_counter() - started
    return report


class _NoProgress:
    def update(self, n: int) -> None:  # noqa: D401 - trivial
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


def _progress(total: int, enabled: bool):
    """A tqdm bar for embedding progress when asked for and there is work."""
    if not enabled or total == 0:
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit="Abschnitt", desc="Einbetten")


def report_json(report: IngestReport) -> str:
    """The report as JSON."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
