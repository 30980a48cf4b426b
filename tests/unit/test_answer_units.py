"""Answer units, list answers and the shapes answers take, without the model or Chroma."""

from assistant.answer.compose import compose
from assistant.answer.documents import rebuild_document
from assistant.answer.handover import shown_units
from assistant.answer.question import QuestionProfile, question_kinds
from assistant.answer.scoring import Candidate, add_signature_blocks, prefer_signature, showable, typed_miss
from assistant.answer.units import _join_markers, document_units
from assistant.core.types import StoredChunk
from assistant.core.german import GermanAnalyzer
from tests.unit.sample_document import TEXT, candidate as _candidate, chunks as _chunks


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


def test_footnote_marks_and_a_reference_year_cut_off_by_the_sentence_splitter_close_the_sentence_before_them():
    sentence = ("Bei dieser Zukunftsaufgabe orientiert sich die Stadt an den nachhaltigen Entwicklungszielen der Vereinten "
                "Nationen und den Prinzipien der Kreislaufökonomie der Ellen McArthur Stiftung.")
    texts = [u.text for u in document_units("d", sentence + " [^11]\nDie Daten sind offen.", set())]
    assert texts == [sentence + " [^11]", "Die Daten sind offen."]  # no unit that is only a mark
    reference = "Schneidewind, U., & Haake, H. (2020). Die Große Transformation."
    cut = [(0, 29), (30, 37), (38, len(reference))]  # as the splitter cut it: '… Haake, H.' '(2020).' 'Die Große …'
    assert [reference[a:b] for a, b in _join_markers(reference, cut)] == ["Schneidewind, U., & Haake, H. (2020).",
                                                                          "Die Große Transformation."]


def test_footnotes_and_bibliography_entries_are_sources_no_list_to_count_and_no_answer():
    units = document_units("d", "Fußnoten\n[^1]: Stadt Ulm, 2019\n[^2]: Ulm/Neu-Ulm Touristik GmbH 2020\n", {"Fußnoten"})
    assert [u.kind for u in units] == ["heading", "source", "source"] and all(u.group < 0 for u in units)
    text = "Ulm zählt rund 970.000 Übernachtungen im Jahr.[^62]\n\nFußnoten\n\n[^62]: Ulm/Neu-Ulm Touristik GmbH 2020\n"
    doc = rebuild_document("d", _chunks(text, size=400))
    note = _candidate(doc, "[^62]: Ulm/Neu-Ulm Touristik GmbH 2020", 5.0)
    sentence = _candidate(doc, "Ulm zählt rund 970.000 Übernachtungen im Jahr.[^62]", 1.0)
    assert showable([note, sentence]) == [sentence]
    units = document_units("d", "Literaturverzeichnis\nBreuer, R. (2016). Serious Games. Aachen: RWTH Aachen.\nAusblick\nDas ist Text.",
                           {"Literaturverzeichnis", "Ausblick"})
    assert [(u.kind, u.text) for u in units] == [("heading", "Literaturverzeichnis"),
                                                 ("source", "Breuer, R. (2016). Serious Games. Aachen: RWTH Aachen."),
                                                 ("heading", "Ausblick"), ("sentence", "Das ist Text.")]


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


def test_document_is_rebuilt_from_overlapping_chunks():
    doc = rebuild_document("d", list(reversed(_chunks(TEXT))))
    assert doc.text == TEXT
    unit = next(u for u in doc.units if u.text == "19.10.2015 Köln")
    chunk = doc.chunk_for(unit)
    assert unit.text in chunk.text


def test_a_sentence_cut_between_two_chunks_is_rebuilt_whole():
    text = "Die Förderung folgt dem Vertrag über die Arbeitsweise der Europäischen Union. Sie gilt seit 2018.\n\nNeuer Absatz."
    cut, second = text.index("Europäischen") - 1, text.index("Neuer")
    chunks = [StoredChunk("a", text[:cut], {"doc_id": "d", "start": 0, "end": cut}),
              StoredChunk("b", text[cut + 1 : second - 2], {"doc_id": "d", "start": cut + 1, "end": second - 2, "space_before": " "}),
              StoredChunk("c", text[second:], {"doc_id": "d", "start": second, "end": len(text), "space_before": "\n\n"})]
    doc = rebuild_document("d", chunks)
    assert doc.text == text
    assert "Die Förderung folgt dem Vertrag über die Arbeitsweise der Europäischen Union." in [u.text for u in doc.units]
    without = rebuild_document("d", [StoredChunk(c.id, c.text, {k: v for k, v in c.metadata.items() if k != "space_before"})
                                     for c in chunks])  # chunks stored before they remembered it: a line break
    assert without.text == text.replace("der Europäischen", "der\nEuropäischen")


def test_a_unit_is_embedded_with_its_documents_title():
    import numpy as np
    from tests.unit.fakes import HashingEmbedder

    law = "Das Gesetz über die Informationssicherheit\n\nDieses Gesetz gilt nicht für den Verfassungsgerichtshof."
    chunk = StoredChunk("c0", law, {"doc_id": "isg", "start": 0, "end": len(law), "title": "Informationssicherheitsgesetz Sachsen"})
    doc = rebuild_document("isg", [chunk])
    unit = next(u for u in doc.units if u.text.startswith("Dieses Gesetz"))
    assert doc.vector_text(unit) == "Informationssicherheitsgesetz Sachsen: Dieses Gesetz gilt nicht für den Verfassungsgerichtshof."
    assert doc.vector_text(unit, window=True).startswith("Informationssicherheitsgesetz Sachsen: ")
    assert unit.embed_text() == unit.text  # what answer types are read from stays the unit alone
    embedder = HashingEmbedder()
    question = np.array(embedder.embed_query("Für wen gilt das Informationssicherheitsgesetz Sachsen nicht?"))
    titled, bare = (np.array(v) for v in embedder.embed_passages([doc.vector_text(unit), unit.embed_text()]))
    assert question @ titled > question @ bare  # the question names the law, the sentence only says „dieses Gesetz"
    untitled = rebuild_document("x", [StoredChunk("c0", law, {"doc_id": "x", "start": 0, "end": len(law)})])
    assert untitled.vector_text(untitled.units[-1]) == untitled.units[-1].embed_text()


def test_count_question_answers_with_the_whole_list_and_its_count():
    doc = rebuild_document("d", _chunks(TEXT))
    best = _candidate(doc, "08.10.2015 Delmenhorst", 2.0)
    shape = compose(QuestionProfile(kinds={"count"}), [best], 4, 1.0)
    assert [p.text for p in shape.items] == ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst", "19.10.2015 Köln"]
    assert shape.list_title == "Übersicht der Regionalkonferenzen:" and "3" in shape.paragraphs[0].text
    fact = compose(QuestionProfile(kinds={"date"}), [best], 4, 1.0)
    assert [p.text for p in fact.paragraphs] == ["08.10.2015 Delmenhorst"] and not fact.items


def test_an_open_answer_starts_at_the_sentence_that_holds_the_questions_focus():
    text = ("Ergebnisse\nHervorgehoben wurde die Bedeutung der Zusammenarbeit beim Breitbandausbau. "
            "Eine Folgeveranstaltung wurde bereits angedacht.\nAusblick\nDie nächste Konferenz folgt.")
    doc = rebuild_document("d", _chunks(text, size=400))
    ranked_for_its_context = _candidate(doc, "Eine Folgeveranstaltung wurde bereits angedacht.", 2.0, focus_own=0.0, focus_ctx=1.0)
    shape = compose(QuestionProfile(kinds={"open"}), [ranked_for_its_context], 4, 1.0)
    assert [p.text for p in shape.paragraphs] == ["Hervorgehoben wurde die Bedeutung der Zusammenarbeit beim Breitbandausbau.",
                                                  "Eine Folgeveranstaltung wurde bereits angedacht."]
    holding_it = _candidate(doc, "Eine Folgeveranstaltung wurde bereits angedacht.", 2.0, focus_own=1.0, focus_ctx=1.0)
    assert [p.text for p in compose(QuestionProfile(kinds={"open"}), [holding_it], 4, 1.0).paragraphs] == [
        "Eine Folgeveranstaltung wurde bereits angedacht."]
    # a sentence before the focus sentence, which the context features also read, does not open the answer
    text = ("Ergebnisse\nIm Zentrum stand die Strategie des Landes. Hervorgehoben wurde die Zusammenarbeit beim "
            "Breitbandausbau. Eine Folgeveranstaltung wurde bereits angedacht.")
    doc = rebuild_document("d", _chunks(text, size=400))
    ranked_for_its_context = _candidate(doc, "Eine Folgeveranstaltung wurde bereits angedacht.", 2.0, focus_own=0.0, focus_ctx=1.0)
    profile = QuestionProfile(kinds={"open"}, units=[(["breitbandausbau"], 1.0)], focus=[0])
    shape = compose(profile, [ranked_for_its_context], 4, 1.0, analyzer=GermanAnalyzer())
    assert [p.text for p in shape.paragraphs][:2] == ["Hervorgehoben wurde die Zusammenarbeit beim Breitbandausbau.",
                                                      "Eine Folgeveranstaltung wurde bereits angedacht."]


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
    # the last item ends the sentence the others run through: alone it says as little ('… gestatten.' – who, what?)
    last = _candidate(doc, "4. den elektronischen Zugriff auf den Inhalt der Akten gestatten.", 2.0, focus_own=1.0)
    shape = compose(QuestionProfile(kinds=set()), [last], 4, 1.0)
    assert [p.text for p in shape.paragraphs][0].startswith("Soweit ein Recht auf Akteneinsicht besteht")
    assert len(shape.items) == 4
    alone = ("Vorbemerkung zur Akteneinsicht.\n\nDie Behörden gewähren Akteneinsicht wie folgt:\n\n"
             "1. Sie stellen einen Aktenausdruck zur Verfügung.\n\n2. Sie geben die Dokumente auf einem Bildschirm wieder.")
    doc = rebuild_document("d", [StoredChunk("c0", alone, {"doc_id": "d", "start": 0, "end": len(alone)})])
    whole = _candidate(doc, "2. Sie geben die Dokumente auf einem Bildschirm wieder.", 2.0, focus_own=1.0)
    assert not compose(QuestionProfile(kinds=set()), [whole], 4, 1.0).items  # an item that is a sentence stands alone


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



def test_a_title_line_in_the_front_matter_is_a_heading_and_no_answer_of_its_own():
    text = "POSITIONSPAPIER\n\nKommunen fit machen\n\nStand: November 2016\n\nErgebnisse\n\nDie Konferenzen fanden statt.\n"
    units = document_units("d", text, {"Kommunen fit machen", "Ergebnisse"})
    kinds = {u.text: u.kind for u in units}
    assert kinds["POSITIONSPAPIER"] == "heading"  # the document's kind above its title
    assert kinds["Stand: November 2016"] == "record"  # a line with a number dates the document: it stays an answer
    doc = rebuild_document("d", [StoredChunk("c0", text, {"doc_id": "d", "start": 0, "end": len(text),
                                                                  "section": "Kommunen fit machen › Ergebnisse"})])
    title = next(i for i, u in enumerate(doc.units) if u.text == "POSITIONSPAPIER")
    sentence = next(i for i, u in enumerate(doc.units) if u.kind == "sentence")
    over_title = Candidate(doc.units[title], doc, title, 0, score=5.0)  # nothing below it but another heading
    plain = Candidate(doc.units[sentence], doc, sentence, 0, score=1.0)
    assert showable([over_title, plain]) == [plain]
    assert showable([over_title]) == [over_title]  # never an empty ranking


def test_the_sentence_before_a_unit_adds_to_its_cosine_never_takes_away():
    import numpy as np

    from assistant.answer.scoring import add_features

    class Lexical:
        analyzer = staticmethod(lambda text: set(text.lower().split()))

    doc = rebuild_document("d", _chunks(TEXT))
    lower, higher = _candidate(doc, "Ausrichter war Vitako.", 0.0), _candidate(doc, "30.09.2015 Stuttgart", 0.0)
    lower.passage = higher.passage = -1
    add_features(QuestionProfile(), [lower, higher], [], np.array([0.84, 0.80]), Lexical(), np.array([0.83, 0.86]))
    assert round(lower.features["cos_window"], 4) == 0.84 and round(higher.features["cos_window"], 4) == 0.86
