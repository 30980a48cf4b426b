"""Questions about a whole document ('Worum geht es im OZG?'): its title line and the opening of its text."""

from __future__ import annotations

import re

from assistant.answer.compose import Shape, unit_piece
from assistant.answer.question import MIN_PART, OPEN_WORDS, QuestionProfile
from assistant.answer.scoring import document_terms
from assistant.answer.units import Unit
from assistant.core.german import fold

_QUOTE_MARKS = "\"„“”'‚‘»«"
_SECTION_NUMBER = re.compile(r"§|\b(?!(19|20)\d\d\b)\d+\b")  # '§ 7', 'Nummer 2': a part of a document, not the whole
_OPEN = re.compile(OPEN_WORDS)


def _named_words(question: str) -> list[str]:
    """The capitalised words after the first (nouns and names, as German and English write them), without the words
    that make the question open ('Überblick')."""
    words = re.findall(r"[\wÄÖÜäöüß][\wÄÖÜäöüß-]*", question)[1:]
    return [w for w in words if w[:1].isupper() and not _OPEN.search(fold(w))]


def _covered(word: str, terms: set[str], analyzer) -> bool:
    """A title holds the word: as a whole, or every part of it that is evidence of its own ('E-Government-Gesetz',
    'Förderrichtlinie' in 'Richtlinie …' and 'Förderrichtlinie …'); one part alone names nothing ('Gesetz' stands in
    every law's title, 'Datenschutzgesetz' is none of them)."""
    tokens = analyzer(word)
    if not tokens:
        return False
    parts = [t for t in (tokens if "-" in word else tokens[1:]) if len(t) >= MIN_PART]
    return tokens[0] in terms or (bool(parts) and all(t in terms for t in parts))


def asked_document(profile: QuestionProfile, question: str, candidates: list, analyzer) -> object | None:
    """The one document an open question asks about as a whole ('Worum geht es im OZG?', 'Gib mir einen Überblick über
    das Positionspapier'): every noun and name it uses lies in that document's title, issuer or kind, and in no other
    candidate document's, and it names no part of a document (no paragraph or section number). None when it asks
    about something inside a document ('Was sagt das Papier über Breitband?', 'Worum ging es in Kiel?')."""
    if not profile.wants("open") or _SECTION_NUMBER.search(question):
        return None
    named = _named_words(question)
    if not named:
        return None
    docs = list({id(c.doc): c.doc for c in candidates}.values())
    holding = [d for d in docs if all(_covered(w, document_terms(d, analyzer), analyzer) for w in named)]
    return holding[0] if len(holding) == 1 else None


def _prose(unit: Unit) -> bool:
    """A sentence of running text: six words or more, not quoted speech (an epigraph), not a question, not a line
    that announces what follows."""
    text = unit.text.strip()
    return (unit.kind in ("sentence", "slide") and len(text.split()) >= 6 and text[:1] not in _QUOTE_MARKS
            and not text.endswith("?") and not unit.opens_list())


def _running(unit: Unit) -> bool:
    """A sentence of the text once it has begun: quoted words may open it ('„Digital geht nicht mehr weg“ – …')."""
    text = unit.text.strip()
    return unit.kind in ("sentence", "slide") and len(text.split()) >= 6 and not text.endswith("?")


def opening(doc, sentences: int) -> list[int]:
    """The units that open a document: its title line (a first line of five words or more that is no heading), then
    the first `sentences` sentences of running text from the first section that begins with one on (laws and
    guidelines state their scope and purpose there, papers and strategies their subject; an epigraph of quotes or a
    section of headings alone is passed over)."""
    units = doc.units
    lead = [0] if units and units[0].kind == "record" and len(units[0].text.split()) >= 5 else []
    start = next((i for i, u in enumerate(units) if (i == 0 or units[i - 1].kind == "heading") and _prose(u)), None)
    if start is None:
        return lead
    body = [i for i in range(start, min(len(units), start + 4 * sentences)) if _running(units[i])][:sentences]
    return lead + [i for i in body if i not in lead]


def overview(doc, sentences: int) -> Shape:
    """The answer to a question about a whole document: its opening, each line with its citation."""
    return Shape(paragraphs=[unit_piece(doc, i) for i in opening(doc, sentences)])
