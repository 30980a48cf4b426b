"""The corpus manifest (corpus.toml): id, title, issuer, date, kind, licence and source per document."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "corpus.toml"
KINDS = {"Positionspapier", "Gesetz", "Verordnung", "Richtlinie", "Strategie", "Foliensatz", "Dokument"}


@dataclass
class DocumentInfo:
    """What a citation shows about a document."""

    doc_id: str
    title: str
    issuer: str = ""
    date: str = ""
    kind: str = "Dokument"
    licence: str = ""
    source: str = ""


@dataclass
class Manifest:
    """Entries by file name plus the files of the folder that are not documents."""

    entries: dict[str, DocumentInfo]
    ignored: set[str]


def slugify(name: str) -> str:
    """A stable document id from a file name: ASCII, lower case, hyphens."""
    folded = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:80] or "dokument"


def load_manifest(folder: Path) -> Manifest:
    """Read corpus.toml in a folder (an empty manifest when there is none)."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return Manifest({}, {MANIFEST_NAME})
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, DocumentInfo] = {}
    for item in data.get("document", []):
        kind = item.get("kind", "Dokument")
        if kind not in KINDS:
            raise ValueError(f"{path}: unbekannte Dokumentart '{kind}' (erlaubt: {', '.join(sorted(KINDS))})")
        entries[item["file"]] = DocumentInfo(
            doc_id=item.get("id") or slugify(Path(item["file"]).stem),
            title=item.get("title", ""),
            issuer=item.get("issuer", ""),
            date=str(item.get("date", "")),
            kind=kind,
            licence=item.get("licence", ""),
            source=item.get("source", ""),
        )
    ignored = set(data.get("ignore", {}).get("files", [])) | {MANIFEST_NAME}
    return Manifest(entries, ignored)
