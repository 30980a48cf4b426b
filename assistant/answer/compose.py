"""Shape an extractive answer by question kind: a fact, a whole list (with its count), or a coherent excerpt."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.handover import announces, shown_units
from assistant.answer.order import entries_in_period
from assistant.answer.prompts import COUNT_LINE, COUNT_LINE_IN_PERIOD, COUNT_LINE_IN_PERIOD_ONE
from assistant.answer.question import QuestionProfile
from assistant.answer.scoring import CONTEXT_UNITS_BEFORE, Candidate
from assistant.answer.units import Unit

MAX_LIST_ITEMS = 25
NEAR_CHARS = 600  # a runner-up sentence must lie this close to the best unit
COMPARED_WINDOW = 5  # a compared document's best units among which one holding the asked value is preferred


@dataclass
class Piece:
    """One line of the answer: a unit quoted from a document (or a line derived from quoted units)."""

    unit: Unit | None
    doc: object
    text: str
    derived: bool = False  # e.g. the count of a quoted list; checked against the list, not a passage
    context: bool = False  # quoted around the best sentence for context, not chosen as an answer


@dataclass
class Shape:
    """The answer's structure before citations are numbered."""

    paragraphs: list[Piece] = field(default_factory=list)
    list_title: str = ""
    items: list[Piece] = field(default_factory=list)
    also: list[Piece] = field(default_factory=list)  # other places that may answer it, when the ranking is close

    def pieces(self) -> list[Piece]:
        """Every quoted piece of the answer."""
        return self.paragraphs + self.items + self.also


_BULLET_GLYPH = re.compile(r"^\s*(?:[•›▪◦]\s*|[-*–]\s+)(?=\S)")  # a list marker (not an enumeration: '1.' and 'a)' are kept)


def unit_piece(doc, index: int) -> Piece:
    """A unit as one line of the answer, without the bullet its document put before it (the answer shows lists as
    lists: '- •Zuwendungsantrag' and '- * Mobilitätsstationen' showed two markers)."""
    unit = doc.units[index]
    return Piece(unit, doc, _BULLET_GLYPH.sub("", unit.text, count=1))


def _list_answer(best: Candidate, profile: QuestionProfile) -> Shape | None:
    """All records of the best unit's list (an announcing line hands over to the list below it)."""
    doc, index = best.doc, best.index
    if best.unit.kind != "record":
        following = doc.following(index, 1)
        if not following or doc.units[following[0]].kind != "record":
            return None
        index = following[0]
    members = doc.group(index)
    if len(members) < 2:
        return None
    shape = Shape(list_title=doc.units[members[0]].title)
    members, period = entries_in_period(doc, members, profile.text)  # 'Wie viele Konferenzen gab es 2015?': that year's
    shape.items = [unit_piece(doc, i) for i in members[:MAX_LIST_ITEMS]]
    if profile.wants("count"):
        line = (COUNT_LINE_IN_PERIOD_ONE if len(members) == 1 else COUNT_LINE_IN_PERIOD).format(period=period, n=len(members)) \
            if period else COUNT_LINE.format(n=len(members))
        shape.paragraphs.append(Piece(None, doc, line, derived=True))
    return shape


def entries_answer(doc, entries: list[int]) -> Shape:
    """The entries of a list a question about their order asks for ('die erste und die letzte'), each on its own line."""
    return Shape(paragraphs=[unit_piece(doc, i) for i in entries])


def _handover(best: Candidate, counting: bool = False) -> Shape | None:
    """A heading or an announcing sentence answers with the text right below it."""
    shown = shown_units(best.doc, best.index, counting)
    if shown == [best.index]:
        return None
    return Shape(paragraphs=[unit_piece(best.doc, i) for i in shown])


def _excerpt(best: Candidate, sentences: int, profile: QuestionProfile | None = None, analyzer=None) -> Shape:
    """The best unit and the sentences that follow it under the same heading. When the question's focus words are not
    in the best unit but in a sentence just before it (which ranked it), the excerpt starts at the earliest such
    sentence: 'Was sagt das Papier über Breitband?' quotes the sentence on Breitband, then the one the ranking chose."""
    units, start = best.doc.units, best.index
    if best.features.get("focus_own", 0.0) == 0.0 and best.features.get("focus_ctx", 0.0) > 0.0:
        focus = {t for i in (profile.focus if profile else []) for t in profile.units[i][0]}
        for back in range(1, CONTEXT_UNITS_BEFORE + 1):  # the sentences the unit's context features read
            i = best.index - back
            if i < 0 or units[i].kind != "sentence" or units[i].title != best.unit.title:
                break
            if analyzer is None or focus & set(analyzer(units[i].text)):
                start = i
    indexes = list(range(start, best.index + 1))
    indexes += [i for i in best.doc.following(best.index, max(0, sentences - len(indexes) + 1)) if units[i].kind == "sentence"]
    return Shape(paragraphs=[unit_piece(best.doc, i) for i in indexes])


def _with_runners_up(best: Candidate, ranked: list[Candidate], limit: int, ratio: float) -> Shape:
    """The best unit, plus close runners-up near it in the same document (several facts asked at once)."""
    shape = Shape(paragraphs=[unit_piece(best.doc, best.index)])
    for candidate in ranked[1:]:
        if len(shape.paragraphs) >= limit:
            break
        if candidate.doc is not best.doc or candidate.score < best.score - ratio or candidate.unit.kind != "sentence":
            continue
        if abs(candidate.unit.start - best.unit.end) > NEAR_CHARS and abs(best.unit.start - candidate.unit.end) > NEAR_CHARS:
            continue  # only sentences near the best one: one coherent place in the document
        if any(candidate.unit.text in p.text or p.text in candidate.unit.text for p in shape.paragraphs):
            continue
        shape.paragraphs.append(unit_piece(candidate.doc, candidate.index))
    shape.paragraphs.sort(key=lambda p: (p.unit.start if p.unit else 0))
    return shape


def _quotable_apart(unit: Unit) -> bool:
    """A unit that can stand as a line of its own beside the answer: no heading, source or announcing line, and at
    least three words."""
    return unit.kind not in ("heading", "source") and not announces(unit) and len(unit.text.split()) >= 3


def add_other_places(shape: Shape, ranked: list[Candidate], limit: int, margin: float) -> Shape:
    """Up to `limit` further units whose score is within `margin` of the best one's, from other places than the
    answer's, shown apart as further places in the documents (the ranking cannot tell them apart reliably)."""
    if limit <= 0 or not ranked:
        return shape
    best = ranked[0]
    taken = [p for p in shape.pieces() if p.unit is not None and not p.context]
    for candidate in ranked[1:]:
        if len(shape.also) >= limit or candidate.score < best.score - margin:
            break
        unit = candidate.unit
        if not _quotable_apart(unit):
            continue
        if any(p.doc is candidate.doc and p.unit.start - NEAR_CHARS < unit.end and unit.start < p.unit.end + NEAR_CHARS for p in taken):
            continue  # the same place as a piece already shown
        if any(p.unit is not None and p.unit.key == unit.key for p in shape.paragraphs):
            continue  # already quoted as context
        piece = unit_piece(candidate.doc, candidate.index)
        shape.also.append(piece)
        taken.append(piece)
    return shape


def add_compared(shape: Shape, ranked: list[Candidate], named: list, typed_question: bool = False) -> Shape:
    """A question that compares documents: the best unit of each named document the answer does not quote yet,
    as a paragraph of its own (each with its citation); for a question that asks for a date, an amount or a person,
    the best of the document's first COMPARED_WINDOW units that holds one; beside a signature block, the other
    document's signature block."""
    quoted = {id(p.doc) for p in shape.pieces()}
    signed = bool(shape.paragraphs) and shape.paragraphs[0].unit is not None and shape.paragraphs[0].unit.signature
    for doc in named:
        if id(doc) in quoted:
            continue
        if signed:  # who signed (and when): the other document's signature block, whole
            block = next((c for c in ranked if c.doc is doc and c.unit.signature), None)
            if block is not None:
                shape.paragraphs.extend(unit_piece(doc, i) for i in doc.group(block.index))
                quoted.add(id(doc))
                continue
        own = [c for c in ranked if c.doc is doc and _quotable_apart(c.unit)]
        typed = [c for c in own[:COMPARED_WINDOW] if c.features.get("type_match", 0.0) >= 1.0] if typed_question else []
        candidate = (typed or own or [None])[0]
        if candidate is not None:
            shape.paragraphs.append(unit_piece(doc, candidate.index))
            quoted.add(id(doc))
    return shape


def focus_after(profile: QuestionProfile, best: Candidate, analyzer, lookahead: int) -> int:
    """How many sentences after the best one the quote must run to reach the first of the next `lookahead` sentences
    under its heading that holds a focus term of the question the best sentence and its context lack (0 when none
    does): the ranking often puts the sentence that introduces a topic first, and the asked detail follows."""
    if lookahead <= 0 or best.unit.kind != "sentence" or analyzer is None:
        return 0
    units = best.doc.units
    seen = set(analyzer(best.unit.text)) | set(analyzer(best.unit.before))
    missing = [alts for alts, _ in (profile.units[i] for i in profile.focus) if not any(t in seen for t in alts)]
    following = [j for j in best.doc.following(best.index, lookahead) if units[j].kind == "sentence"]
    for n, j in enumerate(following, start=1):
        terms = set(analyzer(units[j].text))
        if any(t in terms for alts in missing for t in alts):
            return n
    return 0


def _with_context(shape: Shape, best: Candidate, before: int, after: int) -> Shape:
    """The best sentence with up to `before` sentences before it and `after` sentences after it under the same heading,
    so the quote reads in context (the ranking often puts the sentence next to the answer first); only sentences
    that share a chunk with it."""
    if best.unit.kind != "sentence" or (before <= 0 and after <= 0):
        return shape
    units, shown = best.doc.units, {p.unit.key for p in shape.paragraphs if p.unit is not None}
    wanted, i = [], best.index
    while before > 0 and i > 0 and units[i - 1].kind == "sentence":
        i, before = i - 1, before - 1
        wanted.append(i)
    wanted += [j for j in best.doc.following(best.index, after) if units[j].kind == "sentence"]
    for j in wanted:
        span = Unit(best.unit.doc_id, min(best.unit.start, units[j].start), max(best.unit.end, units[j].end), "", "sentence")
        if best.doc.chunk_for(span) is None:
            continue  # context only from the best sentence's own chunk: no citation of its own
        if units[j].key not in shown and not announces(units[j]):
            shape.paragraphs.append(Piece(units[j], best.doc, units[j].text, context=True))
    shape.paragraphs.sort(key=lambda p: (p.unit.start if p.unit else 0))
    return shape


def _asks_for_list(best: Candidate) -> bool:
    """The best unit is a list item that holds none of the question's focus terms, while its list's title holds most
    of the question's words: the question is about the list as a whole ('Was muss eine E-Rechnung enthalten?'), not
    about one of its items."""
    f = best.features
    return best.unit.kind == "record" and f.get("focus_own", 1.0) == 0.0 and f.get("title_cov", 0.0) >= 0.5


_ITEM_MARK = re.compile(r"^\s*(\d{1,2}[.)]|[a-z][.)])\s+")


def _runs_on(unit: Unit) -> bool:
    """An enumerated item that does not end its sentence ('2. die Bankverbindungsdaten,', '3. … übermitteln oder')."""
    text = unit.text.rstrip()
    return unit.kind == "record" and bool(_ITEM_MARK.match(text)) and (text.endswith((",", ";")) or text.split()[-1] in ("oder", "und", "sowie"))


def _fragment_item(doc, index: int) -> bool:
    """An enumerated item of a sentence that runs through the whole enumeration: one that does not end it, or the last
    item after one that does not ('3. die Verwaltungstätigkeit nach dem Zweiten Buch Sozialgesetzbuch.' after '2. …,'
    under 'Dieses Gesetz gilt nicht für'), so the item alone says nothing."""
    unit = doc.units[index]
    if _runs_on(unit):
        return True
    members = doc.group(index)
    return unit.kind == "record" and bool(_ITEM_MARK.match(unit.text)) and len(members) >= 2 and members[-1] == index \
        and _runs_on(doc.units[members[-2]])


def _lead_in(doc, index: int) -> int | None:
    """The line that leads in to the list holding unit `index` ('Dieses Gesetz gilt nicht für'), if there is one."""
    first = doc.group(index)[0]
    if first > 0 and doc.units[first - 1].kind != "heading" and announces(doc.units[first - 1]):
        return first - 1
    return None


def compose(profile: QuestionProfile, ranked: list[Candidate], max_sentences: int, runner_up_margin: float,
            context: tuple[int, int] = (0, 0), analyzer=None, focus_lookahead: int = 0) -> Shape:
    """The answer's shape for the question's kind; `context` = sentences (before, after) quoted around a best sentence,
    `after` extended to the next sentence holding a focus term the best one lacks (`focus_after`)."""
    best = ranked[0]
    if best.unit.signature:  # place and date, offices and names answer together ('Wer hat unterzeichnet?', 'Von wann?')
        return Shape(paragraphs=[unit_piece(best.doc, i) for i in best.doc.group(best.index)])
    announcer = best.unit.kind != "record" and announces(best.unit)
    if profile.wants("list") or profile.wants("count") or best.unit.kind == "record" or announcer:
        shape = _list_answer(best, profile)
        fragment = _fragment_item(best.doc, best.index)
        if shape and (profile.wants("list") or profile.wants("count") or announcer or _asks_for_list(best) or fragment):
            if announcer:  # the announcing line introduces the list it hands over to
                shape.paragraphs.insert(0, unit_piece(best.doc, best.index))
            elif fragment and (lead := _lead_in(best.doc, best.index)) is not None:  # the sentence the items complete
                shape.paragraphs.insert(0, unit_piece(best.doc, lead))
            return shape
    handed = _handover(best, counting=profile.wants("list") or profile.wants("open"))
    if handed:
        return handed
    if best.unit.kind == "slide":
        return Shape(paragraphs=[unit_piece(best.doc, best.index)])
    if profile.wants("open"):
        return _excerpt(best, max_sentences - 1, profile, analyzer)
    before, after = context
    after = max(after, focus_after(profile, best, analyzer, focus_lookahead))
    return _with_context(_with_runners_up(best, ranked, max_sentences, runner_up_margin), best, before, after)
