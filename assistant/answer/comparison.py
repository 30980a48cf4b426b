"""Questions about two documents at once: which documents a question names, and an answer that quotes each of them."""

from __future__ import annotations

import re
from collections import Counter

from assistant.answer.question import QuestionProfile
from assistant.answer.scoring import Candidate, document_terms
from assistant.core.german import fold

# words that compare or join two things ('EGovG oder OZG', 'sowohl … als auch', 'stimmen … überein', 'älter')
COMPARING = re.compile(
    r"\b(oder|sowohl|beide[nrs]?|gegenueber|vergleich\w*|unterschied\w*|unterscheid\w*|gleich\w*|derselbe|dieselbe|dasselbe|"
    r"ueberein\w*|abweich\w*|hoeher|niedriger|aelter|juenger|frueher|spaeter|zuerst|both|either|compare\w*|differ\w*|same|"
    r"than|whereas|older|earlier|later|higher|lower)\b")


def named_documents(profile: QuestionProfile, ranked: list[Candidate], analyzer) -> list:
    """The documents among the candidates' that the question names by a term of their title, issuer or kind that no
    other candidate document's holds ('EGovG', 'Positionspapier', 'CityLAB'), in ranking order."""
    docs = list({id(c.doc): c.doc for c in ranked}.values())
    terms = {id(d): document_terms(d, analyzer) for d in docs}
    spread = Counter(t for d in docs for t in terms[id(d)])
    asked = {t for alternatives, _ in profile.units for t in alternatives}
    return [d for d in docs if any(spread[t] == 1 for t in terms[id(d)] & asked)]


def compares(profile: QuestionProfile, ranked: list[Candidate], analyzer) -> list:
    """The documents a comparing question names (two or more), else an empty list: only a question that compares
    or joins two things quotes more than one document side by side."""
    if not COMPARING.search(fold(profile.text)):
        return []
    named = named_documents(profile, ranked, analyzer)
    return named if len(named) >= 2 else []
