"""Questions about the documents themselves: which questions ask for them, and the cited list that answers."""

from assistant.answer.catalogue import asks_for_documents, catalogue_answer
from assistant.core.types import Filters, StoredChunk

DOCS = {
    "ozg": {"doc_id": "ozg", "title": "Onlinezugangsgesetz (OZG)", "kind": "Gesetz", "issuer": "Bund", "date": "2017-08-14", "year": 2017},
    "paper": {"doc_id": "paper", "title": "Kommunen fit machen", "kind": "Positionspapier", "issuer": "Vitako", "date": "2016-11-07",
              "year": 2016},
}
CHUNKS = {"ozg": StoredChunk("ozg-0", "Gesetz zur Verbesserung des Onlinezugangs\n§ 1 Anwendungsbereich", {"doc_id": "ozg", "start": 0}),
          "paper": StoredChunk("paper-0", "POSITIONSPAPIER\nKommunen fit machen", {"doc_id": "paper", "start": 0})}


def test_questions_about_the_document_set_and_only_those_ask_for_the_catalogue():
    for question in ("Welche Dokumente kennst du?", "Welche Unterlagen liegen dir vor?", "Which documents do you have?",
                     "Auf welche Dokumente hast du Zugriff?", "welche quellen kennst du eigentlich alle"):
        assert asks_for_documents(question), question
    for question in ("Welche Unterlagen braucht man für den Antrag?", "Welche Unterlagen gibt es für den Antrag beim CityLAB?",
                     "Welche Dokumente muss der Antrag enthalten?", "Was kennst du über das OZG?", "Welche Fristen gibt es?"):
        assert not asks_for_documents(question), question


def test_the_catalogue_lists_each_document_with_its_details_and_cites_its_first_line():
    answer = catalogue_answer("Welche Dokumente kennst du?", DOCS, CHUNKS.get)
    assert answer.answer.splitlines() == ["Die Unterlagen umfassen 2 Dokumente:",
                                          "- Kommunen fit machen (Positionspapier, Vitako, 07.11.2016) [1]",
                                          "- Onlinezugangsgesetz (OZG) (Gesetz, Bund, 14.08.2017) [2]"]
    assert [c.quote for c in answer.citations] == ["POSITIONSPAPIER", "Gesetz zur Verbesserung des Onlinezugangs"]
    assert [b.kind for b in answer.blocks] == ["paragraph", "list"] and not answer.abstained


def test_filters_limit_the_catalogue_and_a_long_one_is_summed_up():
    only_laws = catalogue_answer("Welche Dokumente kennst du?", DOCS, CHUNKS.get, Filters(kinds=["Gesetz"]))
    assert only_laws.answer.splitlines() == ["Die Unterlagen umfassen ein Dokument:",
                                             "- Onlinezugangsgesetz (OZG) (Gesetz, Bund, 14.08.2017) [1]"]
    assert catalogue_answer("?", DOCS, CHUNKS.get, Filters(years=[1999])).abstained
    short = catalogue_answer("?", DOCS, CHUNKS.get, limit=1)
    assert short.answer.splitlines()[-1] == "… und 1 weitere." and len(short.citations) == 1
