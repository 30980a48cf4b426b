"""Answer units, list answers and the linear answer models, without the model or Chroma."""

import numpy as np

from assistant.answer.compose import compose
from assistant.answer.documents import rebuild_document
from assistant.answer.handover import shown_units
from assistant.answer.answer_types import type_match
from assistant.answer.question import QuestionProfile, question_kinds
from assistant.answer.learned import LinearModel
from assistant.answer.scoring import Candidate, add_signature_blocks, prefer_signature, prefer_typed, typed_miss
from assistant.answer.units import document_units
from assistant.core.types import StoredChunk
from evals.metrics import roc_auc
from evals.wording import literal_overlap

TEXT = """Schlussbemerkung

Die Konferenzen fanden in ganz Deutschland statt. Ausrichter war Vitako.

Übersicht der Regionalkonferenzen:

30.09.2015 Stuttgart
08.10.2015 Delmenhorst
19.10.2015 Köln

Berlin, 7. November 2016

Guido Kahlen, Stadt Köln

Dr. Marianne Wulff, Vitako"""


def test_lines_become_sentences_headings_and_list_records_with_their_title():
    units = document_units("d", TEXT, {"Schlussbemerkung"})
    kinds = [(u.kind, u.text) for u in units]
    assert kinds[0] == ("heading", "Schlussbemerkung")
    assert ("sentence", "Ausrichter war Vitako.") in kinds
    records = [u for u in units if u.text[:2].isdigit() and u.kind == "record"]
    assert [r.text for r in records] == ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst", "19.10.2015 Köln"]
    assert len({r.group for r in records}) == 1 and records[0].title == "Übersicht der Regionalkonferenzen:"
    assert records[0].embed_text() == "Übersicht der Regionalkonferenzen: 30.09.2015 Stuttgart"
    signature = [u for u in units if "Kahlen" in u.text or "Wulff" in u.text or u.text.startswith("Berlin")]
    assert len(signature) == 3 and len({u.group for u in signature}) == 1  # place, date and signatories: one block
    assert signature[0].group != records[0].group
    assert all(u.signature and u.title == "Unterzeichnung" for u in signature) and not any(r.signature for r in records)
    for unit in units:
        assert TEXT[unit.start : unit.end] == unit.text  # offsets point into the document


def test_an_enumeration_mark_cut_off_by_the_sentence_splitter_opens_the_next_sentence():
    text = ("Bewilligungen aus dem Schulträgerbudget sind nur für bis zum 30. September 2020 vollständig eingereichte Anträge "
            "möglich. Anträge sind spätestens nach sechs Monaten durch die Bewilligungsstelle zu entscheiden. 4. Nach Abschluss des "
            "Verfahrens entfällt die Bindung an die Schulträgerbudgets. 5. Eine Kumulierung ist ausgeschlossen.")
    texts = [u.text for u in document_units("d", text, set())]
    assert "4. Nach Abschluss des Verfahrens entfällt die Bindung an die Schulträgerbudgets." in texts
    assert not any(t.strip() in ("4.", "5.") for t in texts)  # no unit that is only a number: it would answer with nothing


def test_in_a_paragraph_that_ends_with_a_colon_only_its_last_sentence_announces_the_list():
    text = ("Der Projektaufruf erfolgt mindestens acht Wochen vor dem Zusammentritt des Beirats, der zweimal jährlich tagt. "
            "Diese fordert die ausgewählten Bewerber auf, einen Zuwendungsantrag mit folgenden Anlagen einzureichen:\n"
            "•Zuwendungsantrag\n•Projektbeschreibung\n•Finanzierungsplan")
    units = document_units("d", text, set())
    assert units[0].text.startswith("Der Projektaufruf") and units[0].text.endswith("tagt.") and not units[0].opens_list()
    assert units[1].text.startswith("Diese fordert") and units[1].opens_list()
    records = [u for u in units if u.kind == "record"]
    assert len(records) == 3 and all(r.title == units[1].text for r in records)  # the list's title is the announcing sentence


def test_a_place_and_date_sentence_opens_the_signature_block_below_it():
    text = ("Gleichzeitig tritt die Richtlinie Digitale Offensive Sachsen vom 9. Dezember 2017 (SächsABl. 2018 S. 2) mit allen "
            "ihren Anlagen und Formularen außer Kraft. Dresden, den 18. September 2018\n\n"
            "Der Staatsminister für Wirtschaft\nMartin Dulig\n\nAnlage 1\n\nAnlage 2\n\nAnlage 3\n\nAnlage 4\n\nAnlage 5\n\nAnlage 6")
    units = document_units("d", text, {"Anlage 1"})
    block = [u for u in units if u.signature]
    assert [u.text for u in block] == ["Dresden, den 18. September 2018", "Der Staatsminister für Wirtschaft", "Martin Dulig"]
    assert len({u.group for u in block}) == 1 and block[0].kind == "record"
    assert next(u for u in units if u.text.startswith("Gleichzeitig")).kind == "sentence"
    assert not any(u.signature for u in units if u.text.startswith("Anlage"))  # a list without place and date


def test_enumerated_items_separated_by_blank_lines_form_one_list():
    text = "Erhoben werden folgende Daten:\n\n1. Namen,\n\n2. Vornamen,\n\n3. Tag der Geburt.\n\nDer Nutzer legt fest, was gespeichert wird."
    units = document_units("d", text)
    items = [u for u in units if u.kind == "record"]
    assert [u.text for u in items] == ["1. Namen,", "2. Vornamen,", "3. Tag der Geburt."]
    assert len({u.group for u in items}) == 1 and items[0].title == "Erhoben werden folgende Daten:"


def test_an_unfinished_sentence_leads_in_to_the_enumeration_that_completes_it():
    """Laws enumerate without a colon ('Dieses Gesetz gilt nicht für' 1. … 2. …): the lead-in titles the list."""
    text = ("(5) Dieses Gesetz gilt nicht für\n\n1. die Strafverfolgung,\n\n2. Verfahren vor dem Patentamt,\n\n"
            "3. die Verwaltungstätigkeit nach dem Zweiten Buch Sozialgesetzbuch.\n\nNach Kopenhagen\n\n- 5. bis 7. Februar")
    units = document_units("d", text)
    lead = next(u for u in units if u.text.startswith("(5)"))
    items = [u for u in units if u.text[:2] in ("1.", "2.", "3.")]
    assert lead.leads_in and lead.kind == "sentence"
    assert len({u.group for u in items}) == 1 and items[0].title == lead.text
    trip = next(u for u in units if u.text == "Nach Kopenhagen")
    assert not trip.leads_in  # a finished line (a title ending in a name) before a date is no lead-in


def _chunks(text, size=60, overlap=20):
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        out.append(StoredChunk(f"c{start}", text[start:end], {"doc_id": "d", "start": start, "end": end}))
        start = end - overlap if end < len(text) else end
    return out


def test_document_is_rebuilt_from_overlapping_chunks():
    doc = rebuild_document("d", list(reversed(_chunks(TEXT))))
    assert doc.text == TEXT
    unit = next(u for u in doc.units if u.text == "19.10.2015 Köln")
    chunk = doc.chunk_for(unit)
    assert unit.text in chunk.text


def _candidate(doc, text, score, **features):
    index = next(i for i, u in enumerate(doc.units) if u.text == text)
    return Candidate(doc.units[index], doc, index, 0, features=features, score=score)


def test_count_question_answers_with_the_whole_list_and_its_count():
    doc = rebuild_document("d", _chunks(TEXT))
    best = _candidate(doc, "08.10.2015 Delmenhorst", 2.0)
    shape = compose(QuestionProfile(kinds={"count"}), [best], 4, 1.0)
    assert [p.text for p in shape.items] == ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst", "19.10.2015 Köln"]
    assert shape.list_title == "Übersicht der Regionalkonferenzen:" and "3" in shape.paragraphs[0].text
    fact = compose(QuestionProfile(kinds={"date"}), [best], 4, 1.0)
    assert [p.text for p in fact.paragraphs] == ["08.10.2015 Delmenhorst"] and not fact.items


def test_a_signatory_answers_with_the_whole_signature_block():
    doc = rebuild_document("d", _chunks(TEXT))
    shape = compose(QuestionProfile(kinds={"person"}), [_candidate(doc, "Guido Kahlen, Stadt Köln", 2.0)], 4, 1.0)
    assert [p.text for p in shape.paragraphs] == ["Berlin, 7. November 2016", "Guido Kahlen, Stadt Köln", "Dr. Marianne Wulff, Vitako"]
    assert not shape.items  # one signing, not a list to count


def test_who_signed_is_answered_by_the_signature_block_of_the_best_units_document():
    doc = rebuild_document("d", _chunks(TEXT))
    other = rebuild_document("e", [StoredChunk("e0", "Die Verordnung gilt ab 2020. Sie regelt Rechnungen.", {"doc_id": "e", "start": 0, "end": 50})])
    assert "signing" in question_kinds("wer hat die richtlinie unterzeichent") and "signing" in question_kinds("Who signed the paper?")
    assert "signing" not in question_kinds("Welche Signatur braucht ein Dokument?")
    best = _candidate(doc, "Ausrichter war Vitako.", 2.0)  # the paper is found by what it says, not by its signatories
    candidates = add_signature_blocks([best])
    assert {c.unit.text for c in candidates[1:]} == {"Berlin, 7. November 2016", "Guido Kahlen, Stadt Köln", "Dr. Marianne Wulff, Vitako"}
    ranked = prefer_signature(candidates)
    shape = compose(QuestionProfile(kinds={"person", "signing"}), ranked, 4, 1.0)
    assert [p.text for p in shape.paragraphs] == ["Berlin, 7. November 2016", "Guido Kahlen, Stadt Köln", "Dr. Marianne Wulff, Vitako"]
    # a document without a signature block keeps its ranking: another document's signatory would be a wrong answer
    unsigned = Candidate(other.units[0], other, 0, 0, score=3.0)
    assert prefer_signature([unsigned] + candidates)[0] is unsigned


def test_an_enumerated_item_that_does_not_end_its_sentence_is_shown_with_its_lead_in_and_list():
    text = ("Vorbemerkung zur Akteneinsicht in elektronisch geführte Akten der Behörden.\n\n"
            "Soweit ein Recht auf Akteneinsicht besteht, können die Behörden des Bundes, die Akten elektronisch führen, "
            "Akteneinsicht dadurch gewähren, dass sie\n\n1. einen Aktenausdruck zur Verfügung stellen,\n\n"
            "2. die elektronischen Dokumente auf einem Bildschirm wiedergeben,\n\n3. elektronische Dokumente übermitteln oder\n\n"
            "4. den elektronischen Zugriff auf den Inhalt der Akten gestatten.")
    doc = rebuild_document("d", [StoredChunk("c0", text, {"doc_id": "d", "start": 0, "end": len(text)})])
    item = _candidate(doc, "3. elektronische Dokumente übermitteln oder", 2.0, focus_own=1.0)
    shape = compose(QuestionProfile(kinds=set()), [item], 4, 1.0)  # 'Auf welchen Wegen …' names no list
    assert [p.text for p in shape.paragraphs][0].startswith("Soweit ein Recht auf Akteneinsicht besteht")
    assert len(shape.items) == 4
    last = _candidate(doc, "4. den elektronischen Zugriff auf den Inhalt der Akten gestatten.", 2.0, focus_own=1.0)
    assert not compose(QuestionProfile(kinds=set()), [last], 4, 1.0).items  # an item that ends the sentence stands alone


def test_announcing_sentence_hands_over_to_the_list_below():
    doc = rebuild_document("d", _chunks(TEXT))
    shape = compose(QuestionProfile(kinds={"list"}), [_candidate(doc, "Übersicht der Regionalkonferenzen:", 1.0)], 4, 1.0)
    assert len(shape.items) == 3


def test_an_announcer_hands_over_its_whole_list_whatever_the_question_word():
    """'Was muss eine E-Rechnung enthalten?' names no list, but its best line announces one: the answer is the list."""
    doc = rebuild_document("d", _chunks(TEXT))
    shape = compose(QuestionProfile(kinds=set()), [_candidate(doc, "Übersicht der Regionalkonferenzen:", 1.0)], 4, 1.0)
    assert [p.text for p in shape.paragraphs] == ["Übersicht der Regionalkonferenzen:"] and len(shape.items) == 3


def test_the_answer_and_its_answerability_check_read_the_same_units_below_a_heading():
    doc = rebuild_document("d", _chunks(TEXT))
    heading = next(i for i, u in enumerate(doc.units) if u.text == "Schlussbemerkung")
    shown = shown_units(doc, heading)
    assert [doc.units[i].text for i in shown] == ["Die Konferenzen fanden in ganz Deutschland statt.", "Ausrichter war Vitako."]
    shape = compose(QuestionProfile(kinds=set()), [_candidate(doc, "Schlussbemerkung", 1.0)], 4, 1.0)
    assert [p.text for p in shape.paragraphs] == [doc.units[i].text for i in shown]
    # 'Wann …?' answered from the heading: what the answer would show holds no date, although the list further down does
    assert typed_miss(QuestionProfile(kinds={"date"}), _candidate(doc, "Schlussbemerkung", 1.0)) == 1.0
    sentence = next(i for i, u in enumerate(doc.units) if u.text == "Ausrichter war Vitako.")
    assert shown_units(doc, sentence) == [sentence]  # an ordinary sentence shows itself


def test_a_list_item_that_matches_only_through_its_lists_title_answers_with_the_whole_list():
    doc = rebuild_document("d", _chunks(TEXT))
    about_list = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, focus_own=0.0, title_cov=0.8)
    shape = compose(QuestionProfile(kinds=set()), [about_list], 4, 1.0)
    assert len(shape.items) == 3  # 'Welche Stationen hatte die Reihe?' without a list word
    about_item = _candidate(doc, "08.10.2015 Delmenhorst", 2.0, focus_own=1.0, title_cov=0.8)
    assert not compose(QuestionProfile(kinds=set()), [about_item], 4, 1.0).items  # 'Wann war man in Delmenhorst?'


def test_a_short_sentence_that_counts_things_hands_over_to_the_sentences_after_it_for_list_questions():
    text = "Schwerte\n\nDrei Schwerpunkte wurden herausgearbeitet. Bildung, Infrastruktur und Arbeit stehen im Zentrum. Sonst nichts."
    doc = rebuild_document("d", _chunks(text))
    best = _candidate(doc, "Drei Schwerpunkte wurden herausgearbeitet.", 1.0)
    listed = compose(QuestionProfile(kinds={"list"}), [best], 4, 1.0)
    assert "Bildung, Infrastruktur und Arbeit stehen im Zentrum." in [p.text for p in listed.paragraphs]
    factoid = compose(QuestionProfile(kinds={"date"}), [best], 4, 1.0)  # a factoid question gets the sentence alone
    assert [p.text for p in factoid.paragraphs] == ["Drei Schwerpunkte wurden herausgearbeitet."]


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


def test_type_match_does_not_take_a_date_for_an_amount():
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


def test_a_best_sentence_is_quoted_with_its_neighbours_from_its_own_chunk():
    text = ("Förderung\n\nDer Antrag ist schriftlich zu stellen. Die Frist beträgt acht Wochen. Danach entscheidet das Gremium.\n\n"
            "Weitere Hinweise stehen im Anhang.")
    cut = text.index("Weitere")
    doc = rebuild_document("d", [StoredChunk("c0", text[:cut], {"doc_id": "d", "start": 0, "end": cut}),
                                 StoredChunk("c1", text[cut:], {"doc_id": "d", "start": cut, "end": len(text)})])
    index = next(i for i, u in enumerate(doc.units) if u.text.startswith("Die Frist"))
    best = Candidate(doc.units[index], doc, index, 0, score=1.0)
    terse = compose(QuestionProfile(kinds=set()), [best], 4, 1.0)
    assert [p.text for p in terse.paragraphs] == ["Die Frist beträgt acht Wochen."]
    shape = compose(QuestionProfile(kinds=set()), [best], 4, 1.0, context=(1, 2))
    assert [p.text for p in shape.paragraphs] == [
        "Der Antrag ist schriftlich zu stellen.", "Die Frist beträgt acht Wochen.", "Danach entscheidet das Gremium."
    ]  # the sentence in the next chunk is left out: context never brings a citation of its own
    assert [p.context for p in shape.paragraphs] == [True, False, True]


def test_type_match_reads_amounts_as_a_reader_does():
    number = {"number"}
    assert type_match(number, "1. Gegenstand der Förderung ist die Installation von Hot Spots.") == 0.0  # a list marker
    assert type_match(number, "§ 3 Absatz 1 tritt in Kraft.") == 0.0  # a reference
    assert type_match(number, "mindestens acht Wochen vor der Sitzung") == 1.0  # an amount in words
    money = {"number", "money"}
    assert type_match(money, "Der Förderhöchstbetrag je Projekt beträgt 1,5 Millionen Euro.") == 1.0
    assert type_match(money, "bis zu 90 % der zuwendungsfähigen Ausgaben") == 0.5  # an amount, not of money
    assert type_match({"number", "duration"}, "längstens für 60 Tage gespeichert") == 1.0
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
