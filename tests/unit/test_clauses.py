"""A long legal sentence is shown as the clause that answers a question for a value; its citation keeps it whole."""

import re

from assistant.answer.clauses import LONG_SENTENCE, answering_clause
from assistant.answer.question import QuestionProfile


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


LONG = ("Die Länder führen unter Einbeziehung des Planungsrates fortlaufend ein Monitoring zu der Umsetzung der "
        "Vorschriften dieses Gesetzes durch, beauftragen eine unabhängige Einrichtung mit der Bewertung der Ergebnisse, "
        "berichten dem Parlament über die Erfahrungen der Behörden mit den neuen Verfahren, "
        "und die Vorschriften über das Portal treten am 31. Dezember 2027 außer Kraft, "
        "soweit nicht durch Rechtsverordnung eine andere Frist bestimmt wird und die Länder dem zustimmen.")


def test_a_date_question_gets_the_clause_with_the_date_and_its_words():
    assert len(LONG) > LONG_SENTENCE
    profile = QuestionProfile(kinds={"date"}, units=[(["portal"], 3.0), (["kraft"], 2.0)])
    clause = answering_clause(LONG, profile, words)
    assert clause.startswith("… ") and "31. Dezember 2027" in clause and "Portal" in clause
    assert len(clause) < len(LONG) and "Monitoring" not in clause
    assert clause.replace("… ", "").replace(" …", "") in LONG  # a verbatim part of the sentence


def test_a_question_for_no_value_or_a_short_sentence_keeps_the_whole_sentence():
    open_question = QuestionProfile(kinds=set(), units=[(["portal"], 3.0)])
    assert answering_clause(LONG, open_question, words) == LONG  # the answer may lie in a clause without its words
    listing = QuestionProfile(kinds={"date", "list"}, units=[(["portal"], 3.0)])
    assert answering_clause(LONG, listing, words) == LONG
    short = "Die Vorschriften über das Portal treten am 31. Dezember 2027 außer Kraft."
    assert answering_clause(short, QuestionProfile(kinds={"date"}, units=[(["portal"], 3.0)]), words) == short


def test_a_sentence_without_the_asked_value_is_not_cut():
    profile = QuestionProfile(kinds={"date"}, units=[(["portal"], 3.0)])
    no_date = re.sub(r"am 31\. Dezember 2027", "später", LONG)
    assert answering_clause(no_date, profile, words) == no_date


def test_the_clause_keeps_what_a_colon_announces():
    text = ("Die Anträge sind nach Abschluss der Prüfung durch die zuständige Stelle, die hierfür von der Behörde "
            "bestimmt wird und die Unterlagen vollständig vorliegen hat, bis zum 30. September 2020 schriftlich "
            "einzureichen, und zwar an die folgende Stelle, die im Amtsblatt bekannt gemacht wird: Sächsische Aufbaubank, "
            "Pirnaische Straße 9, 01069 Dresden, Abteilung Förderung von Schulen und Bildung im ländlichen Raum.")
    profile = QuestionProfile(kinds={"date"}, units=[(["anträge"], 3.0), (["einzureichen"], 2.0)])
    clause = answering_clause(text, profile, words)
    assert "30. September 2020" in clause
    assert not clause.rstrip(" …").endswith(":")  # never a clause that stops where the announced answer begins


def test_the_citation_of_a_cut_sentence_quotes_the_whole_sentence():
    from assistant.answer.citations import cite_shape
    from assistant.answer.compose import Piece, Shape
    from assistant.answer.documents import rebuild_document
    from assistant.core.types import StoredChunk

    text = "Einleitung\n\n" + LONG
    doc = rebuild_document("d", [StoredChunk("c0", text, {"doc_id": "d", "start": 0, "end": len(text)})])
    unit = next(u for u in doc.units if u.text == LONG)
    clause = answering_clause(LONG, QuestionProfile(kinds={"date"}, units=[(["portal"], 3.0)]), words)
    answer, blocks, citations = cite_shape(Shape(paragraphs=[Piece(unit, doc, clause)]), {"c0": 1.0})
    assert answer.startswith(clause) and blocks[0].citations == [1]
    assert citations[0].quote == LONG  # the reader checks the clause against the whole sentence
