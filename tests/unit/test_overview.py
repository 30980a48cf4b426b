"""Questions about a whole document: which document an open question asks about, and the opening that answers it."""

from assistant.answer.documents import rebuild_document
from assistant.answer.overview import asked_document, opening, overview
from assistant.answer.question import QuestionProfile
from assistant.core.german import GermanAnalyzer
from assistant.core.types import StoredChunk
from tests.unit.sample_document import candidate

LAW = """Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (Onlinezugangsgesetz - OZG)

Ausfertigungsdatum: 14.08.2017

§ 1 Anwendungsbereich

Bund und Länder sind verpflichtet, ihre Verwaltungsleistungen auch elektronisch anzubieten. Sie verknüpfen ihre Portale zu einem Portalverbund. Die Länder binden die Gemeinden an. Schadensersatzansprüche sind ausgeschlossen."""

STRATEGY = """Vorwort

„Ulm ist voller Schwung und ein Wohlfühlort für Alt und Jung.“ Das sagen viele Menschen in der ganzen Stadt.

Intro

Ulm ist eine Stadt im Wandel und will die Umbrüche der kommenden Jahre gestalten. Wie gelingt das den Menschen hier in Ulm? Die Strategie gibt die Richtung für die nächsten zehn Jahre vor."""


def _doc(doc_id, title, kind, text, section=""):
    meta = {"doc_id": doc_id, "start": 0, "end": len(text), "title": title, "kind": kind, "section": section}
    return rebuild_document(doc_id, [StoredChunk(f"{doc_id}-0", text, meta)])


def _candidates():
    law = _doc("ozg", "Onlinezugangsgesetz (OZG)", "Gesetz", LAW, "§ 1 Anwendungsbereich")
    strategy = _doc("ulm", "Smart City Strategie der Stadt Ulm", "Strategie", STRATEGY, "Vorwort › Intro")
    return [candidate(law, "Die Länder binden die Gemeinden an.", 2.0),
            candidate(strategy, "Die Strategie gibt die Richtung für die nächsten zehn Jahre vor.", 1.0)]


def _analyzer():
    """Compounds split against the documents' words, as ingest builds the analyzer."""
    return GermanAnalyzer(GermanAnalyzer.build_vocabulary([LAW, STRATEGY, "Zugang Gesetz Online Strategie Verwaltung"]))


def _open(question):
    return QuestionProfile(text=question, kinds={"open"})


def test_an_open_question_naming_only_one_document_asks_about_that_document():
    ranked, analyzer = _candidates(), _analyzer()
    for question in ("Worum geht es im OZG?", "Gib mir einen Überblick über das Onlinezugangsgesetz.", "What is the OZG about?"):
        assert asked_document(_open(question), question, ranked, analyzer).doc_id == "ozg", question
    assert asked_document(_open("Worum geht es in der Smart City Strategie von Ulm?"),
                          "Worum geht es in der Smart City Strategie von Ulm?", ranked, analyzer).doc_id == "ulm"


def test_a_question_about_something_inside_a_document_or_about_no_one_document_is_no_overview():
    ranked, analyzer = _candidates(), _analyzer()
    for question in ("Was sagt das OZG über Portale?",  # a noun the title lacks: a topic inside the document
                     "Worum geht es in § 1 des OZG?",  # a part of the document
                     "Worum geht es in Ulm und im OZG?",  # two documents
                     "Worum geht es?",  # none
                     "Worum geht es im Online-Strategiegesetz?",  # a part of a word no title holds
                     "Worum geht es im Verwaltungsgesetz?"):  # 'Gesetz' alone names no document
        assert asked_document(_open(question), question, ranked, analyzer) is None, question
    not_open = QuestionProfile(text="Wann gilt das OZG?", kinds={"date"})
    assert asked_document(not_open, "Wann gilt das OZG?", ranked, analyzer) is None


def test_the_opening_is_the_title_line_and_the_first_running_text_past_headings_dates_and_epigraphs():
    law, strategy = (c.doc for c in _candidates())
    texts = [law.units[i].text for i in opening(law, 3)]
    assert texts[0].startswith("Gesetz zur Verbesserung des Onlinezugangs") and "Ausfertigungsdatum: 14.08.2017" not in texts
    assert texts[1:] == ["Bund und Länder sind verpflichtet, ihre Verwaltungsleistungen auch elektronisch anzubieten.",
                         "Sie verknüpfen ihre Portale zu einem Portalverbund.", "Die Länder binden die Gemeinden an."]
    # the quotes of the foreword are an epigraph, a question is no statement of the subject
    assert [strategy.units[i].text for i in opening(strategy, 2)] == [
        "Ulm ist eine Stadt im Wandel und will die Umbrüche der kommenden Jahre gestalten.",
        "Die Strategie gibt die Richtung für die nächsten zehn Jahre vor."]
    assert [p.unit.text for p in overview(law, 1).paragraphs] == [law.units[0].text, texts[1]]


def test_a_question_for_the_date_a_document_bears_is_answered_by_the_line_that_dates_it():
    from assistant.answer.overview import dated_lines

    ranked, analyzer = _candidates(), _analyzer()
    law = ranked[0].doc
    dated = QuestionProfile(text="", kinds={"date"})
    for question in ("Von wann ist das Onlinezugangsgesetz?", "Wann wurde das OZG ausgefertigt?"):
        assert asked_document(dated, question, ranked, analyzer, kind="date") is law, question
    # a date the document sets is no date it bears; a date question is no open one
    for question in ("Seit wann gilt das OZG?", "Bis wann müssen die Länder das OZG umsetzen?"):
        assert asked_document(dated, question, ranked, analyzer, kind="date") is None, question
    assert asked_document(dated, "Worum geht es im OZG?", ranked, analyzer) is None
    assert [law.units[i].text for i in dated_lines(law)] == ["Ausfertigungsdatum: 14.08.2017"]
    assert dated_lines(ranked[1].doc) == []  # the strategy bears no date


def test_in_an_english_question_every_word_but_function_words_must_name_the_document():
    ranked, analyzer = _candidates(), _analyzer()
    profile = QuestionProfile(text="", kinds={"open"}, english=0.5)
    assert asked_document(profile, "What is the OZG about?", ranked, analyzer).doc_id == "ozg"
    assert asked_document(profile, "What does the OZG say about portals?", ranked, analyzer) is None
