"""agenda batch: inputs in three formats, a bad line skipped (reading only; the CLI runs in tests/integration)."""

from assistant.app.batch import read_questions


def test_read_questions_formats_and_bad_lines(tmp_path):
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text('{"id": "a", "question": "Wann war Kiel?"}\nkein json\n{"id": "b"}\n', encoding="utf-8")
    questions, problems = read_questions(jsonl)
    assert [q.id for q in questions] == ["a"] and [p.line for p in problems] == [2, 3]
    csv = tmp_path / "q.csv"
    csv.write_text("id,question\n1,Wann war Kiel?\n2,\n", encoding="utf-8")
    questions, problems = read_questions(csv)
    assert [q.question for q in questions] == ["Wann war Kiel?"] and len(problems) == 1
    txt = tmp_path / "q.txt"
    txt.write_text("Frage eins?\n\nFrage zwei?\n", encoding="utf-8")
    assert [q.id for q in read_questions(txt)[0]] == ["1", "3"]
