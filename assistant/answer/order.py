"""Order over a dated list: which entry came first, last, or right after another ('Wo fand die erste Konferenz statt?')."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.core.german import fold

# what a question asks of a series, by the words that ask for it (folded: umlauts as ae/oe/ue)
_ORDER_WORDS = {
    "first": r"\b(erste[nrms]?|allererste[nrms]?|zuerst|begann|startete|eroeffnete|auftakt|first|earliest|began|opened)\b",
    "last": r"\b(letzte[nrms]?|zuletzt|endete|schluss|last|latest|final|ended)\b",
    # 'the one after X' ('nächste' is left out: 'Wann ist die nächste Sitzung?' asks for the coming one)
    "next": r"\b(danach|darauf|folgte|after)\b",
}
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


def entries_of_year(doc, members: list[int], question: str) -> tuple[list[int], int | None]:
    """The entries of a dated list from the one year a question names ('Wie viele Konferenzen gab es 2015?'), with that
    year; the whole list and None when the question names no single year, the list is not dated, or the year holds
    none or all of its entries."""
    years = set(_YEAR.findall(question))
    if len(years) != 1 or not members or not dated_series(doc, members[0]):
        return members, None
    year = int(years.pop())
    of_year = [i for i in members if _date_key(doc.units[i].text)[0] == year]
    return (of_year, year) if 0 < len(of_year) < len(members) else (members, None)


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


def prefer_series(profile, question: str, ranked: list, analyzer, window: int) -> tuple[list, list[int]]:
    """For a question about a position in a series: when a dated list of the best unit's document is among the top
    `window` units, the entries asked for (first, last, the one after a named entry) move to the front; returns the new
    ranking and those entries' indexes in their document (empty when nothing applies)."""
    asked = asked_order(question)
    # an entry answers which one, where or when; not how many, who else took part or what to do first
    if not asked or not ranked or not profile.kinds & SERIES_KINDS or profile.kinds & {"count", "person"}:
        return ranked, []
    terms = {t for alternatives, _ in profile.units for t in alternatives}  # the question's and the turn before's
    for candidate in ranked[:window]:
        if candidate.doc is not ranked[0].doc:  # the series must belong to the document the best unit is from
            continue
        series = dated_series(candidate.doc, candidate.index)
        if not series:
            continue
        named = [i for i in series if terms & set(analyzer(candidate.doc.units[i].text))]
        picked = pick_in_series(series, asked, named)
        if not picked:
            return ranked, []
        front = next((c for c in ranked if c.doc is candidate.doc and c.index == picked[0]), None)
        if front is None:  # the entry asked for was not among the scored units: it stands in for the one found
            front = replace(candidate, unit=candidate.doc.units[picked[0]], index=picked[0], features=dict(candidate.features))
        return [front] + [c for c in ranked if c is not front], picked
    return ranked, []
