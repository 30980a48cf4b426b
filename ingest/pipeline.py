"""Ingest files into the index: idempotent by content hash, per-file errors skipped, stale chunks removed."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from assistant.core.errors import IngestLockedError, InputError
from assistant.core.settings import Settings
from ingest.chunking import Chunk, chunk_document, chunk_id, context_header, embed_text
from ingest.manifest import DocumentInfo, Manifest, load_manifest, slugify
from ingest.batching import embed_sorted as _embed_sorted
from ingest.readers import SUPPORTED_SUFFIXES, ParsedDocument, UnreadableFileError, read_document

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    doc_id: str = ""
    status: str = ""  # neu, geändert, unverändert, übersprungen, entfernt
    pages: int = 0
    added: int = 0
    kept: int = 0
    removed: int = 0
    reason: str = ""


@dataclass
class IngestReport:
    """Summary of one ingest run."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    collection: str = ""

    def total(self, attribute: str) -> int:
        """Sum of a numeric attribute over all files."""
        return sum(getattr(f, attribute) for f in self.files)

    @property
    def skipped(self) -> list[FileResult]:
        """Files that could not be read."""
        return [f for f in self.files if f.status == "übersprungen"]

    def as_dict(self) -> dict:
        """JSON-friendly form."""
        return {
            "collection": self.collection,
            "seconds": round(self.seconds, 3),
            "files": len([f for f in self.files if f.status != "entfernt"]),
            "pages": self.total("pages"),
            "chunks_added": self.total("added"),
            "chunks_kept": self.total("kept"),
            "chunks_removed": self.total("removed"),
            "skipped": [{"path": f.path, "reason": f.reason} for f in self.skipped],
            "details": [f.__dict__ for f in self.files],
        }


@dataclass
class _Candidate:
    """A file found for ingest, with its manifest entry."""

    path: Path
    info: DocumentInfo | None
    root: Path | None


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


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def discover(paths: list[Path]) -> tuple[list[_Candidate], list[FileResult], list[Path]]:
    """Files to ingest (with manifest entries), files refused up front, and the folders that were scanned."""
    candidates: list[_Candidate] = []
    refused: list[FileResult] = []
    roots: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            refused.append(FileResult(str(path), status="übersprungen", reason="Datei oder Ordner nicht gefunden"))
            continue
        path = path.resolve()
        if path.is_dir():
            roots.append(path)
            manifests: dict[Path, Manifest] = {}
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                folder = file.parent
                if folder not in manifests:
                    try:
                        manifests[folder] = load_manifest(folder)
                    except (ValueError, KeyError) as exc:
                        raise InputError(f"corpus.toml in {folder} ist fehlerhaft: {exc}") from exc
                manifest = manifests[folder]
                if file.name in manifest.ignored:
                    continue
                candidates.append(_Candidate(file, manifest.entries.get(file.name), path))
        else:
            manifest = load_manifest(path.parent)
            candidates.append(_Candidate(path, manifest.entries.get(path.name), None))
    return candidates, refused, roots


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
        "n_chunks": total,
        "chunk_index": index,
        "section": chunk.section,
        "header": context_header(document_label(info), chunk.section),
        "page_index": chunk.page_index,
        "page_label": chunk.page_label,
        "page_breaks": chunk.page_breaks,
        "start": chunk.start,
        "end": chunk.end,
    }


def _is_unchanged(summary: dict, file_sha: str, path: Path) -> bool:
    """A document is up to date when all its chunks carry the file hash, their number is complete and the path is the same."""
    return bool(summary.get("complete")) and summary.get("file_sha") == file_sha and summary.get("path") == str(path)


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

        embedder = None

        def get_embedder():
            nonlocal embedder
            if embedder is None:
                if embedder_factory is None:
                    from assistant.models.embedder import load_embedder

                    embedder = load_embedder(settings)
                else:
                    embedder = embedder_factory()
            return embedder

        seen_ids: Counter[str] = Counter()
        seen_docs: set[str] = set()
        work: list[tuple[FileResult, DocumentInfo, Path, str, list[Chunk], int, list]] = []
        for candidate in candidates:
            result = FileResult(str(candidate.path))
            report.files.append(result)
            if candidate.path.suffix.lower() not in SUPPORTED_SUFFIXES:
                result.status, result.reason = "übersprungen", f"unbekannter Dateityp '{candidate.path.suffix or '(ohne Endung)'}'"
                log.warning("übersprungen: %s (%s)", candidate.path, result.reason)
                continue
            try:
                data = candidate.path.read_bytes()
            except OSError as exc:
                result.status, result.reason = "übersprungen", f"nicht lesbar ({exc.strerror})"
                continue
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
                continue
            old = index.all_chunks(include_text=False, where={"doc_id": doc_id}) if summary else []
            try:
                parsed = read_document(candidate.path)
            except UnreadableFileError as exc:
                result.status, result.reason = "übersprungen", str(exc)
                log.warning("übersprungen: %s (%s)", candidate.path, exc)
                if old:
                    seen_docs.add(doc_id)  # keep the last good version of a file that broke
                continue
            except Exception as exc:  # noqa: BLE001 - one bad file never aborts the batch
                result.status, result.reason = "übersprungen", f"Fehler beim Lesen ({type(exc).__name__}: {exc})"
                log.exception("Fehler beim Lesen von %s", candidate.path)
                if old:
                    seen_docs.add(doc_id)
                continue
            info = document_info(candidate, parsed)
            info.doc_id = doc_id
            chunks = chunk_document(
                parsed, document_label(info), get_embedder().count_tokens, settings.chunking.chunk_tokens, settings.chunking.chunk_overlap_tokens
            )
            if not chunks:
                result.status, result.reason = "übersprungen", "kein Text zum Indexieren"
                continue
            seen_docs.add(doc_id)
            result.pages = parsed.page_count
            result.status = "geändert" if old else "neu"
            work.append((result, info, candidate.path, file_sha, chunks, parsed.page_count, old))

        total_new = 0
        plans = []
        for result, info, path, file_sha, chunks, pages, old in work:
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
            total_new += len(new_positions)
            plans.append((result, ids, texts, metas, embed_inputs, new_positions, old_ids))

        bar = _progress(total_new, progress)
        all_vectors = _embed_sorted(
            [[p[4][i] for i in p[5]] for p in plans], get_embedder if total_new else None, settings.model.embed_batch_size, bar
        )
        for (result, ids, texts, metas, embed_inputs, new_positions, old_ids), vectors in zip(plans, all_vectors):
            # add first, then update and delete: a crash at any point leaves a state the next run repairs
            index.store([ids[i] for i in new_positions], vectors, [texts[i] for i in new_positions], [metas[i] for i in new_positions])
            kept_positions = [i for i, cid in enumerate(ids) if cid in old_ids]
            index.update_metadata([ids[i] for i in kept_positions], [metas[i] for i in kept_positions])
            stale = old_ids - set(ids)
            index.delete(stale)
            result.added, result.kept, result.removed = len(new_positions), len(kept_positions), len(stale)
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
