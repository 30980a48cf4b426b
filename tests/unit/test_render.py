"""Chat rendering without a server: structure from Answer.blocks or from the text, escaping, German order, document view."""

from types import SimpleNamespace

from assistant.core.types import Answer, Citation
from ui.render import answer_blocks, blocks_html, german_sort_key, message_html, short_section, sources_html
from ui.viewer import document_page


def _answer(text: str, **extra) -> Answer:
    citation = Citation(n=1, doc_id="positionspapier-2016", title="Positionspapier", section="Positionspapier › Regionale Ergebnisse",
                        quote="27.01.2016 Kiel", text="Termine: 27.01.2016 Kiel", quote_start=9, quote_end=24, chunk_id="c1")
    answer = Answer(question="q", standalone_question="q", answer=text, abstained=False, mode="extractive", citations=[citation])
    for key, value in extra.items():
        object.__setattr__(answer, key, value) if key in Answer.model_fields else answer.__dict__.__setitem__(key, value)
    return answer


def test_text_lines_become_paragraphs_and_lists():
    blocks = answer_blocks(_answer("Es gab diese Konferenzen: [1]\n- 27.01.2016 Kiel [1]\n- 13.04.2016 Brehna [1]"))
    assert [b["kind"] for b in blocks] == ["paragraph", "list"] and blocks[1]["items"][1] == "13.04.2016 Brehna [1]"
    html = blocks_html(blocks)
    assert html.count("<li>") == 2 and '<a class="marker" href="#quelle-1">[1]</a>' in html


def test_engine_blocks_are_used_when_present():
    item = SimpleNamespace(kind="item", text="27.01.2016 Kiel", citations=[1], items=[], title="")
    block = SimpleNamespace(kind="list", text="", citations=[], items=[item], title="Regionalkonferenzen:")
    table = {"kind": "table", "rows": [["Ort", "Datum"], ["Kiel", "27.01.2016 [1]"]], "citations": [1]}
    blocks = answer_blocks(_answer("ignoriert", blocks=[block, table]))
    assert blocks[0]["items"] == ["27.01.2016 Kiel [1]"] and blocks[0]["title"] == "Regionalkonferenzen:"
    html = blocks_html(blocks)
    assert "<table>" in html and "<th>Ort</th>" in html and "ignoriert" not in html
    assert answer_blocks(_answer("- a [1]", blocks=[]))[0]["kind"] == "list"  # empty blocks: the text decides


def test_everything_is_escaped_and_one_html_block():
    message = message_html(_answer("<img src=x onerror=alert(1)> [1]\n\nzweite Zeile"))
    assert "<img" not in message and "&lt;img" in message and "\n" not in message
    assert 'class="quellen-mobil"' in message and "Kopieren" in message


def test_refusal_under_a_filter_names_it():
    refusal = Answer(question="q", standalone_question="q", answer="Dazu enthalten die Unterlagen keine Angaben.", abstained=True,
                     mode="extractive")
    assert "ausgewählten Dokumenten („E-Rechnungsverordnung“)" in message_html(refusal, ["E-Rechnungsverordnung"])
    assert "keine Angaben" in sources_html(refusal, [])


def test_german_order_and_short_section():
    titles = ["Smart City Ulm", "Sächsisches E-Government-Gesetz", "Onlinezugangsgesetz", "Ärztekammer"]
    assert sorted(titles, key=german_sort_key) == ["Ärztekammer", "Onlinezugangsgesetz", "Sächsisches E-Government-Gesetz", "Smart City Ulm"]
    assert short_section(_answer("x").citations[0]) == "Regionale Ergebnisse"


def test_document_view_marks_the_quote():
    chunks = [SimpleNamespace(id="a", text="# Titel\n\nErster Absatz.", metadata={"start": 0, "chunk_index": 0, "title": "T", "doc_id": "t"}),
              SimpleNamespace(id="b", text="Absatz.\n\n- Kiel am 27.01.2016", metadata={"start": 16, "chunk_index": 1})]
    page = document_page(chunks, "b", (16, 29))
    assert "<h1>Titel</h1>" in page and '<li>Kiel <mark id="markiert">am 27.01.2016</mark></li>' in page
    assert page.count("Erster Absatz.") == 1  # overlapping passages are not repeated
