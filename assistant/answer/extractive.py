"""Extractive answering: rank the answer units of the retrieved passages, check answerability, quote the best."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.answer.abbreviations import asked_short_form, prefer_spelled_out
from assistant.answer.background import Activity
from assistant.answer.citations import cite_shape
from assistant.answer.clauses import answering_clause
from assistant.answer.answer_types import VALUE_KINDS
from assistant.answer.comparison import compares, named_documents
from assistant.answer.compose import Shape, add_compared, add_other_places, compose, entries_answer
from assistant.answer.condense import Standalone
from assistant.answer.documents import DocumentLibrary
from assistant.answer.learned import load_models, sigmoid
from assistant.answer.order import dated_series, held_by_series, named_entry, prefer_period, prefer_series
from assistant.answer.overview import asked_document, dated, dated_lines, overview
from assistant.answer.question import QuestionProfile, coverage, profile_question, without_definition, without_kind_words
from assistant.answer.scoring import (
    Candidate,
    add_features,
    add_signature_blocks,
    add_unit_hits,
    defines_term,
    document_terms,
    prefer_signature,
    prefer_definition,
    prefer_typed,
    showable,
    answerability_features,
    collect_candidates,
    document_tokens,
)
from assistant.answer.unit_vectors import UnitVectors
from assistant.answer.verify import supports
from assistant.core.german import ENGLISH_QUESTION
from assistant.core.settings import Settings
from assistant.core.types import Answer


@dataclass
class Analysis:
    """Everything the extractive answerer found out about one question."""

    profile: QuestionProfile
    ranked: list[Candidate] = field(default_factory=list)
    answerability: dict[str, float] = field(default_factory=dict)
    probability: float = 0.0
    signed: bool = False  # 'who signed X': X's document is the one found, and its signature block is the answer
    entries: list[int] = field(default_factory=list)  # the entries of a dated list a question about its order asks for
    listed: bool = False  # 'Wann war die Konferenz in Kiel?': a dated list's entry that the question names answers
    stated: bool = False  # 'how many X': the best unit says 'N X', in a document that holds every focus term asked
    spelled: bool = False  # 'Wofür steht ERechV?': the best unit spells the asked short form out
    ordered: bool = False  # 'Wann war die erste Regionalkonferenz?': entries of a list that holds all the question names
    period: bool = False  # 'Welche Konferenzen fanden 2015 statt?': a period's entries of a list that holds all it names
    defined: bool = False  # 'Was ist das Bürgerkonto?': the best unit defines the term and holds all else the question names
    overview_of: object | None = None  # 'Worum geht es im OZG?': the one document the question asks about as a whole
    dated_doc: object | None = None  # 'Von wann ist das Positionspapier?': the one document whose date it asks for

    @property
    def evident(self) -> bool:
        """The documents answer the question whatever the gate's wording measure says: a signature block, a stated
        count, a list entry or a period's entries, a spelled-out short form or definition, a whole document's opening
        or dating lines repeat little of the question's wording."""
        return self.signed or self.stated or self.listed or self.spelled or self.ordered or self.period or self.defined \
            or self.overview_of is not None or self.dated_doc is not None


def off_topic(profile: QuestionProfile, english: bool) -> bool:
    """A German question none of whose content words (nor a spelling correction of them) occurs in the documents:
    nothing in them can be about it ('Wie backe ich einen Apfelkuchen?'). English questions lean on the vectors."""
    return not english and profile.known_share == 0.0


class ExtractiveAnswerer:
    """Deterministic answers quoted from the documents, without an LLM."""

    def __init__(self, settings: Settings, lexical, embedder, model_file: Path | None = None, activity: Activity | None = None):
        self.settings = settings
        self.lexical = lexical
        self.embedder = embedder
        a = settings.answer
        self.activity = activity or Activity()  # background work (documents, unit vectors) runs only between questions
        self.library = DocumentLibrary(lexical, lexical.index, a.document_cache, a.background_share, self.activity)
        cache = settings.answer.unit_vector_cache or settings.data_dir / "cache" / f"unit-vectors-{settings.model_id}.npz"
        self.vectors = UnitVectors(embedder, cache, background_share=a.background_share, activity=self.activity)
        self.unit_model, self.answerability_model, fitted, fitted_english = load_models(model_file) if model_file else load_models()
        configured = settings.answer.abstain_threshold
        self.threshold = fitted if configured is None else configured
        # English questions over German documents: the word-overlap evidence is blind, so they get a threshold of their own
        self.threshold_english = fitted_english if configured is None else configured
        self._unit_matrix, self._unit_refs, self._unit_source = None, [], None
        self._searchable = False  # set by warm(): every unit has a vector, so the corpus-wide unit search can run

    def large(self) -> bool:
        """True when the corpus has too many answer units to embed ahead (roughly six a chunk): questions then
        build few documents and never wait for the model (missing unit vectors are filled in the background)."""
        return sum(int(s.get("chunks", 0)) for s in self.lexical.documents().values()) * 6 > self.settings.answer.unit_vector_warm_limit

    def warm(self, limit: int) -> int:
        """Embed the units of every document (up to `limit` units) so first questions are fast; returns how many."""
        if self.large():
            return 0  # units are embedded in the background as questions come to them
        units = [(doc, u) for doc in self.library.all_documents() for u in doc.units]
        if len(units) > limit:
            return 0
        texts = [doc.vector_text(u) for doc, u in units] + [doc.vector_text(u, window=True) for doc, u in units
                                                             if u.window_text() != u.embed_text()]
        added = self.vectors.warm(texts)
        self._searchable = True
        return added

    def _embed_budget(self, large: bool) -> int:
        """Unit texts one question may embed itself: none on a large corpus or while the passage model is not loaded
        (loading it takes ~20 s: the background filler does that between questions)."""
        if large or not self.embedder.passages_ready():
            return 0
        return self.settings.answer.unit_embed_per_question

    def _unit_search(self, query_vector, k: int) -> list[tuple]:
        """The k units nearest to the question in the whole corpus (only when every unit vector is at hand)."""
        if not self._searchable or k <= 0:
            return []
        source = self.library.signature()
        if self._unit_matrix is None or self._unit_source != source:
            units = [(doc, i) for doc in self.library.all_documents() for i in range(len(doc.units))]
            texts = [doc.vector_text(doc.units[i]) for doc, i in units]
            if not units or len(units) > self.settings.answer.unit_vector_warm_limit:
                return []
            missing = self.vectors.missing(texts)
            if missing > self._embed_budget(large=False):
                # a larger new document: its units are embedded in the background between questions; until then
                # the search runs over the documents it already covered
                self.vectors.fill_later(texts)
                if self._unit_matrix is None:
                    return []
            else:
                if missing:
                    self.vectors.warm(texts)  # a few units of a small new document, now
                self._unit_matrix, self._unit_refs, self._unit_source = self.vectors.matrix(texts), units, source
        scores = self._unit_matrix @ np.asarray(query_vector, dtype=np.float32)
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        return [self._unit_refs[i] for i in top[np.argsort(-scores[top])]]

    def analyse(self, question: str, passages: list, query_vector=None, context: str = "") -> Analysis:
        """Profile the question, rank the candidate units and estimate whether the best one answers it."""
        with self.activity:
            return self._analyse(question, passages, query_vector, context)

    def _analyse(self, question: str, passages: list, query_vector=None, context: str = "") -> Analysis:
        analysis = Analysis(profile_question(question, self.lexical, context, self.settings.answer.followup_context_weight))
        large = self.large()
        builds = self.settings.answer.large_corpus_document_builds if large else None
        candidates = collect_candidates(passages, self.library, self.settings.answer.unit_passages, builds)
        if query_vector is None:
            query_vector = self.embedder.embed_query(question)
        candidates = add_unit_hits(candidates, self._unit_search(query_vector, self.settings.answer.unit_hits), passages)
        if analysis.profile.wants("signing"):
            candidates = add_signature_blocks(candidates)
        if not candidates:
            analysis.answerability = answerability_features(analysis.profile, [], passages, self.lexical.analyzer)
            return analysis
        query = np.asarray(query_vector, dtype=np.float32)
        # units without a vector yet (a new or large document): a few are embedded now (best ranked first), the
        # others take their chunk's cosine and are embedded in the background between questions
        chunk_cos = np.array([passages[c.passage].dense if c.passage >= 0 else 0.0 for c in candidates], dtype=np.float32)
        budget = self._embed_budget(large)
        cosines = self.vectors.cosines([c.doc.vector_text(c.unit) for c in candidates], query, chunk_cos, budget)
        window_cosines = self.vectors.cosines([c.doc.vector_text(c.unit, window=True) for c in candidates], query, chunk_cos,
                                              budget)
        add_features(analysis.profile, candidates, passages, cosines, self.lexical, window_cosines)
        for candidate, score in zip(candidates, self.unit_model.score([c.features for c in candidates])):
            candidate.score = float(score)
        a = self.settings.answer
        ranked = sorted(candidates, key=lambda c: -c.score)
        if not analysis.profile.wants("signing"):  # 'who signed X' needs the best unit's document, X's title line included
            ranked = showable(ranked)
        analysis.ranked = prefer_definition(analysis.profile, prefer_typed(analysis.profile, ranked, a.typed_window, a.typed_margin,
                                                                             a.count_window), a.definition_window)
        # 'Wer hat X unterschrieben?': the best unit says the documents speak of X; the answer shows its document's signature block
        shown = prefer_signature(analysis.ranked, named_documents(analysis.profile, analysis.ranked, self.lexical.analyzer)) \
            if analysis.profile.wants("signing") else analysis.ranked
        analysis.answerability = answerability_features(analysis.profile, analysis.ranked, passages, self.lexical.analyzer, shown[0] if shown else None)
        analysis.ranked = shown
        analysis.probability = sigmoid(float(self.answerability_model.score([analysis.answerability])[0]))
        # 'Wo fand die erste Konferenz statt?': the earliest entry of a dated list among the best units answers; whether
        # the documents answer the question at all is judged on the units that match it best (an entry alone matches little)
        analysis.ranked, analysis.entries = prefer_series(analysis.profile, question, analysis.ranked, self.lexical.analyzer,
                                                          a.count_window)
        # 'Wann war die erste Regionalkonferenz?': the list's first entry answers, when the question names nothing the
        # list lacks (the gate measures wording, and an entry shares little of it)
        analysis.ordered = bool(analysis.entries) and held_by_series(question, analysis.ranked[0].doc, analysis.entries[0],
                                                                     self.lexical)
        if not analysis.entries:  # 'Welche Stadt richtete im Oktober 2016 eine Konferenz aus?': that month's entries
            analysis.ranked, analysis.entries = prefer_period(analysis.profile, question, analysis.ranked, self.lexical,
                                                              a.count_window)
            analysis.period = bool(analysis.entries) and held_by_series(question, analysis.ranked[0].doc,
                                                                        analysis.entries[0], self.lexical)
        if not analysis.entries:
            analysis.ranked, analysis.entries = named_entry(analysis.profile, question, analysis.ranked, self.lexical,
                                                            a.count_window)
            analysis.listed = bool(analysis.entries)  # named by the question: it answers past the gate
        analysis.stated = self._states_asked_count(analysis)
        if not analysis.entries:  # 'Wofür steht ERechV?': the unit that spells it out ('… (E-Rechnungsverordnung - ERechV)')
            analysis.ranked, analysis.spelled = prefer_spelled_out(analysis.ranked, asked_short_form(question))
        analysis.defined = self._defines_asked_term(analysis, question)
        # a question about a whole document: 'Worum geht es im OZG?' (its opening), 'Von wann ist das Positionspapier?'
        # (its signature block or the line that dates it)
        analysis.overview_of = asked_document(analysis.profile, question, analysis.ranked, self.lexical.analyzer)
        if analysis.overview_of is None and not analysis.entries:
            dated_doc = asked_document(analysis.profile, question, analysis.ranked, self.lexical.analyzer, kind="date")
            analysis.dated_doc = dated_doc if dated_doc is not None and dated_lines(dated_doc) else None
        analysis.signed = analysis.profile.wants("signing") and bool(shown) and shown[0].unit.signature \
            and self._names_document(question, context, shown[0].doc)
        return analysis

    def _names_document(self, question: str, context: str, doc) -> bool:
        """The document holds every focus term of a 'who signed X' question once the signing words are left out: X is
        this document. The refusal gate measures how well a unit's wording answers; a signature block shares no word
        with 'wer hat … unterschrieben' and answers it all the same."""
        named = profile_question(without_kind_words(question, "signing"), self.lexical, context,
                                 self.settings.answer.followup_context_weight)
        return bool(named.focus) and coverage(named, document_tokens(doc, self.lexical.analyzer), focus_only=True) >= 1.0

    def _states_asked_count(self, analysis: Analysis) -> bool:
        """A how-many question whose best unit states the count of what it counts ('13 querschnittsorientierte Felder'
        for 'Wie viele Handlungsfelder …') or is an entry of a dated list whose title names it ('Übersicht der
        Regionalkonferenzen' for 'Wie viele Konferenzen …': the answer counts the list; the title of an undated list
        names what its items are for as often as what they are: 'Der Bewerbung sind folgende Unterlagen beizufügen:'),
        in a document that holds every focus term of the question and no name the documents never use: the refusal gate
        measures how much of the question's wording a unit repeats, and a sentence that gives the asked count in other
        words, or a list entry that repeats none of them, answers all the same."""
        profile, ranked = analysis.profile, analysis.ranked
        if not profile.wants("count") or not ranked or profile.unknown or not profile.focus:
            return False
        best = ranked[0]
        counts = best.features.get("states_count", 0.0) > 0 or (best.features.get("title_counted", 0.0) > 0
                                                                and bool(dated_series(best.doc, best.index)))
        return counts and coverage(profile, document_tokens(best.doc, self.lexical.analyzer), focus_only=True) >= 1.0

    def _defines_asked_term(self, analysis: Analysis, question: str) -> bool:
        """The best unit defines the term a 'Was ist X?' question asks about (it opens with X and says what X is:
        'Das „Bürgerkonto“ ist ein Nutzerkonto, …'), and it or its document's title holds every other word the question
        names ('… nach dem OZG'): the documents answer it, however little of the question's wording the unit repeats."""
        profile, ranked = analysis.profile, analysis.ranked
        if not ranked or not defines_term(profile, ranked[0]):
            return False
        best, analyzer = ranked[0], self.lexical.analyzer
        rest = set(analyzer(without_definition(question)))
        return rest <= set(analyzer(best.unit.text)) | document_terms(best.doc, analyzer)

    def _focus_elsewhere(self, analysis: Analysis) -> bool:
        """The documents a filter allows hold none of the question's focus terms that the corpus knows: those occur only
        in other documents ('Wann war die Konferenz in Kiel?' within the E-Rechnung rules)."""
        profile = analysis.profile
        known = [profile.units[i] for i in profile.focus if not profile.units[i][0][0].startswith("?")]
        if not known:
            return False
        docs = {id(c.doc): c.doc for c in analysis.ranked}.values()
        return not any(t in document_tokens(doc, self.lexical.analyzer) for doc in docs for alternatives, _ in known
                       for t in alternatives)

    def _shape(self, analysis: Analysis) -> Shape:
        """The answer's shape by question kind, with the documents a comparison names or the further places beside it."""
        a = self.settings.answer
        shape = compose(analysis.profile, analysis.ranked, a.max_answer_sentences, a.runner_up_margin,
                        (a.context_before, a.context_after), self.lexical.analyzer, a.focus_lookahead)
        named = compares(analysis.profile, analysis.ranked, self.lexical.analyzer)
        if named:  # a question comparing documents quotes each of them
            return add_compared(shape, analysis.ranked, named, bool(analysis.profile.kinds & VALUE_KINDS))
        # a signature block answers who signed on its own: another place beside it would name other signatories or none
        if (not (analysis.profile.wants("list") or analysis.profile.wants("count")) or not shape.items) \
                and not analysis.ranked[0].unit.signature:
            return add_other_places(shape, analysis.ranked, a.other_places, a.other_places_margin)
        return shape

    def answer(self, question: str, standalone: Standalone, passages: list, notes: list[str], query_vector=None,
               scoped: bool = False) -> Answer:
        """A quoted answer, or a refusal (abstained=True, empty text) when the units do not answer the question;
        `scoped`: a filter limits the documents, so one that lacks every focus term the corpus knows is refused."""
        analysis = self.analyse(standalone.text, passages, query_vector, standalone.context)
        shown = standalone.search_text()
        refusal = Answer(question=question, standalone_question=shown, answer="", abstained=True, mode="extractive",
                         notes=notes, confidence=round(analysis.probability, 4))
        english = analysis.profile.english >= ENGLISH_QUESTION
        threshold = self.threshold_english if english else self.threshold
        whole, when = analysis.overview_of, analysis.dated_doc
        if not analysis.ranked or (analysis.probability < threshold and not analysis.evident) or off_topic(analysis.profile, english) \
                or (scoped and self._focus_elsewhere(analysis)):
            return refusal
        if whole is not None:
            shape = overview(whole, max(1, self.settings.answer.max_answer_sentences - 1))
        elif when is not None:
            shape = dated(when)
        elif analysis.entries:  # a position in a dated list: the entries asked for, each on its own line
            shape = entries_answer(analysis.ranked[0].doc, analysis.entries)
        else:
            shape = self._shape(analysis)
        for piece in shape.pieces():  # a long legal sentence reads as the clause that answers; its citation keeps it whole
            if piece.unit is not None and piece.unit.kind == "sentence" and piece.text == piece.unit.text:
                piece.text = answering_clause(piece.text, analysis.profile, self.lexical.analyzer)
        dropped = [p.text for p in shape.pieces() if p.unit is not None and not supports(p.text, p.unit.text)]
        retrieved = {p.chunk.id: p.score for p in passages}
        text, blocks, citations = cite_shape(shape, retrieved)
        if not citations:
            return refusal
        return Answer(
            question=question, standalone_question=shown, answer=text, abstained=False, mode="extractive",
            citations=citations, blocks=blocks, dropped=dropped, notes=notes, confidence=round(analysis.probability, 4),
        )
