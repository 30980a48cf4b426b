"""agenda batch over the real corpus: JSONL and briefing outputs, exit codes, a fresh data dir ingested first."""

import json

import pytest

from assistant.cli import main

pytestmark = pytest.mark.slow


def test_batch_cli_writes_jsonl_and_briefings(corpus_settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AGENDA_DATA_DIR", str(corpus_settings.data_dir))
    questions = tmp_path / "fragen.jsonl"
    questions.write_text(
        '{"id": "k", "question": "Wann fand die Regionalkonferenz in Kiel statt?"}\n'
        '{"id": "u", "question": "Wie backe ich einen Apfelkuchen?"}\n'
        '{"id": "leer", "question": "   "}\n',
        encoding="utf-8",
    )
    out = tmp_path / "antworten.jsonl"
    assert main(["batch", str(questions), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {r["id"]: r for r in records}
    assert "27.01.2016" in by_id["k"]["answer"] and not by_id["k"]["abstained"]
    assert {"n", "doc_id", "title", "page", "section", "quote", "text"} <= set(by_id["k"]["citations"][0])
    assert by_id["u"]["abstained"] and "leer" not in by_id
    assert "Zeile 3 übersprungen" in capsys.readouterr().err
    assert all("latency_ms" in r for r in records)
    md = tmp_path / "briefing.md"
    assert main(["batch", str(questions), "--out", str(md), "--format", "md", "--title", "Konferenzen"]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Konferenzen") and "[^1]" in text and "nicht in den Unterlagen" in text and "## Quellen" in text
    docx_path = tmp_path / "briefing.docx"
    assert main(["batch", str(questions), "--out", str(docx_path), "--format", "docx"]) == 0
    import docx

    paragraphs = [p.text for p in docx.Document(str(docx_path)).paragraphs]
    assert any("27.01.2016" in p for p in paragraphs) and "Quellen" in paragraphs


def test_ask_cli_exit_codes(corpus_settings, monkeypatch, capsys):
    monkeypatch.setenv("AGENDA_DATA_DIR", str(corpus_settings.data_dir))
    assert main(["ask", "   "]) == 2
    assert "Bitte eine Frage eingeben" in capsys.readouterr().err
    assert main(["ask", "Wann fand die Regionalkonferenz in Kiel statt?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citations"][0]["doc_id"] == "positionspapier-2016"


def test_batch_on_a_fresh_data_dir_ingests_the_corpus_first(tmp_path, model_path, small_corpus, monkeypatch, capsys):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "frisch", model_path)
    monkeypatch.setenv("AGENDA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("AGENDA_CORPUS_DIR", str(small_corpus))
    questions = tmp_path / "fragen.txt"
    questions.write_text("Wann fand die Regionalkonferenz in Kiel statt?\n", encoding="utf-8")
    assert main(["batch", str(questions)]) == 0
    captured = capsys.readouterr()
    assert "Der Index ist leer" in captured.err
    record = json.loads(captured.out.splitlines()[0])
    assert "27.01.2016" in record["answer"] and record["citations"][0]["doc_id"] == "positionspapier-2016"


def test_questions_without_any_documents_fail_with_a_clear_message(tmp_path, model_path, monkeypatch, capsys):
    """Run from another folder, 'data' and 'corpus' are not the project's: every question would be refused."""
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "leer", model_path)
    monkeypatch.setenv("AGENDA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("AGENDA_CORPUS_DIR", str(tmp_path / "kein-korpus"))
    questions = tmp_path / "fragen.txt"
    questions.write_text("Wann fand die Regionalkonferenz in Kiel statt?\n", encoding="utf-8")
    assert main(["batch", str(questions)]) == 2
    assert main(["ask", "Wann fand die Regionalkonferenz in Kiel statt?"]) == 2
    err = capsys.readouterr().err
    assert "Keine Dokumente" in err and "Projektordner" in err
