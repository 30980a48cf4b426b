"""Questions about a position in a dated list: which entry came first, last, or after a named one."""

from assistant.answer.documents import rebuild_document
from assistant.answer.order import asked_order, dated_series, prefer_series
from assistant.answer.question import QuestionProfile
from assistant.core.german import GermanAnalyzer
from tests.unit.sample_document import TEXT, candidate, chunks

# the list out of date order: the earliest entry is not the first line
UNORDERED = TEXT.replace("30.09.2015 Stuttgart\n08.10.2015 Delmenhorst", "08.10.2015 Delmenhorst\n30.09.2015 Stuttgart")


def _ranked(text=UNORDERED):
    doc = rebuild_document("d", chunks(text, size=400))
    return [candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 3.0),
            candidate(doc, "19.10.2015 Köln", 1.0), candidate(doc, "Ausrichter war Vitako.", 0.5)]


def _profile(question, kinds, *terms):
    return QuestionProfile(text=question, kinds=set(kinds), units=[([t], 1.0) for t in terms])


def _texts(ranked, entries):
    return ranked[0].unit.text, [ranked[0].doc.units[i].text for i in entries]


def test_the_positions_a_question_asks_for_in_the_order_it_asks_them():
    assert asked_order("Welche Station war die erste und welche die letzte?") == ["first", "last"]
    assert asked_order("Mit welcher Stadt begann die Reihe?") == ["first"]
    assert asked_order("Which conference came first?") == ["first"]
    assert asked_order("Welche Konferenz folgte auf die in Köln?") == ["next"]
    assert asked_order("Wann ist die nächste Sitzung?") == []  # the coming one, not the one after another
    assert asked_order("Wo fand die Konferenz in Kiel statt?") == []


def test_a_dated_list_is_ordered_by_its_dates_and_other_units_are_no_series():
    doc = _ranked()[1].doc
    series = dated_series(doc, _ranked()[1].index)
    assert [doc.units[i].text for i in series] == ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst", "19.10.2015 Köln"]
    assert dated_series(doc, _ranked()[0].index) == []  # a sentence
    signature = next(i for i, u in enumerate(doc.units) if u.signature)
    assert dated_series(doc, signature) == []  # a block without a date on every line


def test_the_earliest_the_latest_and_the_entry_after_a_named_one_answer():
    analyzer, ranked = GermanAnalyzer(), _ranked()
    first, entries = prefer_series(_profile("Wo fand die erste Konferenz statt?", {"place"}, "konferenz"),
                                   "Wo fand die erste Konferenz statt?", ranked, analyzer, 15)
    assert _texts(first, entries) == ("30.09.2015 Stuttgart", ["30.09.2015 Stuttgart"])  # by date, not by line
    question = "Welche Station war die erste und welche die letzte?"
    both, entries = prefer_series(_profile(question, {"list"}, "station"), question, ranked, analyzer, 15)
    assert _texts(both, entries)[1] == ["30.09.2015 Stuttgart", "19.10.2015 Köln"]
    question = "Welche Konferenz war zuerst, Köln oder Delmenhorst?"  # of the two named, not of the whole list
    among, entries = prefer_series(_profile(question, {"list"}, "koln", "delmenhorst"), question, ranked, analyzer, 15)
    assert _texts(among, entries)[1] == ["08.10.2015 Delmenhorst"]
    question = "Welche Konferenz folgte auf die in Delmenhorst?"
    after, entries = prefer_series(_profile(question, {"list"}, "delmenhorst"), question, ranked, analyzer, 15)
    assert _texts(after, entries)[1] == ["19.10.2015 Köln"]


def test_a_list_the_question_names_by_its_title_answers_though_no_entry_ranks_high():
    analyzer, ranked = GermanAnalyzer(), _ranked()
    question = "Wo fand die erste der Regionalkonferenzen statt?"  # the entries repeat no word of it
    first, entries = prefer_series(_profile(question, {"place"}, "regionalkonferenz"), question, ranked, analyzer, 1)
    assert _texts(first, entries) == ("30.09.2015 Stuttgart", ["30.09.2015 Stuttgart"])
    question = "Wo fand die erste Veranstaltung statt?"  # names nothing the list's title holds
    assert prefer_series(_profile(question, {"place"}, "veranstaltung"), question, ranked, analyzer, 1) == (ranked, [])


def test_questions_an_entry_does_not_answer_keep_their_ranking():
    analyzer, ranked = GermanAnalyzer(), _ranked()
    for question, kinds in (("Was sollen Kommunen zuerst tun?", set()),  # no entry is asked for
                            ("Wer richtete die letzte Konferenz aus?", {"person"}),  # the entry names no organiser
                            ("Wie viele Konferenzen gab es zuerst?", {"count", "number"}),
                            ("Welche Konferenz folgte danach?", {"list"})):  # after which? none is named
        kept, entries = prefer_series(_profile(question, kinds, "konferenz"), question, ranked, analyzer, 15)
        assert kept == ranked and entries == []


def test_a_count_or_list_question_naming_a_period_gets_that_periods_entries():
    from assistant.answer.compose import compose
    from assistant.answer.order import entries_in_period

    doc = rebuild_document("d", chunks(UNORDERED.replace("19.10.2015 Köln", "19.10.2016 Köln"), size=400))
    members = doc.group(next(i for i, u in enumerate(doc.units) if u.text == "19.10.2016 Köln"))
    texts = lambda entries: [doc.units[i].text for i in entries]  # noqa: E731
    entries, period = entries_in_period(doc, members, "Wie viele Konferenzen gab es 2016?")
    assert (texts(entries), period) == (["19.10.2016 Köln"], "2016")
    assert texts(entries_in_period(doc, members, "Welche Konferenzen fanden 2015 statt?")[0]) == [
        "08.10.2015 Delmenhorst", "30.09.2015 Stuttgart"]
    assert entries_in_period(doc, members, "Welche Konferenz war im September 2015?") == (
        [next(i for i in members if doc.units[i].text == "30.09.2015 Stuttgart")], "September 2015")
    assert texts(entries_in_period(doc, members, "Which conference took place in October 2015?")[0]) == ["08.10.2015 Delmenhorst"]
    assert texts(entries_in_period(doc, members, "Wo war man am 8. Oktober 2015?")[0]) == ["08.10.2015 Delmenhorst"]
    assert entries_in_period(doc, members, "Wo war man am 08.10.2015?")[1] == "08.10.2015"
    for question in ("Wie viele Konferenzen gab es?", "Wie viele gab es 2017?", "Wie viele gab es 2015 und 2016?",
                     "Welche gab es im März?", "Was may the list say?"):
        assert entries_in_period(doc, members, question) == (members, None)  # no period that holds some entries
    best = candidate(doc, "19.10.2016 Köln", 1.0)
    shape = compose(_profile("Wie viele Konferenzen gab es 2015?", {"count", "number"}, "konferenz"), [best], 3, 0.5)
    assert shape.paragraphs[0].text == "Die Liste in den Unterlagen nennt für 2015 2 Einträge:"
    assert [p.text for p in shape.items] == ["08.10.2015 Delmenhorst", "30.09.2015 Stuttgart"]
    shape = compose(_profile("Wie viele Konferenzen gab es im Oktober 2016?", {"count", "number"}, "konferenz"), [best], 3, 0.5)
    assert shape.paragraphs[0].text == "Die Liste in den Unterlagen nennt für Oktober 2016 einen Eintrag:"


def test_a_where_or_which_question_naming_a_month_is_answered_by_that_months_entries():
    from assistant.answer.order import prefer_period

    ranked = _ranked()
    lexical = _Lexical({"stadt", "konferenz", "regionalkonferenz", "them"})
    october = ["08.10.2015 Delmenhorst", "19.10.2015 Köln"]
    for question, kinds, expected in (("Welche Stadt richtete im Oktober 2015 eine Konferenz aus?", {"place", "list"}, october),
                                      ("Which city hosted a conference in September 2015?", {"place", "list"},
                                       ["30.09.2015 Stuttgart"]),
                                      ("Welche Regionalkonferenz war im Oktober 2015?", {"list"}, october)):
        moved, entries = prefer_period(_profile(question, kinds, "konferenz"), question, ranked, lexical, 15)
        assert _texts(moved, entries) == (expected[0], expected), question
    for question, kinds in (("Welche Themen wurden im Oktober 2015 besprochen?", {"list"}),  # the list holds no themes
                            ("Welche Städte waren 2015 Gastgeber?", {"place", "list"}),  # 2015 holds every entry
                            ("Wann war die Konferenz im Oktober 2015?", {"date"}),
                            ("Wie viele Konferenzen gab es im Oktober 2015?", {"count", "number"})):
        assert prefer_period(_profile(question, kinds, "konferenz"), question, ranked, lexical, 15) == (ranked, []), question
    # a year alone answers when the question names nothing the list lacks
    doc = rebuild_document("d", chunks(UNORDERED.replace("19.10.2015 Köln", "19.10.2016 Köln"), size=400))
    ranked = [candidate(doc, "Die Konferenzen fanden in ganz Deutschland statt.", 3.0), candidate(doc, "19.10.2016 Köln", 1.0)]
    question = "Welche Regionalkonferenzen fanden 2015 statt?"
    moved, entries = prefer_period(_profile(question, {"list"}, "regionalkonferenz"), question, ranked, lexical, 15)
    assert _texts(moved, entries)[1] == ["30.09.2015 Stuttgart", "08.10.2015 Delmenhorst"]
    for question in ("Welche Themen wurden 2015 besprochen?", "Welche Städte waren 2016 Gastgeber?"):
        assert prefer_period(_profile(question, {"list"}, "konferenz"), question, ranked, lexical, 15) == (ranked, []), question


class _Lexical:
    """The lexical index's word knowledge, for a handful of words: a German analyzer, known tokens, no corrections."""

    def __init__(self, known: set[str]):
        self.analyzer, self._known = GermanAnalyzer(), known

    def known_token(self, token: str) -> bool:
        return token in self._known

    def correct(self, token: str) -> str | None:
        return None


def test_a_when_question_naming_one_entry_and_nothing_the_list_lacks_is_answered_by_it():
    from assistant.answer.order import named_entry

    ranked = _ranked()
    lexical = _Lexical({"regionalkonferenz", "konferenz", "delmenhorst", "koln", "folgekonferenz", "stadtrat", "sitzung"})
    question = "An welchem Tag tagte die Regionalkonferenz in Delmenhorst?"  # 'Tag' asks for the date, 'tagte' is a verb
    moved, entries = named_entry(_profile(question, {"date"}, "regionalkonferenz", "delmenhorst"), question, ranked, lexical, 15)
    assert _texts(moved, entries) == ("08.10.2015 Delmenhorst", ["08.10.2015 Delmenhorst"])
    lower = "wann war die regionalkonferenz in delmenhorst"  # all lower case: every word the documents know must be held
    assert named_entry(_profile(lower, {"date"}, "regionalkonferenz", "delmenhorst"), lower, ranked, lexical, 15)[1]
    for question, terms in (("Wann fand die in Delmenhorst angefragte Folgekonferenz statt?", ("delmenhorst", "folgekonferenz")),
                            ("wann tagt der stadtrat in köln", ("stadtrat", "koln")),  # a thing the list does not hold
                            ("Wann tagte die Konferenz in Köln oder in Delmenhorst?", ("koln", "delmenhorst")),  # two
                            ("Wann war die Konferenz?", ("konferenz",))):  # no entry named
        profile = _profile(question, {"date"}, *terms)
        assert named_entry(profile, question, ranked, lexical, 15) == (ranked, []), question
    question = "Wo tagte die Regionalkonferenz in Delmenhorst?"  # no date asked
    assert named_entry(_profile(question, {"place"}, "delmenhorst"), question, ranked, lexical, 15) == (ranked, [])


def test_an_order_question_naming_only_what_the_list_holds_is_held_by_the_series():
    from assistant.answer.order import held_by_series

    ranked = _ranked()
    doc, entry = ranked[1].doc, ranked[1].index
    lexical = _Lexical({"regionalkonferenz", "konferenz", "bayern", "stadtrat"})
    assert held_by_series("Wann war die erste Regionalkonferenz?", doc, entry, lexical)
    assert held_by_series("wann war die erste regionalkonferenz", doc, entry, lexical)
    assert not held_by_series("Wann war die erste Konferenz in Bayern?", doc, entry, lexical)  # the list names no Bayern
    assert not held_by_series("Wann tagte der Stadtrat zuerst?", doc, entry, lexical)
