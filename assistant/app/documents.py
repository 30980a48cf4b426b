"""Changing the document set from outside the corpus folder: upload, replace, delete, each written to an audit log.

No HTTP here: the web layer streams the file into `DocumentAdmin.upload` and turns the errors below into status codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from assistant.core.errors import InputError
from assistant.core.settings import Settings
from ingest.manifest import slugify
from ingest.readers import SUPPORTED_SUFFIXES

AUDIT_FILE = "audit.jsonl"


class DocumentExists(InputError):
    """A document with this id is already indexed and replace was not asked for."""


class DocumentNotFound(InputError):
    """No document with this id is indexed."""


class UnsupportedType(InputError):
    """The file type cannot be read."""


class TooLarge(InputError):
    """The upload is over the size limit."""


class NotIndexed(InputError):
    """The file was stored but produced no chunks (unreadable, empty, binary)."""


@dataclass
class Actor:
    """Who acts: a non-secret id (token fingerprint or proxy user name)."""

    id: str


class AuditLog:
    """Append-only JSON lines under the data dir: who, when, what, how many chunks."""

    def __init__(self, settings: Settings):
        self.path = settings.data_dir / AUDIT_FILE
        self._lock = threading.Lock()

    def write(self, actor: Actor, action: str, doc_id: str, **details) -> dict:
        entry = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "actor": actor.id,
                 "action": action, "doc_id": doc_id} | details
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]


class DocumentAdmin:
    """Upload, replace and delete documents in the engine's index; one writer at a time."""

    def __init__(self, settings: Settings, engine):
        self.settings = settings
        self.engine = engine
        self.audit = AuditLog(settings)
        self.write_lock = threading.Lock()
        self.uploads = settings.data_dir / "uploads"

    def doc_id_for(self, file_name: str) -> str:
        """The id an uploaded file will get (its slugified stem), or UnsupportedType."""
        name = Path(file_name or "").name.replace("\x00", "")
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UnsupportedType(f"Dateityp '{suffix or '(ohne Endung)'}' wird nicht unterstützt "
                                  f"(erlaubt: {', '.join(sorted(SUPPORTED_SUFFIXES))}).")
        return slugify(Path(name).stem)

    def _chunks(self, doc_id: str) -> list:
        return self.engine.index.all_chunks(include_text=False, where={"doc_id": doc_id})

    def upload(self, file_name: str, stream: BinaryIO, actor: Actor, replace: bool = False) -> dict:
        """Store and index one file; DocumentExists unless replace; TooLarge while streaming past the limit."""
        doc_id = self.doc_id_for(file_name)
        suffix = Path(Path(file_name).name.replace("\x00", "")).suffix.lower()
        with self.write_lock:
            old = self._chunks(doc_id)
            if old and not replace:
                raise DocumentExists(f"Ein Dokument mit der ID '{doc_id}' gibt es schon ({len(old)} Abschnitte). "
                                     "Zum Ersetzen replace=true angeben.")
            folder = self.uploads / uuid.uuid4().hex
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{doc_id}{suffix}"
            try:
                self._copy_limited(stream, target)
                result = self._ingest(target)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            if old:
                self._remove_upload_folder(old[0].metadata.get("path", ""), keep=folder)
        self.engine.lexical.refresh(force=True)
        bundled = bool(old) and self._is_bundled(old[0].metadata.get("path", ""))
        action = "ersetzt" if old else "hochgeladen"
        self.audit.write(actor, action, doc_id, file=Path(file_name).name, chunks=result["chunks"],
                         previous_chunks=len(old), bundled=bundled)
        return result | {"replaced": bool(old), "previous_chunks": len(old)}

    def _copy_limited(self, stream: BinaryIO, target: Path) -> None:
        limit = self.settings.server.max_upload_mb * 1024 * 1024
        size = 0
        with open(target, "wb") as out:
            while block := stream.read(1 << 20):
                size += len(block)
                if size > limit:
                    raise TooLarge(f"Datei zu groß (höchstens {self.settings.server.max_upload_mb} MB).")
                out.write(block)

    def _ingest(self, target: Path) -> dict:
        from ingest.pipeline import ingest_paths

        report = ingest_paths([target], self.settings, index=self.engine.index, embedder_factory=lambda: self.engine.embedder)
        result = next((f for f in report.files if f.path == str(target.resolve())), None)
        if result is None or result.status == "übersprungen":
            raise NotIndexed(f"Datei nicht indexiert: {result.reason if result else 'unbekannter Fehler'}")
        return {"doc_id": result.doc_id, "status": result.status, "chunks": result.added + result.kept, "pages": result.pages}

    def delete(self, doc_id: str, actor: Actor) -> dict:
        """Remove a document's chunks (and its uploaded file, if it was uploaded)."""
        with self.write_lock:
            chunks = self._chunks(doc_id)
            if not chunks:
                raise DocumentNotFound(f"Dokument '{doc_id}' nicht gefunden.")
            self.engine.index.delete([c.id for c in chunks])
            self.engine.index.bump_generation()
            self._remove_upload_folder(chunks[0].metadata.get("path", ""))
        self.engine.lexical.refresh(force=True)
        self.audit.write(actor, "gelöscht", doc_id, chunks=len(chunks), bundled=self._is_bundled(chunks[0].metadata.get("path", "")))
        return {"doc_id": doc_id, "removed_chunks": len(chunks)}

    def _remove_upload_folder(self, path: str, keep: Path | None = None) -> None:
        if not path:
            return
        folder = Path(path).resolve().parent
        if self.uploads.resolve() in folder.parents and folder != (keep.resolve() if keep else None):
            shutil.rmtree(folder, ignore_errors=True)

    def _is_bundled(self, path: str) -> bool:
        try:
            return bool(path) and self.settings.corpus_dir.resolve() in Path(path).resolve().parents
        except OSError:
            return False
