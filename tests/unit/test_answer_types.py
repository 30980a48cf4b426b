"""Answer types, typed preferences, question kinds and the linear answer models, without the model or Chroma."""

import numpy as np

from assistant.answer.answer_types import type_match
from assistant.answer.documents import rebuild_document
from assistant.answer.learned import LinearModel
from assistant.answer.question import QuestionProfile, question_kinds
from assistant.answer.scoring import count_unstated, heaviest_missing, prefer_typed, typed_miss
from evals.metrics import roc_auc
from evals.wording import literal_overlap
from tests.unit.sample_document import TEXT, candidate as _candidate, chunks as _chunks


def test_date_question_prefers_a_unit_with_a_date():
    doc = rebuild_document("d", _chunks(TEXT))
    plain = _candidate(doc, "Ausrichter war Vitako.", 3.0, type_match=0.0)
    dated = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, type_match=1.0)
    assert prefer_typed(QuestionProfile(kinds={"date"}), [plain, dated], 5)[0] is dated
    assert prefer_typed(QuestionProfile(kinds={"list"}), [plain, dated], 5)[0] is plain  # nothing typed is asked
    signed = _candidate(doc, "Ausrichter war Vitako.", 2.5, type_match=1.0)  # type_match as a person question computes it
    assert prefer_typed(QuestionProfile(kinds={"person"}), [_candidate(doc, "08.10.2015 Delmenhorst", 3.0, type_match=0.3), signed], 5)[0] is signed
    far = _candidate(doc, "19.10.2015 Köln", -5.0, type_match=1.0)
    assert prefer_typed(QuestionProfile(kinds={"date"}), [plain, far], 5)[0] is plain  # far below: the best stays
    # a dated line that lacks the question's focus terms the best one holds does not move up
    on_topic = _candidate(doc, "Ausrichter war Vitako.", 3.0, type_match=0.0, focus_ctx=1.0)
    off_topic = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, type_match=1.0, focus_ctx=0.0)
    assert prefer_typed(QuestionProfile(kinds={"date"}), [on_topic, off_topic], 5)[0] is on_topic


def test_count_question_prefers_a_list_titled_with_what_is_counted():
    doc = rebuild_document("d", _chunks(TEXT))
    sentence = _candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 3.0, type_match=1.0)
    titled = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, type_match=0.0, title_cov=1.0)
    untitled = _candidate(doc, "19.10.2015 Köln", 2.5, type_match=0.0, title_cov=0.0)
    assert prefer_typed(QuestionProfile(kinds={"count", "number"}), [sentence, titled], 5)[0] is titled
    assert prefer_typed(QuestionProfile(kinds={"count", "number"}), [sentence, untitled], 5)[0] is sentence
    assert prefer_typed(QuestionProfile(kinds={"number"}), [sentence, titled], 5)[0] is sentence
    # 'Wie viele X': a list titled with X is counted even when it ranks far below a sentence with some number
    low = _candidate(doc, "30.09.2015 Stuttgart", -4.0, type_match=0.0, title_cov=0.3, title_counted=1.0)
    assert prefer_typed(QuestionProfile(kinds={"count", "number"}), [sentence, untitled, low], 5, count_window=15)[0] is low
    assert prefer_typed(QuestionProfile(kinds={"count", "number"}), [sentence, untitled, low], 2, count_window=2)[0] is sentence


def test_a_sentence_that_states_the_count_beats_a_titled_list():
    doc = rebuild_document("d", _chunks(TEXT))
    titled = _candidate(doc, "08.10.2015 Delmenhorst", 3.0, type_match=0.0, title_counted=1.0)
    stated = _candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 2.0, type_match=1.0, states_count=1.0)
    far = _candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", -4.0, type_match=1.0, states_count=1.0)
    count = QuestionProfile(kinds={"count", "number"})
    assert prefer_typed(count, [titled, stated], 5, count_window=15)[0] is stated
    assert prefer_typed(count, [titled, far], 5, count_window=15)[0] is titled  # far below the best: the list stays


def test_a_stated_count_is_a_number_before_what_is_counted_or_the_head_of_its_compound():
    from assistant.core.german import GermanAnalyzer
    from assistant.answer.scoring import counted_terms, states_count

    analyzer = GermanAnalyzer(vocabulary={"handlung", "feld", "handlungsfeld", "schwerpunkt"})
    profile = QuestionProfile(kinds={"count", "number"}, units=[(["handlungsfeld"], 3.0), (["ulm"], 1.0)], counted=0)
    counted = counted_terms(profile, analyzer)
    assert {"handlungsfeld", "feld"} <= counted
    assert states_count("Im Projekt wurden 13 querschnittsorientierte Felder identifiziert.", counted, analyzer)
    assert states_count("Sie ordnet sich in sechs Handlungsfelder.", counted, analyzer)
    assert not states_count("Das Handlungsfeld Mobilität umfasst 4 Projekte.", counted, analyzer)  # 4 counts projects
    assert not states_count("Im Jahr 2021 wurden Felder bestellt.", counted, analyzer)  # a year counts nothing
    assert not states_count("13 Felder", set(), analyzer)  # a question that counts nothing
    # a list marker, a paragraph or table number, a part of a larger number counts nothing
    assert not states_count("1. Felder der Förderung sind", counted, analyzer)
    assert not states_count("(3) Felder im Sinne dieses Gesetzes", counted, analyzer)
    assert not states_count("2 | Felder | Der Ausbau", counted, analyzer)
    assert not states_count("Auf 127.500 Felder verteilt", counted, analyzer)
    assert states_count("Es sind 13 Felder.", counted, analyzer)

    number = {"number"}
    assert type_match(number, "27.01.2016 Kiel") == 0.0
    assert type_match(number, "bis zu 90 % der Ausgaben") == 1.0
    assert type_match({"date"}, "am 27. Januar 2016") == 1.0
    # a footnote mark or an enumeration inside a sentence is no amount; an amount beside them still is
    assert type_match(number, "Testfeld ist hier der LoRaPark [^124].") == 0.0
    assert type_match(number, "Aufgaben sind: 1. das Aufzeigen von Lösungen, 2. die Prüfung auf Risiken") == 0.0
    assert type_match(number, "Über 60 Access-Points versorgen Busse [^12].") == 1.0


def test_typed_miss_says_how_far_the_best_unit_falls_short_of_the_value_asked_for():
    doc = rebuild_document("d", _chunks(TEXT))
    record = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, type_match=1.0, title_counted=0.0)
    # 'Wie viele Leute …', a word the documents never use: a list of conference dates does not count people
    people = QuestionProfile(kinds={"count", "number"}, units=[(["?leute"], 5.0), (["kiel"], 4.0)], counted=0)
    assert typed_miss(people, record) == 1.0
    # 'An wie vielen Orten …', a word they use: the list may count them under another title
    places = QuestionProfile(kinds={"count", "number"}, units=[(["ort"], 2.0), (["konferenz"], 3.0)], counted=0)
    assert typed_miss(places, record) == 0.5
    record.features["title_cov"] = 0.6  # 'An wie vielen Orten fanden die Regionalkonferenzen statt?': the title holds most of it
    assert typed_miss(QuestionProfile(kinds={"count", "number"}), record) == 0.0
    record.features.update(title_cov=0.0, title_counted=1.0)  # 'Wie viele Regionalkonferenzen …': the title names what is counted
    assert typed_miss(QuestionProfile(kinds={"count", "number"}), record) == 0.0
    sentence = _candidate(doc, "Ausrichter war Vitako.", 2.0, type_match=0.0)
    assert typed_miss(QuestionProfile(kinds={"date"}), sentence) == 1.0
    # a year answers 'Wann …?' for answerability, although a full date ranks higher
    dated = _candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 2.0)
    dated.unit.text = "Die Stadt baut 2028 ein Rechenzentrum."
    assert typed_miss(QuestionProfile(kinds={"date"}), dated) == 0.0
    assert type_match({"date"}, "Die Stadt baut 2028 ein Rechenzentrum.") == 0.5
    announcer = _candidate(doc, "Übersicht der Regionalkonferenzen:", 2.0)  # answers with the list below it
    assert typed_miss(QuestionProfile(kinds={"date"}), announcer) == 0.0
    assert type_match({"date"}, "Übersicht der Regionalkonferenzen:") == 0.0
    assert typed_miss(QuestionProfile(kinds={"date", "open"}), sentence) == 0.0  # 'Was sagt … über …' asks for no value
    assert typed_miss(QuestionProfile(kinds={"list"}), sentence) == 0.0


def test_linear_model_standardises_then_weighs():
    model = LinearModel(["a", "b"], [2.0, -1.0], 0.5, mean=[1.0, 0.0], scale=[2.0, 1.0])
    scores = model.score([{"a": 3.0, "b": 1.0}, {"a": 1.0}])
    assert np.allclose(scores, [2.0 * 1.0 - 1.0 + 0.5, 0.5])


def test_roc_auc_and_literal_overlap_by_hand():
    assert roc_auc([0.9, 0.8, 0.1], [True, False, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
    assert roc_auc([0.1], [True]) is None
    assert literal_overlap("Wann tagte man in Delmenhorst?", "08.10.2015 Delmenhorst") == 0.5  # tagte, delmenhorst


def test_type_match_reads_amounts_as_a_reader_does():
    number = {"number"}
    assert type_match(number, "1. Gegenstand der Förderung ist die Installation von Hot Spots.") == 0.0  # a list marker
    assert type_match(number, "§ 3 Absatz 1 tritt in Kraft.") == 0.0  # a reference
    assert type_match(number, "06 | Offener Diskurs | Offener Diskurs mit den Ulmer:innen") == 0.0  # a table's number column
    assert type_match(number, "06 | Offener Diskurs | mit 300 Teilnehmenden") == 1.0
    assert type_match(number, "mindestens acht Wochen vor der Sitzung") == 1.0  # an amount in words
    money = {"number", "money"}
    assert type_match(money, "Der Förderhöchstbetrag je Projekt beträgt 1,5 Millionen Euro.") == 1.0
    assert type_match(money, "bis zu 90 % der zuwendungsfähigen Ausgaben") == 0.5  # an amount, not of money
    assert type_match({"number", "duration"}, "längstens für 60 Tage gespeichert") == 1.0
    # a span of time as an adjective answers a when-question as a span does ('bei zweijähriger Inaktivität gelöscht')
    assert type_match({"date"}, "Das Konto wird bei zweijähriger Inaktivität gelöscht.") == 0.75
    assert type_match({"date"}, "Das Konto wird im Jahresbericht genannt.") == 0.0
    assert type_match({"date"}, "am vierten Tag nach der Bereitstellung") == 0.75  # a span of time answers 'wann' in part
    assert type_match({"date"}, "Die Richtlinie gilt für Schulen.") == 0.0
    assert type_match({"count", "number"}, "27.01.2016 Kiel", list_item=True) == 1.0  # a count is answered by a list
    assert type_match({"count", "number"}, "27.01.2016 Kiel") == 0.0


def test_number_questions_name_their_subtype():
    from assistant.answer.answer_types import number_subtypes
    from assistant.core.german import fold

    assert number_subtypes(fold("Wie viel Geld gibt es höchstens pro Projekt?")) == {"money"}
    assert number_subtypes(fold("What share of eligible costs is funded?")) == {"money", "percent"}
    assert number_subtypes(fold("Wie lange dürfen Protokolldaten gespeichert werden?")) == {"duration"}
    assert number_subtypes(fold("Wie viele Regionalkonferenzen gab es?")) == set()


def test_question_kinds_follow_german_grammar_not_one_template():
    from assistant.answer.question import question_kinds

    assert {"count", "number"} <= question_kinds("Aus wie vielen Mitgliedern besteht der Beirat?")  # dative 'vielen'
    assert {"number", "money"} <= question_kinds("Was hat die Konferenzreihe gekostet?")
    assert {"number", "money"} <= question_kinds("Mit welchem Jahresetat ist das CityLAB ausgestattet?")
    assert "number" in question_kinds("Welche Fallzahlen nennt Sachsen?")
    assert "number" not in question_kinds("Wer muss die Rechnung bezahlen?")  # paying is no amount asked for
    assert "number" not in question_kinds("Welche Kosten sind förderfähig?")  # a list of cost types


def test_the_noun_after_welche_sets_the_answer_type():
    from assistant.answer.question import question_kinds

    assert {"number", "money"} <= question_kinds("Welches Bußgeld droht einer Behörde, die nicht meldet?")
    assert {"number", "money"} <= question_kinds("Welchen Festbetrag legt die Anlage fest?")
    assert {"number", "percent"} <= question_kinds("Welche Förderquote gilt für Teil A?")
    assert {"number", "duration"} <= question_kinds("Which period does the strategy cover?")
    assert "number" not in question_kinds("Welche Ausgaben sind zuwendungsfähig?")  # kinds of costs, no amount
    assert "number" not in question_kinds("Welche Stadt richtete die Konferenz aus?")


def test_leaving_out_the_signing_words_leaves_what_was_signed():
    from assistant.answer.question import without_kind_words

    left = without_kind_words("Von wem ist das Positionspapier unterzeichnet?", "signing").split()
    assert "positionspapier" in left and not any(w.startswith("unterzeich") for w in left)
    assert "signed" not in without_kind_words("Who signed the broadband guideline?", "signing").split()


def test_a_count_takes_its_number_subtype_from_what_it_counts():
    from assistant.answer.answer_types import number_subtypes
    from assistant.core.german import fold

    # a money word elsewhere in a count question names the topic, not what is asked
    assert number_subtypes(fold("Wie viele Jahre gilt die Zweckbindung für die mit Landesgeld gebaute Infrastruktur?")) == {"duration"}
    assert number_subtypes(fold("In wie vielen Raten fließt das Fördergeld je Schule?")) == set()
    assert number_subtypes(fold("Wie viele Euro gibt es je Projekt?")) == {"money"}
    assert number_subtypes(fold("How many days are the data stored?")) == {"duration"}


def test_a_question_for_a_year_is_answered_by_a_year_not_by_a_span_of_time():
    kinds = question_kinds("In welchem Jahr sind die Sicherheitskonzepte erstmals zu überprüfen?")
    assert {"date", "year"} <= kinds and "year" not in question_kinds("Wann war die Konferenz in Kiel?")
    assert type_match(kinds, "Sie sind erstmals im Jahre 2024 zu überprüfen.") == 1.0
    assert type_match(kinds, "Das Konzept ist alle zwei Jahre fortzuschreiben.") == 0.0
    # without a year asked, a span of time still answers a date question in part
    assert type_match({"date"}, "Das Konzept ist alle zwei Jahre fortzuschreiben.") == 0.75


def test_a_misspelt_question_word_at_the_start_still_sets_the_answer_type():
    from assistant.answer.question import corrected_question_word
    from assistant.core.german import GermanAnalyzer

    class Lexical:  # knows the words of a small corpus
        analyzer = GermanAnalyzer()

        def known_token(self, token):
            return token in {"dann", "konferenz", "kiel", "brehna", "worum"}

    lexical = Lexical()
    assert corrected_question_word("wan war die konfernz in brehna", lexical) == "wann war die konfernz in brehna"
    assert corrected_question_word("Bis wan gilt das?", lexical) == "Bis wann gilt das?"
    assert corrected_question_word("Welsche Stadt war zuerst?", lexical) == "welche Stadt war zuerst?"
    for unchanged in ("Dann war die Konferenz in Kiel?",  # a word the documents use
                      "Worum geht es?",  # a question word of its own
                      "Nen Antrag stellen, wie?",  # 'nen' is one edit from 'wen', but 'wen' is too short to guess
                      "Die Konferenz in Kiel, wan?"):  # not at the start
        assert corrected_question_word(unchanged, lexical) == unchanged
    assert "date" in question_kinds(corrected_question_word("wan war die konfernz in brehna", lexical))


def test_the_quote_runs_on_to_the_sentence_holding_a_focus_term_the_best_one_lacks():
    from assistant.answer.compose import compose, focus_after
    from assistant.answer.documents import rebuild_document
    from assistant.core.german import GermanAnalyzer
    from tests.unit.sample_document import candidate, chunks

    text = ("Konferenzen\n\nIn Köln fand die Regionalkonferenz statt. Die Teilnehmenden diskutierten. Es gab Kaffee. "
            "Schwerpunkte waren die digitale Verwaltung und Mobilität. Danach ging man heim.\n")
    doc = rebuild_document("d", chunks(text, size=400))
    best = candidate(doc, "In Köln fand die Regionalkonferenz statt.", 1.0)
    analyzer = GermanAnalyzer()
    profile = QuestionProfile(kinds={"list"}, units=[(["schwerpunkt"], 3.0), (["koln"], 2.0)], focus=[0, 1])
    assert focus_after(profile, best, analyzer, 3) == 3
    assert focus_after(profile, best, analyzer, 2) == 0  # beyond the lookahead
    shape = compose(QuestionProfile(kinds={"date"}, units=profile.units, focus=[0, 1]), [best], 4, 0.5, (0, 1), analyzer, 3)
    assert [p.text for p in shape.paragraphs] == ["In Köln fand die Regionalkonferenz statt.", "Die Teilnehmenden diskutierten.",
                                                  "Es gab Kaffee.", "Schwerpunkte waren die digitale Verwaltung und Mobilität."]
    held = QuestionProfile(kinds={"date"}, units=[(["koln"], 2.0)], focus=[0])  # the best sentence holds every focus term
    assert focus_after(held, best, analyzer, 3) == 0


def test_who_wrote_a_text_asks_for_its_signatories_and_only_a_who_question_does():
    from assistant.answer.question import without_kind_words

    for question in ("Wer hat das Positionspapier verfasst?", "Wer sind die Autoren des Papiers?", "Who wrote the position paper?"):
        assert "signing" in question_kinds(question), question
    for question in ("Welchen Vorteil sehen die Verfasser in Experimentierklauseln?",
                     "Mit welchem Verband haben die Kreise ein gemeinsames Papier verfasst?"):
        assert "signing" not in question_kinds(question), question
    assert "verfasst" not in without_kind_words("Wer hat das Positionspapier verfasst?", "signing")


def test_a_where_question_is_answered_best_by_a_text_that_says_where():
    place = {"place"}
    assert type_match(place, "Das Sicherheitsnotfallteam ist im Staatsbetrieb Sächsische Informatik Dienste angesiedelt.") == 1.0
    assert type_match(place, "Anträge sind bei der Bewilligungsbehörde einzureichen.") == 1.0
    assert type_match(place, "Die Metadaten werden im nationalen Metadatenportal GovData eingestellt.") == 1.0
    assert type_match(place, "Die Ergebnisse stehen unter www.breitbandausschreibungen.de bereit.") == 1.0
    assert type_match(place, "Die Nummer ist unter registrierung@senfin.berlin.de zu beantragen.") == 1.0
    # a text without such a place may still answer ('30.09.2015 Stuttgart'): it is not counted against
    assert type_match(place, "30.09.2015 Stuttgart") == 0.5
    assert type_match(place, "Das Team unterstützt im Rahmen des Projekts die Beauftragten in technischen Fragen.") == 0.5
    assert type_match({"place", "date"}, "30.09.2015 Stuttgart") == 1.0  # 'Wo und wann': the date decides


def test_a_question_for_contact_data_asks_for_the_number_or_address_itself():
    assert {"phone"} <= question_kinds("Welche Telefonnummer hat die Sächsische Aufbaubank?")
    assert {"email"} <= question_kinds("Unter welcher E-Mail-Adresse nimmt die Landesdirektion Anträge entgegen?")
    assert {"web"} <= question_kinds("Unter welcher Webadresse ist das Portal zu finden?")
    assert {"postal"} <= question_kinds("Wie lautet die Anschrift der Bewilligungsstelle?")
    assert {"address"} <= question_kinds("An welche Adresse schickt man den Antrag?")
    assert {"postal", "address"} <= question_kinds("What is the street address of the CityLAB?")
    # how something is sent is not where to: no contact kind
    for question in ("Kann ich den Antrag per E-Mail einreichen?", "Ist eine telefonische Beratung vorgesehen?"):
        assert not question_kinds(question) & {"phone", "email", "web", "postal", "address"}, question


def test_a_text_answers_a_contact_question_only_when_it_shows_the_number_or_address():
    office = "Bewilligungsstelle ist die Sächsische Aufbaubank – Förderbank – (SAB), Pirnaische Straße 9, 01069 Dresden."
    assert type_match({"postal"}, office) == 1.0
    assert type_match({"address"}, office) == 1.0
    assert type_match({"phone"}, office) == 0.0  # the office and its street, no number
    assert type_match({"email"}, office) == 0.0
    assert type_match({"phone"}, "Rückfragen unter Tel. 0351 4910-0 oder 0351/4910-4911.") == 1.0
    assert type_match({"email"}, "Die Nummer ist unter registrierung@senfin.berlin.de zu beantragen.") == 1.0
    assert type_match({"web"}, "Die Ergebnisse stehen unter www.breitbandausschreibungen.de bereit.") == 1.0
    assert type_match({"web"}, "Die Metadaten werden im nationalen Metadatenportal GovData eingestellt.") == 0.0
    assert type_match({"address"}, "Der Antrag ist an die Senatskanzlei zu richten.") == 0.0
    assert type_match({"address"}, "Rotes Rathaus\nJüdenstraße 1\n10178 Berlin") == 1.0


def test_the_heaviest_missing_word_and_an_unstated_count_describe_what_the_best_unit_lacks():
    ulm = QuestionProfile(kinds={"count", "number"}, units=[(["mitarbeit"], 2.0), (["stadt"], 1.0), (["ulm"], 4.0)], counted=0)
    assert heaviest_missing(ulm, {"ulm", "stadt", "wachst"}) == 0.5  # staff is never spoken of
    assert heaviest_missing(ulm, {"ulm", "mitarbeit"}) == 0.25
    assert heaviest_missing(ulm, {"ulm", "mitarbeit", "stadt"}) == 0.0
    compound = QuestionProfile(units=[(["breitband", "ausbau"], 2.0)])
    assert heaviest_missing(compound, {"ausbau"}) == 0.0  # a compound found in part is not missing
    doc = rebuild_document("d", _chunks(TEXT))
    sentence = _candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 2.0, states_count=0.0)
    assert count_unstated(ulm, sentence) == 1.0
    sentence.features["states_count"] = 1.0  # as if it said '… beschäftigt 3.000 Mitarbeiter'
    assert count_unstated(ulm, sentence) == 0.0
    record = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, title_counted=1.0)  # 'Übersicht der Regionalkonferenzen'
    assert count_unstated(QuestionProfile(kinds={"count", "number"}), record) == 0.0
    assert count_unstated(QuestionProfile(kinds={"date"}), _candidate(doc, "Ausrichter war Vitako.", 2.0)) == 0.0  # no count
