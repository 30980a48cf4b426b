"""Questions answered by the entries of a dated list: which came first, last or after another ('Wo fand die erste
Konferenz statt?'), which fall in a period ('im Oktober 2016'), when a named one was ('Wann war die Konferenz in Kiel?')."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.question import ASKS_DATE
from assistant.answer.scoring import document_terms
from assistant.core.german import MONTH_NAMES, MONTHS, QUESTION_WORDS, STOPWORDS, fold

# what a question asks of a series, by the words that ask for it (folded: umlauts as ae/oe/ue)
_ORDER_WORDS = {
    "first": r"\b(erste[nrms]?|allererste[nrms]?|zuerst|begann|startete|eroeffnete|auftakt|first|earliest|began|opened)\b",
    "last": r"\b(letzte[nrms]?|zuletzt|endete|schluss|last|latest|final|ended)\b",
    # 'the one after X' ('nächste' is left out: 'Wann ist die nächste Sitzung?' asks for the coming one)
    "next": r"\b(danach|darauf|folgte|after)\b",
}
_ORDER = re.compile("|".join(_ORDER_WORDS.values()), re.I)  # on the question as asked
_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MIN_ENTRIES = 3  # a dated list of at least this many entries is a series
SERIES_KINDS = {"place", "date", "list"}  # what an entry of a dated list answers: where, when, which one


def asked_order(question: str) -> list[str]:
    """The positions a question asks for in a series, in the order it asks them ('erste … letzte' -> first, last)."""
    folded = fold(question)
    found = [(m.start(), name) for name, pattern in _ORDER_WORDS.items() for m in [re.search(pattern, folded)] if m]
    return [name for _, name in sorted(found)]


def _date_key(text: str) -> tuple[int, int, int] | None:
    match = _DATE.search(text)
    return (int(match.group(3)), int(match.group(2)), int(match.group(1))) if match else None


def dated_series(doc, index: int) -> list[int]:
    """The entries of the list holding record `index`, earliest first, when every entry carries a full date; else []."""
    if doc.units[index].kind != "record":
        return []
    members = doc.group(index)
    keys = [_date_key(doc.units[i].text) for i in members]
    if len(members) < MIN_ENTRIES or any(k is None for k in keys):
        return []
    return [i for _, i in sorted(zip(keys, members))]


_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december")
_MONTH_NUMBER = {fold(name): i for name, i in MONTHS.items()} | {name: i for i, name in enumerate(_ENGLISH_MONTHS, start=1)}
_MONTH = "|".join(sorted({fold(m) for m in MONTH_NAMES} | set(_ENGLISH_MONTHS), key=len, reverse=True))  # full names
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\.\s?(?:(\d{{1,2}})\.|({_MONTH}))\s?((?:19|20)\d{{2}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\b(?:\s+((?:19|20)\d{{2}}))?")


def asked_period(question: str) -> tuple[int | None, int | None, int | None] | None:
    """The period a question names, as (year, month, day) with None where it names none: a full date ('am 2.11.2016',
    'am 2. November 2016'), a month with or without its year ('im Oktober 2016', 'in September'), or one year alone."""
    folded = fold(question)
    date = _DAY_MONTH_YEAR.search(folded)
    if date:
        day, number, name, year = date.groups()
        return int(year), int(number) if number else _MONTH_NUMBER[name], int(day)
    month = _MONTH_YEAR.search(folded)
    if month and (month.group(2) or month.group(1) not in {"mai", "may"}):
        # 'Mai' and 'may' count as a month only beside a year ('im Mai 2016'; 'may' is also a verb)
        return (int(month.group(2)) if month.group(2) else None), _MONTH_NUMBER[month.group(1)], None
    years = set(_YEAR.findall(question))
    return (int(years.pop()), None, None) if len(years) == 1 else None


def _period_label(period: tuple[int | None, int | None, int | None]) -> str:
    year, month, day = period
    if day:
        return f"{day:02d}.{month:02d}.{year}"
    if month:
        name = MONTH_NAMES[month - 1].capitalize()
        return f"{name} {year}" if year else name
    return str(year)


def entries_in_period(doc, members: list[int], question: str) -> tuple[list[int], str | None]:
    """The entries of a dated list from the period a question names ('Wie viele Konferenzen gab es 2015?', 'im Oktober
    2016', 'am 2. November 2016'), with that period's label; the whole list and None when the question names no period,
    the list is not dated, or the period holds none or all of its entries."""
    period = asked_period(question)
    if period is None or not members or not dated_series(doc, members[0]):
        return members, None
    wanted = [(part, at) for at, part in enumerate(period) if part is not None]
    inside = [i for i in members if all(_date_key(doc.units[i].text)[at] == part for part, at in wanted)]
    return (inside, _period_label(period)) if 0 < len(inside) < len(members) else (members, None)


def pick_in_series(series: list[int], asked: list[str], named: list[int]) -> list[int]:
    """The entries asked for: the earliest, the latest, or the one after an entry the question names (`named`, in
    series order); a question naming two or more entries asks which of those came first or last ('Kiel oder Brehna?')."""
    picked = []
    among = named if len(named) >= 2 else series
    for position in asked:
        if position == "first":
            picked.append(among[0])
        elif position == "last":
            picked.append(among[-1])
        elif position == "next" and named:
            after = series.index(named[0]) + 1
            if after < len(series):
                picked.append(series[after])
    return list(dict.fromkeys(picked))


def _moved_to_front(ranked: list, candidate, index: int) -> list:
    """The ranking with unit `index` of the candidate's document first; an entry that was not among the scored units
    stands in for the candidate found (it keeps the candidate's features)."""
    front = next((c for c in ranked if c.doc is candidate.doc and c.index == index), None)
    if front is None:
        front = replace(candidate, unit=candidate.doc.units[index], index=index, features=dict(candidate.features))
    return [front] + [c for c in ranked if c is not front]


def _series_in_reach(ranked: list, window: int, named: set[str] = frozenset(), analyzer=None) -> tuple[object, list[int]] | None:
    """The first of the top `window` units that is an entry of a dated list in the best unit's document (a list
    elsewhere answers another question), with that list's entries in date order; when none ranks that high, the first
    dated list of that document whose title holds a term the question names (`named`, as `analyzer` reads the title:
    'der Regionalkonferenzen' for the list 'Übersicht der Regionalkonferenzen', whose entries repeat none of the
    question's words); None when there is none."""
    for candidate in ranked[:window]:
        if candidate.doc is ranked[0].doc:
            series = dated_series(candidate.doc, candidate.index)
            if series:
                return candidate, series
    if not named or analyzer is None:
        return None
    best = ranked[0]
    for index, title, series in dated_lists(best.doc, analyzer):
        if named & title:
            return replace(best, unit=best.doc.units[index], index=index, features=dict(best.features)), series
    return None


def dated_lists(doc, analyzer) -> list[tuple[int, set[str], list[int]]]:
    """Every dated list of a document as (its first record, its title's terms, its entries in date order), cached on
    the document (like document_terms): questions look them up by title without reading the document again."""
    lists = getattr(doc, "_dated_lists", None)
    if lists is None:
        lists, seen = [], set()
        for index, unit in enumerate(doc.units):
            if unit.kind == "record" and unit.group >= 0 and unit.group not in seen:
                seen.add(unit.group)
                series = dated_series(doc, index)
                if series:
                    lists.append((index, set(analyzer(unit.title)), series))
        setattr(doc, "_dated_lists", lists)
    return lists


def prefer_series(profile, question: str, ranked: list, analyzer, window: int) -> tuple[list, list[int]]:
    """For a question about a position in a series: when a dated list of the best unit's document is among the top
    `window` units, the entries asked for (first, last, the one after a named entry) move to the front; returns the new
    ranking and those entries' indexes in their document (empty when nothing applies)."""
    asked = asked_order(question)
    # an entry answers which one, where or when; not how many, who else took part or what to do first
    if not asked or not ranked or not profile.kinds & SERIES_KINDS or profile.kinds & {"count", "person"}:
        return ranked, []
    found = _series_in_reach(ranked, window, set(analyzer(question)), analyzer)
    if found is None:
        return ranked, []
    candidate, series = found
    terms = {t for alternatives, _ in profile.units for t in alternatives}  # the question's and the turn before's
    named = [i for i in series if terms & set(analyzer(candidate.doc.units[i].text))]
    picked = pick_in_series(series, asked, named)
    return (_moved_to_front(ranked, candidate, picked[0]), picked) if picked else (ranked, [])


def held_by_series(question: str, doc, entry: int, lexical) -> bool:
    """The question names nothing that the dated list holding `entry` (its entries and title) or its document's title
    lacks, the words that ask for a position left aside: 'Wann war die erste Regionalkonferenz?' asks about the
    conference list as a whole; 'Wann war die erste Konferenz in Bayern?' names what it does not hold."""
    held = _list_terms(doc, dated_series(doc, entry), entry, lexical.analyzer)
    return not _unheld_nouns(_ORDER.sub(" ", question), held, lexical)


def _list_terms(doc, series: list[int], entry: int, analyzer) -> set[str]:
    """What a dated list holds: the terms of its entries, its title (that of `entry`) and its document's title."""
    return {t for i in series for t in analyzer(doc.units[i].text)} | set(analyzer(doc.units[entry].title)) \
        | document_terms(doc, analyzer)


def _unheld_nouns(question: str, held: set[str], lexical) -> bool:
    """True when the question names a thing (a noun: a capitalised word after the first; in a question written all in
    lower case, any word the documents know) that `held` lacks, spelling corrected; the words that ask for a date
    ('Tag', 'Datum') and the names of months name nothing."""
    analyzer = lexical.analyzer
    words = analyzer.words(question)
    lower = not any(w[:1].isupper() for w in words[1:])
    for raw in words[1:]:
        folded = fold(raw)
        if folded in STOPWORDS or folded in QUESTION_WORDS or ASKS_DATE.fullmatch(folded) or folded in _MONTH_NUMBER \
                or not (lower or raw[:1].isupper()):
            continue
        tokens = analyzer.analyze_word(raw)
        if not tokens:
            continue
        term = tokens[0] if lexical.known_token(tokens[0]) else lexical.correct(tokens[0])
        if term is None and lower:
            continue  # an unknown word in a lower-case question: a verb as often as a thing
        if term not in held:
            return True
    return False


def named_entry(profile, question: str, ranked: list, lexical, window: int) -> tuple[list, list[int]]:
    """'Wann tagte die Konferenz in Brehna?': a when-question naming exactly one entry of a dated list among the top
    `window` units (of the best unit's document), and no other thing that the entry, its list title or its document's
    title do not hold, is answered by that entry (its date); returns the new ranking and the entry's index (empty when
    nothing applies). 'Wann fand die in Schwerte angefragte Folgekonferenz statt?' names a thing the list does not hold."""
    if not ranked or not profile.wants("date") or profile.kinds & {"count", "person", "open"}:
        return ranked, []
    found = _series_in_reach(ranked, window, set(lexical.analyzer(question)), lexical.analyzer)
    if found is None:
        return ranked, []
    (candidate, series), analyzer = found, lexical.analyzer
    own = set(analyzer(question))
    terms = {t for alternatives, _ in profile.units for t in alternatives}  # with the turn before's ('Und wann war das?')
    entry_terms = {i: set(analyzer(candidate.doc.units[i].text)) for i in series}
    named = [i for i in series if own & entry_terms[i]] or [i for i in series if terms & entry_terms[i]]
    if len(named) != 1:
        return ranked, []
    entry = candidate.doc.units[named[0]]
    held = entry_terms[named[0]] | set(analyzer(entry.title)) | document_terms(candidate.doc, analyzer)
    if _unheld_nouns(question, held, lexical):
        return ranked, []
    return _moved_to_front(ranked, candidate, named[0]), named


def prefer_period(profile, question: str, ranked: list, lexical, window: int) -> tuple[list, list[int]]:
    """'Welche Stadt richtete im Oktober 2016 eine Konferenz aus?': a where- or which-question naming a month or a day
    that holds some but not all entries of a dated list among the top `window` units (of the best unit's document) is
    answered by those entries; returns the new ranking and the entries (empty when nothing applies). A which-question
    (not asking where), and any question naming a year alone, must name nothing that the list lacks: 'Welche
    Konferenzen fanden 2015 statt?' asks for the year's entries, 'Welche Themen wurden 2016 diskutiert?' does not."""
    period = asked_period(question)
    if not ranked or period is None or not profile.kinds & {"place", "list"} or profile.kinds & {"count", "person", "open"}:
        return ranked, []
    found = _series_in_reach(ranked, window, set(lexical.analyzer(question)), lexical.analyzer)
    if found is None:
        return ranked, []
    (candidate, series), analyzer = found, lexical.analyzer
    inside, label = entries_in_period(candidate.doc, series, question)
    if label is None:
        return ranked, []
    held = _list_terms(candidate.doc, series, candidate.index, analyzer)
    if (not profile.wants("place") or period[1] is None) and _unheld_nouns(question, held, lexical):
        return ranked, []
    return _moved_to_front(ranked, candidate, inside[0]), inside
