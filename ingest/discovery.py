"""Ingest bookkeeping: what happened to each file, and which files a run looks at (with manifest entries)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.errors import InputError
from ingest.manifest import DocumentInfo, Manifest, load_manifest


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
