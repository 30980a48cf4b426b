"""Batch answering: read questions (.jsonl, .csv, .txt), answer each with one engine, write JSONL."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from assistant.core.types import Answer
from assistant.core.errors import AgendaError, InputError


@dataclass
class BatchQuestion:
    """One question of a batch."""

    id: str
    question: str
    history: list | None = None


@dataclass
class BatchProblem:
    """A line that could not be read."""

    line: int
    reason: str


def read_questions(path: Path) -> tuple[list[BatchQuestion], list[BatchProblem]]:
    """Questions from a .jsonl (id, question[, history]), .csv (id,question) or .txt file (one a line)."""
    if not path.exists():
        raise InputError(f"Datei nicht gefunden: {path}")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raw = path.read_bytes().decode("cp1252", errors="replace")
    suffix = path.suffix.lower()
    questions: list[BatchQuestion] = []
    problems: list[BatchProblem] = []
    if suffix == ".jsonl":
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(BatchProblem(number, f"kein gültiges JSON ({exc.msg})"))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
                problems.append(BatchProblem(number, "Feld 'question' fehlt oder ist leer"))
                continue
            history = item.get("history") if isinstance(item.get("history"), list) else None
            questions.append(BatchQuestion(str(item.get("id", number)), item["question"], history))
    elif suffix == ".csv":
        reader = csv.DictReader(io.StringIO(raw))
        if not reader.fieldnames or "question" not in [f.strip().lower() for f in reader.fieldnames]:
            raise InputError("CSV braucht die Spalten id,question.")
        for number, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
            if not row.get("question", "").strip():
                problems.append(BatchProblem(number, "Spalte 'question' ist leer"))
                continue
            questions.append(BatchQuestion(row.get("id") or str(number), row["question"]))
    elif suffix == ".txt":
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                questions.append(BatchQuestion(str(number), line.strip()))
    else:
        raise InputError(f"Unbekanntes Eingabeformat '{suffix}' (erlaubt: .jsonl, .csv, .txt).")
    return questions, problems


def batch_record(item: BatchQuestion, answer: Answer, latency_ms: float) -> dict:
    """The JSONL record of one answered question."""
    return {
        "id": item.id,
        "question": item.question,
        "standalone_question": answer.standalone_question,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "citations": [
            {
                "n": c.n, "doc_id": c.doc_id, "title": c.title, "date": c.date, "kind": c.kind,
                "page": c.page, "section": c.section, "quote": c.quote, "text": c.text,
            }
            for c in answer.citations
        ],
        "suggestions": [s.model_dump() for s in answer.suggestions],
        "dropped": answer.dropped,
        "notes": answer.notes,
        "latency_ms": round(latency_ms, 1),
    }


def error_record(item: BatchQuestion, message: str) -> dict:
    """The JSONL record of a question that could not be answered (bad input)."""
    return {"id": item.id, "question": item.question, "answer": "", "abstained": True, "citations": [],
            "error": message, "latency_ms": 0.0}


def run_batch(engine, questions: list[BatchQuestion], mode: str | None = None, filters=None) -> Iterator[tuple[BatchQuestion, Answer | None, dict]]:
    """Answer questions one by one with a shared engine; a bad question yields an error record."""
    for item in questions:
        started = time.perf_counter()
        try:
            answer = engine.answer(item.question, item.history, filters=filters, mode=mode)
        except AgendaError as exc:
            yield item, None, error_record(item, str(exc))
            continue
        yield item, answer, batch_record(item, answer, (time.perf_counter() - started) * 1000)
