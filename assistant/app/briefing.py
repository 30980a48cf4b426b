"""Briefing documents (Markdown, DOCX) from answered questions: answers, footnoted sources, source list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from assistant.core.types import Answer

NOT_IN_DOCUMENTS = "nicht in den Unterlagen"


def _source_line(citation) -> str:
    where = citation.location()
    return f"{citation.title}" + (f" ({citation.date})" if citation.date else "") + (f", {where}" if where else "")


def briefing_markdown(items: list[tuple[str, Answer]], title: str = "Briefing", date: dt.date | None = None) -> str:
    """A Markdown briefing: one section per question, footnotes with quotes, a source list at the end."""
    date = date or dt.date.today()
    lines = [f"# {title}", "", f"Stand: {date.strftime('%d.%m.%Y')} · erstellt mit Agenda-Assistent", ""]
    footnote = 0
    notes: list[str] = []
    sources: dict[str, str] = {}
    for number, (question, answer) in enumerate(items, start=1):
        lines += [f"## {number}. {question}", ""]
        if answer.abstained:
            lines += [f"**[{NOT_IN_DOCUMENTS}]** {answer.answer}", ""]
            if answer.suggestions:
                lines.append("Nächstliegende Abschnitte: " + "; ".join(f"{s.title} – {s.section}".strip(" –") for s in answer.suggestions))
                lines.append("")
            continue
        text = answer.answer
        for citation in answer.citations:
            footnote += 1
            text = text.replace(f"[{citation.n}]", f"[^{footnote}]")
            quote = citation.quote.replace("\n", " ")
            notes.append(f"[^{footnote}]: {_source_line(citation)}: „{quote}“")
            sources.setdefault(citation.doc_id, f"{citation.title}" + (f", {citation.issuer}" if citation.issuer else "") + (f", {citation.date}" if citation.date else ""))
        lines += [text, ""]
    lines += ["## Quellen", ""]
    lines += [f"- {entry}" for entry in sources.values()] or ["- (keine)"]
    lines += [""] + notes + [""]
    return "\n".join(lines)


def briefing_docx(items: list[tuple[str, Answer]], path: "Path | BinaryIO", title: str = "Briefing", date: dt.date | None = None) -> None:
    """The same briefing as a Word document (sources as numbered notes under each answer)."""
    import docx

    date = date or dt.date.today()
    document = docx.Document()
    document.add_heading(title, level=0)
    document.add_paragraph(f"Stand: {date.strftime('%d.%m.%Y')} · erstellt mit Agenda-Assistent")
    sources: dict[str, str] = {}
    footnote = 0
    for number, (question, answer) in enumerate(items, start=1):
        document.add_heading(f"{number}. {question}", level=1)
        if answer.abstained:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"[{NOT_IN_DOCUMENTS}] ").bold = True
            paragraph.add_run(answer.answer)
            continue
        text = answer.answer
        notes = []
        for citation in answer.citations:
            footnote += 1
            text = text.replace(f"[{citation.n}]", f"[{footnote}]")
            notes.append(f"[{footnote}] {_source_line(citation)}: „{citation.quote}“")
            sources.setdefault(citation.doc_id, f"{citation.title}" + (f", {citation.date}" if citation.date else ""))
        document.add_paragraph(text)
        for note in notes:
            document.add_paragraph(note, style="Quote" if "Quote" in [s.name for s in document.styles] else None)
    document.add_heading("Quellen", level=1)
    for entry in sources.values():
        document.add_paragraph(entry, style="List Bullet")
    document.save(path if hasattr(path, "write") else str(path))  # a file object keeps it in memory
