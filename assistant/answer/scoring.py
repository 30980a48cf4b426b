"""Candidate answer units and their features (the fitted models that score them are in learned.py)."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.learned import ANSWERABILITY_FEATURES
from assistant.answer.answer_types import NUMBER_WORDS, REFERENCE, VALUE_KINDS, type_match
from assistant.answer.handover import handed_over, shown_units
from assistant.answer.question import QuestionProfile, coverage
from assistant.answer.units import Unit
from assistant.core.german import STOPWORDS, fold


@dataclass
class Candidate:
    """An answer unit found in a retrieved passage, with its features and score."""

    unit: Unit
    doc: object  # DocumentUnits
    index: int  # position of the unit in its document
    passage: int  # rank (0-based) of the best retrieved passage holding it; -1 when found by unit search only
    unit_rank: int = -1  # rank in the corpus-wide unit search (-1: not among its hits)
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


def collect_candidates(passages: list, library, limit: int, builds: int | None = None) -> list[Candidate]:
    """The units inside the top passages, each once, remembering the best passage that holds it.

    builds: how many documents not at hand may be built for this question (None: all); the passages of the
    others contribute the units of their own chunk (a large corpus keeps each question's work bounded)."""
    seen: dict[tuple, Candidate] = {}
    whole: dict[str, object] = {}  # documents looked up once per question, however many passages they hold
    for rank, passage in enumerate(passages[:limit]):
        m = passage.chunk.metadata
        doc_id = m.get("doc_id", "")
        if doc_id not in whole and (builds is None or builds > 0 or library.cached(doc_id)):
            if builds is not None and not library.cached(doc_id):
                builds -= 1
            whole[doc_id] = library.document(doc_id)
        if doc_id in whole:
            doc = whole[doc_id]
        else:
            library.build_later(doc_id)
            doc = library.around(passage.chunk)
        if doc is None:
            continue
        start = int(m.get("start", 0))
        for index in doc.units_in(start, start + len(passage.chunk.text)):
            # a list is one answer unit family: its items in other chunks are candidates too
            for member in doc.group(index) if doc.units[index].kind == "record" else [index]:
                unit = doc.units[member]
                if unit.key not in seen:
                    seen[unit.key] = Candidate(unit, doc, member, rank)
    return list(seen.values())


def add_unit_hits(candidates: list[Candidate], hits: list[tuple], passages: list) -> list[Candidate]:
    """Merge the corpus-wide unit search hits (doc, index) into the candidates, in hit order."""
    by_key = {c.unit.key: c for c in candidates}
    rank_of_chunk = {p.chunk.id: r for r, p in enumerate(passages)}
    for rank, (doc, index) in enumerate(hits):
        unit = doc.units[index]
        candidate = by_key.get(unit.key)
        if candidate is None:
            chunk = doc.chunk_for(unit, set(rank_of_chunk))
            candidate = Candidate(unit, doc, index, rank_of_chunk.get(chunk.id, -1) if chunk else -1)
            by_key[unit.key] = candidate
            candidates.append(candidate)
        candidate.unit_rank = rank
    return candidates


def add_signature_blocks(candidates: list[Candidate]) -> list[Candidate]:
    """'Wer hat … unterschrieben?': the signature blocks of the documents at hand join the candidates (the question's
    words are rarely in them: place and date, office and name)."""
    known = {c.unit.key for c in candidates}
    docs = list({id(c.doc): c.doc for c in candidates}.values())
    for doc in docs:
        for index, unit in enumerate(doc.units):
            if unit.signature and unit.key not in known:
                known.add(unit.key)
                candidates.append(Candidate(unit, doc, index, -1))
    return candidates


def to_front(ranked: list, i: int) -> list:
    """The ranking with its i-th candidate moved to the front, the others in their order."""
    return [ranked[i]] + ranked[:i] + ranked[i + 1 :]


DEFINITION_LEAD = 6  # a defining sentence names its term among its first words


def defines_term(profile: QuestionProfile, candidate: Candidate) -> bool:
    """The unit defines the term a 'Was ist X?' question asks about: it opens with the term (within DEFINITION_LEAD
    words, after a paragraph number or article) and says what it is ('Das „Bürgerkonto“ ist ein Nutzerkonto, …')."""
    lead = re.findall(r"[\w-]+", fold(candidate.unit.text))[:DEFINITION_LEAD]
    return bool(profile.defines) and profile.defines not in STOPWORDS and candidate.features.get("defines", 0.0) > 0 \
        and profile.defines in lead


def prefer_definition(profile: QuestionProfile, ranked: list[Candidate], window: int) -> list[Candidate]:
    """'Was ist das Bürgerkonto?': the first of the top `window` units that defines the asked term moves to the front;
    a unit that only uses the term answers less."""
    if not profile.defines:
        return ranked
    for i, candidate in enumerate(ranked[:window]):
        if defines_term(profile, candidate):
            return to_front(ranked, i)
    return ranked


def prefer_signature(ranked: list[Candidate], named: list | tuple = ()) -> list[Candidate]:
    """A question about who signed is answered by the signature block of the best unit's document, when it has one
    (another document's signatory would be a wrong answer); when it has none, by that of the one document the question
    names by its title, issuer or kind (`named`: 'Wer hat das Papier unterzeichnet?' and the Positionspapier)."""
    if not ranked:
        return ranked
    docs = [ranked[0].doc] + ([named[0]] if len(named) == 1 and named[0] is not ranked[0].doc else [])
    for doc in docs:
        for i, candidate in enumerate(ranked):
            if candidate.doc is doc and candidate.unit.signature:
                return to_front(ranked, i)
    return ranked


@functools.lru_cache(maxsize=200_000)
def _token_set(analyzer, text: str) -> frozenset[str]:
    """The analysed tokens of a text, cached: the same units, titles and headers come back question after question."""
    return frozenset(analyzer(text))


CONTEXT_UNITS_BEFORE = 2  # units before a unit that its context features read (no headings)


def _own_and_context_terms(candidate: Candidate, header: str, analyzer) -> tuple[set[str], set[str]]:
    """A unit's own terms, and those of its title, its section header and the two units before it (no headings)."""
    unit, doc = candidate.unit, candidate.doc
    own = analyzer(unit.text)
    context = set(own) | analyzer(unit.title) | analyzer(header)
    for back in range(1, CONTEXT_UNITS_BEFORE + 1):
        if candidate.index - back >= 0 and doc.units[candidate.index - back].kind != "heading":
            context |= analyzer(doc.units[candidate.index - back].text)
    return own, context


def title_terms(doc, analyzer) -> set[str]:
    """The terms of a document's title and kind (cached on the document, like document_terms)."""
    terms = getattr(doc, "_title_kind_terms", None)
    if terms is None:
        m = doc.chunks[0].metadata if doc.chunks else {}
        terms = set(analyzer(f"{m.get('title', '')} {m.get('kind', '')}"))
        setattr(doc, "_title_kind_terms", terms)
    return terms


def document_terms(doc, analyzer) -> set[str]:
    """The terms of a document's title, issuer and kind (cached on the document, like document_tokens)."""
    terms = getattr(doc, "_document_terms", None)
    if terms is None:
        m = doc.chunks[0].metadata if doc.chunks else {}
        terms = set(analyzer(" ".join(str(m.get(k, "")) for k in ("title", "issuer", "kind"))))
        setattr(doc, "_document_terms", terms)
    return terms


_COUNT_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CARDINAL = re.compile(r"(?<![\d.,])\b\d{1,3}\b(?![.,]?\d)")  # not a part of '127.500' or '1,5'
STATED_COUNT_GAP = 2  # words allowed between a number and what it counts ('13 querschnittsorientierte Felder')


def counted_terms(profile: QuestionProfile, analyzer) -> set[str]:
    """What a count question counts, and the head of that compound: 'Handlungsfelder' also as 'Felder' (the last part
    of a German compound names what it is)."""
    if profile.counted is None:
        return set()
    terms = set()
    for token in profile.units[profile.counted][0]:
        if token.startswith("?"):
            continue
        terms.add(token)
        parts = analyzer.analyze_word(token)
        if len(parts) > 1 and len(parts[-1]) >= 4:
            terms.add(parts[-1])
    return terms


def states_count(text: str, counted: set[str], analyzer) -> bool:
    """The text states how many of the counted thing there are: a number (digits of at most three places or a number
    word) followed within STATED_COUNT_GAP words by the counted word or its head. A list marker, a paragraph or table
    number, a year or a part of a larger number counts nothing ('1. Gegenstand', '(3) Elektronische …', '2 | LoRaWAN',
    '127.500 Menschen')."""
    if not counted:
        return False
    masked = REFERENCE.sub(" ", text)
    for number in (*_CARDINAL.finditer(masked), *NUMBER_WORDS.finditer(masked)):
        for follower in _COUNT_WORD.findall(masked[number.end() : number.end() + 200])[: 1 + STATED_COUNT_GAP]:
            tokens = analyzer.analyze_word(follower)
            if tokens and tokens[0] in counted:
                return True
    return False


def add_features(profile: QuestionProfile, candidates: list[Candidate], passages: list, cosines: np.ndarray, lexical,
                 window_cosines: np.ndarray | None = None) -> None:
    """Fill every candidate's feature row (window_cosines: the unit read together with the sentence before it)."""
    if not candidates:
        return
    analyzer = functools.partial(_token_set, lexical.analyzer)
    top_cos = float(cosines.max())
    top_score = max((p.score for p in passages[:1]), default=1.0) or 1.0
    if window_cosines is None:
        window_cosines = cosines
    doc_rank: dict[str, int] = {}
    for rank, p in enumerate(passages):
        doc_rank.setdefault(p.chunk.metadata.get("doc_id", ""), rank)
    doc_terms: dict[str, set[str]] = {}
    counted = counted_terms(profile, lexical.analyzer) if profile.wants("count") else set()
    for candidate, cos, window_cos in zip(candidates, cosines, window_cosines):
        unit, doc = candidate.unit, candidate.doc
        passage = passages[candidate.passage] if candidate.passage >= 0 else None
        header = (passage.chunk if passage else doc.chunk_for(unit) or doc.chunks[0]).metadata.get("header", "")
        own, context = _own_and_context_terms(candidate, header, analyzer)
        own_cov, ctx_cov = coverage(profile, own), coverage(profile, context)
        match = type_match(profile.kinds, unit.embed_text(), list_item=unit.kind == "record", signature=unit.signature)
        if doc.doc_id not in doc_terms:
            doc_terms[doc.doc_id] = document_terms(doc, analyzer)
        section = str(header).split(" – ", 1)[-1]
        candidate.features = {
            "cos": float(cos),
            "cos_gap": float(cos) - top_cos,
            "cos_window": max(float(window_cos), float(cos)),  # the sentence before it may add to a unit, never take away
            "cov_own": own_cov,
            "cov_ctx": ctx_cov,
            "miss_ctx": heaviest_missing(profile, context),
            "focus_own": coverage(profile, own, focus_only=True),
            "focus_ctx": coverage(profile, context, focus_only=True),
            "title_cov": coverage(profile, analyzer(unit.title)) if unit.title else 0.0,
            "title_counted": float(profile.counted is not None and bool(unit.title)
                                   and any(t in analyzer(unit.title) for t in profile.units[profile.counted][0])),
            "own_x_type": own_cov * match,
            "ctx_x_type": ctx_cov * match,
            "cos_x_type": (float(cos) - 0.8) * match,
            "passage_score": max(passage.score, 0.0) / top_score if passage else 0.0,
            "passage_rr": 1.0 / (1 + candidate.passage) if passage else 0.0,
            "unit_rr": 1.0 / (1 + candidate.unit_rank) if candidate.unit_rank >= 0 else 0.0,
            "type_match": match,
            "heading": float(unit.kind == "heading"),
            "record": float(unit.kind == "record"),
            "slide": float(unit.kind == "slide"),
            "announcer": float(unit.opens_list()),
            "doc_cov": coverage(profile, doc_terms[doc.doc_id]),
            "doc_rr": 1.0 / (1 + doc_rank[doc.doc_id]) if doc.doc_id in doc_rank else 0.0,
            "section_cov": coverage(profile, analyzer(section)),
            "q_english": profile.english,
            "q_known": profile.known_share,
            "length": math.log1p(len(unit.text.split())) / 5,
            "states_count": float(unit.kind in ("sentence", "slide") and states_count(unit.text, counted, lexical.analyzer)),
            "defines": float(bool(profile.defines) and bool(
                re.search(rf"{re.escape(profile.defines)}\W+(\w+\W+){{0,2}}(ist|sind|bezeichnet|bedeutet)\b", fold(unit.text)))),
        }


def document_tokens(doc, analyzer) -> set[str]:
    """Every analysed token of a document (cached on the document)."""
    tokens = getattr(doc, "_tokens", None)
    if tokens is None:
        tokens = set(analyzer(doc.text))
        setattr(doc, "_tokens", tokens)
    return tokens


def heaviest_missing(profile: QuestionProfile, tokens: set[str]) -> float:
    """The weight of the heaviest question word a token set lacks entirely, as a share of the heaviest word's: 0 when
    every word is found at least in part. 'Wie viele Mitarbeiter hat die Stadt Ulm?' and a sentence about Ulm that
    never speaks of staff: coverage stays high (the name weighs most), but the asked attribute is missing."""
    top = max((w for _, w in profile.units), default=0.0)
    if top <= 0:
        return 0.0
    return max((w for alternatives, w in profile.units if not any(t in tokens for t in alternatives)), default=0.0) / top


def count_unstated(profile: QuestionProfile, best: Candidate) -> float:
    """1 when a how-many question's best unit neither states the count of what is asked ('13 Handlungsfelder') nor is
    an entry of a list whose title names it or most of the question; 0 otherwise and for other questions."""
    if not profile.wants("count"):
        return 0.0
    f = best.features
    counted = f.get("states_count", 0.0) > 0 or (best.unit.kind == "record" and _title_says_what_is_counted(f))
    return 0.0 if counted else 1.0


def typed_miss(profile: QuestionProfile, best: Candidate) -> float:
    """How far the best unit falls short of the value a typed question asks for (a date, an amount, a person, a count):
    0 when it holds one or nothing specific is asked, up to 1 when it holds none. A list answers a count when its title
    names what is counted or most of what is asked, in part when what is counted is a word the documents use."""
    if profile.wants("open") or not profile.kinds & (VALUE_KINDS | {"count"}):
        return 0.0
    if profile.wants("count") and best.unit.kind == "record" and not _title_says_what_is_counted(best.features):
        miss = 1.0 - type_match(profile.kinds - {"count"} | {"number"}, best.unit.embed_text())
        # a thing the documents name somewhere may be what an untitled list counts ('An wie vielen Orten …' and a list
        # of conferences); one they never name cannot be ('Wie viele Leute …')
        counted = profile.units[profile.counted][0] if profile.counted is not None else []
        return miss if any(t.startswith("?") for t in counted) else miss / 2
    shown = shown_units(best.doc, best.index, counting=profile.wants("list"))
    text = best.unit.embed_text() if shown == [best.index] else " ".join(best.doc.units[i].text for i in shown)
    return 1.0 - type_match(profile.kinds, text, list_item=best.unit.kind == "record", exact_dates=False,
                            signature=best.unit.signature)


def answerability_features(profile: QuestionProfile, ranked: list[Candidate], passages: list, analyzer=None,
                           shown: Candidate | None = None) -> dict[str, float]:
    """One row describing how well the best unit answers the question, and whether its document holds what is asked;
    `shown`: the unit the answer shows when it is not the best one (a signature block), judged for the asked value."""
    if not ranked:
        return {name: 0.0 for name in ANSWERABILITY_FEATURES} | {"unknown_weight": profile.unknown_weight, "q_english": profile.english,
                                                                 "q_known": profile.known_share}
    best = ranked[0]
    cosines = sorted((c.features["cos"] for c in ranked), reverse=True)
    top = passages[0] if passages else None
    agreement = float(bool(top and top.dense_rank and top.lexical_rank and top.dense_rank <= 5 and top.lexical_rank <= 5))
    doc_tokens = document_tokens(best.doc, analyzer) if analyzer is not None else set()
    return {
        "best_score": best.score,
        "score_margin": best.score - (ranked[1].score if len(ranked) > 1 else best.score - 1.0),
        "best_cos": best.features["cos"],
        "cos_spread": cosines[0] - float(np.mean(cosines[:10])),
        "best_cov_own": best.features["cov_own"],
        "best_cov_ctx": best.features["cov_ctx"],
        "unknown_weight": profile.unknown_weight,
        "top_dense": max((p.dense for p in passages[:5]), default=0.0),
        "agreement": agreement,
        "best_type_match": best.features["type_match"],
        "typed_miss": typed_miss(profile, shown or best),
        "count_unstated": count_unstated(profile, shown or best),
        "miss_ctx": best.features.get("miss_ctx", 0.0),
        "best_focus_own": best.features["focus_own"],
        "best_focus_ctx": best.features["focus_ctx"],
        "doc_cov_all": coverage(profile, doc_tokens),
        "doc_cov_focus": coverage(profile, doc_tokens, focus_only=True),
        "top_cov_ctx": max(c.features["cov_ctx"] for c in ranked[:10]),
        "q_english": profile.english,
        "q_known": profile.known_share,
    }


def _title_says_what_is_counted(features: dict[str, float]) -> bool:
    """A list title that names what a count question counts, or holds most of the question's words."""
    return features.get("title_counted", 0.0) > 0 or features.get("title_cov", 0.0) >= 0.5


def _titled_list(candidate: Candidate, floor: float) -> bool:
    """An item of a list whose title names what is counted (or, scoring above `floor`, most of the question's words)."""
    if candidate.unit.kind != "record":
        return False
    f = candidate.features
    return f.get("title_counted", 0.0) > 0 or (_title_says_what_is_counted(f) and candidate.score >= floor)


def showable(ranked: list[Candidate]) -> list[Candidate]:
    """The candidates an answer can show: a heading hands over to the text below it, so one with none below (a title
    over another heading: 'POSITIONSPAPIER' over the paper's title) is no answer, however well it matches; a footnote
    names a source and answers nothing."""
    kept = [c for c in ranked if c.unit.kind != "source" and (c.unit.kind != "heading" or handed_over(c.doc, c.index))]
    return kept or ranked


def prefer_typed(profile: QuestionProfile, ranked: list[Candidate], window: int, margin: float = 2.0,
                 count_window: int | None = None) -> list[Candidate]:
    """A date, number or person question is answered by a unit that holds such a value: when the best unit holds none,
    the best such unit among the top `window` whose score is within `margin` of the best, and which holds as much
    of the question's focus terms, moves to the front.
    A count question is answered by a sentence that states the count of what it counts (`states_count`, within the
    margin), else by a list whose title names what is counted ('Wie viele X' and a list titled with X),
    among the top `count_window` (list items tie with each other, so a list sits lower in the ranking than a single
    sentence); a list whose title only shares most of the question's words must also be within the margin."""
    if ranked and profile.wants("count"):
        # "how many X": a sentence that says "N X" answers it; else a list titled with X is counted (a number in some
        # other sentence is rarely the count asked for)
        for i, candidate in enumerate(ranked[: count_window or window]):
            if candidate.features.get("states_count", 0.0) > 0 and candidate.score >= ranked[0].score - margin:
                return to_front(ranked, i)
        for i, candidate in enumerate(ranked[: count_window or window]):
            if _titled_list(candidate, ranked[0].score - margin):
                return to_front(ranked, i)
    if not ranked or not profile.kinds & VALUE_KINDS or profile.wants("open"):
        return ranked
    best = ranked[0]
    if best.features.get("type_match", 0.0) >= 0.5:
        return ranked
    focus = best.features.get("focus_ctx", 0.0)
    for i, candidate in enumerate(ranked[1:window], start=1):
        # a typed unit moves up only if it holds as much of the question's focus (names, rare nouns) as the best one
        if candidate.features.get("type_match", 0.0) >= 1.0 and candidate.score >= best.score - margin \
                and candidate.features.get("focus_ctx", 0.0) >= focus:
            return to_front(ranked, i)
    return ranked
