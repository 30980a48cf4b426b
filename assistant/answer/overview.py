"""Questions about a whole document ('Worum geht es im OZG?', 'Von wann ist das Papier?'): its opening or its date lines."""

from __future__ import annotations

import re

from assistant.answer.answer_types import FULL_DATE
from assistant.answer.compose import Shape, unit_piece
from assistant.answer.question import MIN_PART, OPEN_WORDS, QuestionProfile
from assistant.answer.scoring import document_terms, title_terms
from assistant.answer.units import Unit
from assistant.core.german import ENGLISH_QUESTION, QUESTION_WORDS, STOPWORDS, fold, without_english_function_words

_QUOTE_MARKS = "\"„“”'‚‘»«"
_SECTION_NUMBER = re.compile(r"§|\b(?!(19|20)\d\d\b)\d+\b")  # '§ 7', 'Nummer 2': a part of a document, not the whole
_OPEN = re.compile(OPEN_WORDS)
# asking for the date a document bears, not for a date it sets ('Seit wann gilt …', 'Bis wann …'; folded text)
_DATED = re.compile(r"\b(von wann|aus welchem jahr|welches datum|datiert|veroeffentlicht|erschienen|herausgegeben|"
                    r"unterzeichnet|unterschrieben|ausgefertigt|verabschiedet|beschlossen|published|issued|dated|signed)\b")
DATE_LINES = 15  # a document without a signature block is dated by a full date among its first units


def _named_words(question: str, english: bool = False) -> list[str]:
    """The words that name things: the capitalised words after the first (nouns and names, as German writes them), or
    in an English question every word but function words ('What is the OZG about?' -> OZG); without the words that
    make the question open or ask for a date ('Überblick', 'published')."""
    words = re.findall(r"[\wÄÖÜäöüß][\wÄÖÜäöüß'-]*", without_english_function_words(question) if english else question)
    if english:
        named = [w.removesuffix("'s") for w in words if fold(w) not in STOPWORDS and fold(w) not in QUESTION_WORDS]
    else:
        named = [w for w in words[1:] if w[:1].isupper()]
    return [w for w in named if not _OPEN.search(fold(w)) and not _DATED.search(fold(w))]


def _covered(word: str, terms: set[str], analyzer) -> bool:
    """A title holds the word: as a whole, or every part of it that is evidence of its own ('E-Government-Gesetz',
    'Förderrichtlinie' in 'Richtlinie …' and 'Förderrichtlinie …'); one part alone names nothing ('Gesetz' stands in
    every law's title, 'Datenschutzgesetz' is none of them)."""
    tokens = analyzer(word)
    if not tokens:
        return False
    parts = [t for t in (tokens if "-" in word else tokens[1:]) if len(t) >= MIN_PART]
    return tokens[0] in terms or (bool(parts) and all(t in terms for t in parts))


def _names(doc, named: list[str], analyzer) -> bool:
    """The words name this document: each lies in its title, kind or issuer, and one in its title or kind ('das Papier
    von Vitako und Stadt Köln'; 'Köln' alone is the city)."""
    own, every = title_terms(doc, analyzer), document_terms(doc, analyzer)
    return all(_covered(w, every, analyzer) for w in named) and any(_covered(w, own, analyzer) for w in named)


def asked_document(profile: QuestionProfile, question: str, candidates: list, analyzer, kind: str = "open") -> object | None:
    """The one document a question asks about as a whole: an open one ('Worum geht es im OZG?', 'Gib mir einen
    Überblick über das Positionspapier') or, with `kind` 'date', one asking when it was written, published or signed
    ('Von wann ist das Positionspapier?'). Every noun and name the question uses names that document and no other
    candidate document, and it names no part of a document (no paragraph or section number). None when it asks about
    something inside a document ('Was sagt das Papier über Breitband?', 'Worum ging es in Köln?', 'Seit wann gilt …')."""
    if not profile.wants(kind) or _SECTION_NUMBER.search(question):
        return None
    if kind == "date" and (not _DATED.search(fold(question)) or profile.kinds & {"open", "number", "person", "count", "list"}):
        return None
    named = _named_words(question, profile.english >= ENGLISH_QUESTION)
    if not named:
        return None
    docs = list({id(c.doc): c.doc for c in candidates}.values())
    holding = [d for d in docs if _names(d, named, analyzer)]
    return holding[0] if len(holding) == 1 else None


def dated_lines(doc, within: int = DATE_LINES) -> list[int]:
    """The lines that date a document: its signature block (place and date, offices, names), else the first of its
    first `within` units that holds a full date ('Ausfertigungsdatum: 14.08.2017'); empty when there is none."""
    block = next((i for i, u in enumerate(doc.units) if u.signature), None)
    if block is not None:
        return doc.group(block)
    return next(([i] for i, u in enumerate(doc.units[:within]) if FULL_DATE.search(u.text)), [])


def _running(unit: Unit) -> bool:
    """A sentence of the text once it has begun: six words or more, not a question; quoted words may open it
    ('„Digital geht nicht mehr weg“ – …')."""
    text = unit.text.strip()
    return unit.kind in ("sentence", "slide") and len(text.split()) >= 6 and not text.endswith("?")


def _prose(unit: Unit) -> bool:
    """A sentence that can begin a document's text: running text that is not quoted speech (an epigraph) and does not
    announce what follows."""
    return _running(unit) and unit.text.strip()[:1] not in _QUOTE_MARKS and not unit.opens_list()


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


def dated(doc) -> Shape:
    """The answer to 'Von wann ist X?': the lines that date the document, each with its citation."""
    return Shape(paragraphs=[unit_piece(doc, i) for i in dated_lines(doc)])
