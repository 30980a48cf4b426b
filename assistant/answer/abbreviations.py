"""Questions for what an abbreviation stands for ('Wofür steht ERechV?'): the unit that spells it out answers."""

from __future__ import annotations

import re

from assistant.answer.scoring import Candidate, to_front
from assistant.core.german import QUESTION_WORDS, STOPWORDS, fold

# asking what a short form means (folded text)
ASKS_EXPANSION = re.compile(
    r"\b(wofuer steht|fuer was steht|was steht .* fuer|was bedeutet|was heisst|was meint|bedeutung|abkuerzung|ausgeschrieben|"
    r"langform|what does .* (stand for|mean)|stands? for|short for|abbreviation|meaning of)\b")
# a short form: a word with two capitals or more ('OZG', 'ERechV', 'SächsISichG', 'DiOS', 'SAB')
_SHORT_FORM = re.compile(r"\b[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*[A-ZÄÖÜ][A-Za-zÄÖÜäöüß0-9]*\b")
_FRAME = {"die", "der", "das", "eigentlich", "genau", "denn", "abkuerzung", "kuerzel", "ausgeschrieben", "the", "does", "do",
          "what", "mean", "stand", "for"}


def asked_short_form(question: str) -> str | None:
    """The short form a question asks to spell out, when it asks about nothing else: 'Wofür steht ERechV?',
    'Was bedeutet OZG?', 'What does DiOS stand for?' – not 'Was bedeutet die XRechnung für Kommunen?'."""
    folded = fold(question)
    if not ASKS_EXPANSION.search(folded):
        return None
    forms = _SHORT_FORM.findall(question)
    if len(forms) != 1:
        return None
    rest = re.findall(r"[a-z0-9]+", ASKS_EXPANSION.sub(" ", folded).replace(fold(forms[0]), " "))
    return forms[0] if all(w in STOPWORDS or w in QUESTION_WORDS or w in _FRAME for w in rest) else None


def spells_out(text: str, short: str) -> bool:
    """The text gives the long form of `short`: 'Onlinezugangsgesetz (… OZG)', 'Sächsische Aufbaubank – Förderbank –
    (SAB)' (two words or more before the brackets), or 'SAB (Sächsische Aufbaubank)'."""
    form = re.escape(short)
    before = re.search(rf"(\S+\s+\S+[^()]*)\([^()]*(?<![\w-]){form}(?![\w-])[^()]*\)", text)
    after = re.search(rf"(?<![\w-]){form}\s*\(([^()]{{8,}})\)", text)
    return bool(before or after)


def prefer_spelled_out(ranked: list[Candidate], short: str | None) -> tuple[list[Candidate], bool]:
    """The best-ranked unit that spells the asked short form out moves to the front (True when there is one)."""
    if not short:
        return ranked, False
    for i, candidate in enumerate(ranked):
        if spells_out(candidate.unit.text, short):
            return to_front(ranked, i), True
    return ranked, False
