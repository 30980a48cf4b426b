"""Golden sentence boundaries on tricky German text."""

import pytest

from assistant.core.sentences import sentences, split_sentences

GOLDEN = [
    ("Die Konferenz fand am 27. Januar 2016 in Kiel statt. Danach folgte Brehna.",
     ["Die Konferenz fand am 27. Januar 2016 in Kiel statt.", "Danach folgte Brehna."]),
    ("Gemäß § 5 Abs. 1 UrhG sind amtliche Werke frei. Das gilt z. B. für Gesetze.",
     ["Gemäß § 5 Abs. 1 UrhG sind amtliche Werke frei.", "Das gilt z. B. für Gesetze."]),
    ("Eingebettet in das 2. AKDB Kommunalforum 2016 mit etwa 900 Besuchern. Hervorgehoben wurde die IT.",
     ["Eingebettet in das 2. AKDB Kommunalforum 2016 mit etwa 900 Besuchern.", "Hervorgehoben wurde die IT."]),
    ("Die Projektdauer beträgt 18 Monate. Die Senatskanzlei entscheidet.",
     ["Die Projektdauer beträgt 18 Monate.", "Die Senatskanzlei entscheidet."]),
    ("Dr. Marianne Wulff bzw. Guido Kahlen unterschrieben, vgl. Nr. 4 ggf. später. Ende.",
     ["Dr. Marianne Wulff bzw. Guido Kahlen unterschrieben, vgl. Nr. 4 ggf. später.", "Ende."]),
    ("„Wir müssen nur wollen wollen“ – so brachte es Brehna auf den Punkt. Wirklich? Ja!",
     ["„Wir müssen nur wollen wollen“ – so brachte es Brehna auf den Punkt.", "Wirklich?", "Ja!"]),
    ("Art. 107 Abs. 1 des Vertrages gilt. Ggf. erfolgt eine Prüfung (S. 47).",
     ["Art. 107 Abs. 1 des Vertrages gilt.", "Ggf. erfolgt eine Prüfung (S. 47)."]),
    ("30.09.2015 Stuttgart\n08.10.2015 Delmenhorst", ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst"]),
    ("Berlin, 7. November 2016", ["Berlin, 7. November 2016"]),
    ("Der Förderhöchstbetrag je Projekt beträgt 1,5 Millionen Euro. Vorhaben unter 5 000 Euro werden nicht gefördert.",
     ["Der Förderhöchstbetrag je Projekt beträgt 1,5 Millionen Euro.", "Vorhaben unter 5 000 Euro werden nicht gefördert."]),
    ("Zweck ist u. a. der Ausbau. 2. Förderfähig sind Ausgaben.",
     ["Zweck ist u. a. der Ausbau.", "2. Förderfähig sind Ausgaben."]),
    ("Die Bescheinigung ist nachzuweisen. b) Die touristische Relevanz ist zu belegen. c) Die Förderung endet.",
     ["Die Bescheinigung ist nachzuweisen.", "b) Die touristische Relevanz ist zu belegen.", "c) Die Förderung endet."]),
    ("Es gilt Nr. 3 Buchst. b) Der Verordnung entsprechend. Gefördert werden a) die Beratung und b) die Planung.",
     ["Es gilt Nr. 3 Buchst. b) Der Verordnung entsprechend.", "Gefördert werden a) die Beratung und b) die Planung."]),
]


@pytest.mark.parametrize("text,expected", GOLDEN)
def test_golden_boundaries(text, expected):
    assert sentences(text) == expected


def test_spans_point_into_the_text():
    text = "  Erster Satz. Zweiter Satz!  \nDritte Zeile"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Erster Satz.", "Zweiter Satz!", "Dritte Zeile"]


def test_range_restricts_splitting():
    text = "Eins. Zwei. Drei."
    assert [text[a:b] for a, b in split_sentences(text, 6, 11)] == ["Zwei."]
