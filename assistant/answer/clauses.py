"""Long legal sentences shown as the clause that answers: the part holding the question's words and the asked value."""

from __future__ import annotations

import re

from assistant.answer.answer_types import VALUE_KINDS, type_match
from assistant.answer.question import QuestionProfile

LONG_SENTENCE = 300  # characters: a sentence longer than this is shown as its answering clause (the citation keeps it all)
MAX_CLAUSE = 240  # characters a shown clause may have at most
# where a clause may begin: after a semicolon, a comma or a colon, or before an enumeration mark ('a) ', '2. ')
_CUT = re.compile(r"(?<=[;,:])\s+|\s+(?=(?:[a-z]\)|\d{1,2}\.)\s)")


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans of the pieces between clause boundaries."""
    spans, start = [], 0
    for m in _CUT.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _covered(profile: QuestionProfile, tokens: set[str]) -> frozenset[int]:
    """Indexes of the question's units found among the tokens."""
    return frozenset(i for i, (alternatives, _) in enumerate(profile.units) if any(t in tokens for t in alternatives))


def answering_clause(text: str, profile: QuestionProfile, analyzer) -> str:
    """For a date, number or name question: the shortest run of clauses of a long sentence that holds the asked value
    and every question word the sentence holds, with the clauses after it up to MAX_CLAUSE characters. The sentence
    itself when it is short, when the question asks for something else (a list, a count, an overview, an explanation),
    or when no run of at most MAX_CLAUSE characters holds all that."""
    if len(text) <= LONG_SENTENCE or profile.kinds & {"list", "count", "open", "signing"}:
        return text
    spans = _segments(text)
    if len(spans) < 2:
        return text
    # only a question for a value (a date, an amount, a name) is cut: the clause can be checked to hold that value,
    # while the answer to any other question may lie in a clause that shares no word with it
    if not (profile.kinds & VALUE_KINDS) or type_match(profile.kinds, text) < 1.0:
        return text
    found = [_covered(profile, analyzer(text[a:b])) for a, b in spans]  # each clause analysed once
    wanted = frozenset().union(*found)
    best: tuple[int, int] | None = None
    for i in range(len(spans)):
        covered: frozenset[int] = frozenset()
        for j in range(i, len(spans)):
            start, end = spans[i][0], spans[j][1]
            if end - start > MAX_CLAUSE:
                break
            covered |= found[j]
            if covered >= wanted and type_match(profile.kinds, text[start:end]) >= 1.0:
                if best is None or end - start < best[1] - best[0]:
                    best = (start, end)
                break  # a longer run from the same start is no better
    if best is None:
        return text
    start, end = best
    # the answer tends to follow the words that match the question ('… ist zu richten an: Der Regierende Bürgermeister'):
    # the clauses after the run join it up to MAX_CLAUSE; one that announces with a colon must keep what follows
    for seg_start, seg_end in spans:
        if seg_start < end:
            continue
        if seg_end - start > MAX_CLAUSE:
            if text[:end].rstrip().endswith(":"):
                return text
            break
        end = seg_end
    clause = text[start:end].rstrip(" ,;:")
    return ("… " if start > 0 else "") + clause + (" …" if end < len(text.rstrip()) and not clause.endswith(".") else "")
