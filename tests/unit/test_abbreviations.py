"""Questions for what a short form stands for: which questions ask it, and which text spells it out."""

from assistant.answer.abbreviations import asked_short_form, prefer_spelled_out, spells_out
from assistant.answer.documents import rebuild_document
from assistant.core.types import StoredChunk
from tests.unit.sample_document import candidate

TEXT = ("Die Verordnung regelt die Rechnungen an den Bund. Gesetz zur Verbesserung des Onlinezugangs zu "
        "Verwaltungsleistungen (Onlinezugangsgesetz - OZG) ist die Grundlage. Bewilligungsstelle ist die SAB (Sächsische "
        "Aufbaubank) in Dresden. Das OZG gilt auch für die Länder.")


def test_only_a_question_about_one_short_form_and_nothing_else_asks_to_spell_it_out():
    assert asked_short_form("Wofür steht ERechV?") == "ERechV"
    assert asked_short_form("Was bedeutet OZG?") == "OZG"
    assert asked_short_form("What does DiOS stand for?") == "DiOS"
    assert asked_short_form("Wofür steht die Abkürzung SächsISichG eigentlich?") == "SächsISichG"
    assert asked_short_form("Was bedeutet die XRechnung für Kommunen?") is None  # asks about Kommunen too
    assert asked_short_form("Was bedeutet OZG und EGovG?") is None  # two short forms
    assert asked_short_form("Wann trat das OZG in Kraft?") is None  # asks for a date
    assert asked_short_form("Was bedeutet Portalverbund?") is None  # no short form


def test_a_long_form_before_or_after_the_short_form_in_brackets_spells_it_out():
    assert spells_out("Gesetz zur Verbesserung des Onlinezugangs (Onlinezugangsgesetz - OZG)", "OZG")
    assert spells_out("Bewilligungsstelle ist die Sächsische Aufbaubank – Förderbank – (SAB), Dresden.", "SAB")
    assert spells_out("Bewilligungsstelle ist die SAB (Sächsische Aufbaubank) in Dresden.", "SAB")
    assert not spells_out("Das OZG gilt auch für die Länder.", "OZG")
    assert not spells_out("Nach § 3 (OZG-Portal) gilt dies.", "OZG")  # part of a longer word, not the short form


def test_the_unit_that_spells_the_short_form_out_moves_to_the_front():
    doc = rebuild_document("d", [StoredChunk("d-0", TEXT, {"doc_id": "d", "start": 0, "end": len(TEXT)})])
    plain = candidate(doc, "Das OZG gilt auch für die Länder.", 3.0)
    spelled = candidate(doc, "Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (Onlinezugangsgesetz - OZG) "
                             "ist die Grundlage.", 1.0)
    ranked, found = prefer_spelled_out([plain, spelled], "OZG")
    assert found and ranked == [spelled, plain]
    assert prefer_spelled_out([plain], "OZG") == ([plain], False)
    assert prefer_spelled_out([plain, spelled], None) == ([plain, spelled], False)
