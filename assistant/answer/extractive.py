"""Extractive answering: score the sentences of the top passages against the question and pick the best."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.german import STOPWORDS, fold
from assistant.core.sentences import split_sentences

_DATE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}\.\s?(Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
    r"Oktober|November|Dezember)\b|\b(19|20)\d{2}\b|\b\d{2}/\d{4}\b",
    re.I,
)
_NUMBER = re.compile(r"\d")
_FULL_DATE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}\.\s?(Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
    r"Oktober|November|Dezember)\s\d{4}\b",
    re.I,
)
_DEFINITION = re.compile(r"^\s*(was|wer)\s+(ist|sind|bedeutet|bezeichnet|meint)\s+(der|die|das|ein|eine)?\s*([\wäöüß-]+)", re.I)
QUESTION_WORDS = {"wann", "wie", "was", "wer", "wo", "welche", "welcher", "welches", "wieviel", "wieviele", "warum", "wozu"}


@dataclass
class QuestionProfile:
    """What kind of answer a question wants and which words must be matched."""

    wants_date: bool = False
    wants_number: bool = False
    wants_list: bool = False
    defines: str = ""  # the term of a 'Was ist X?' question, folded
    units: list[tuple[list[str], float]] = field(default_factory=list)  # (alternative token sets, weight)
    unknown: list[str] = field(default_factory=list)  # content words the documents never use


def profile_question(question: str, lexical) -> QuestionProfile:
    """Answer type and weighted query units (one per content word; compounds may match by their parts)."""
    from assistant.core.sentences import sentences as split_into_sentences

    asked = [s for s in split_into_sentences(question) if s.rstrip().endswith("?")]
    if asked and len(asked) < len(split_into_sentences(question)):
        question = " ".join(asked)  # instructions around a question are data, not part of what is asked
    q = fold(question)
    profile = QuestionProfile(
        wants_date=bool(re.search(r"\b(wann|seit wann|bis wann|datum|zeitpunkt|in welchem jahr|welchem tag|when|what date|date)\b", q)),
        wants_number=bool(
            re.search(r"\b(wie ?viele?|wie hoch|wie gross|wie lange|anzahl|hoehe|betrag|prozent|how many|how much|summe|quote|frist)\b", q)
        ),
        wants_list=bool(re.search(r"\b(welche|nenne|liste|alle|aufzaehl|which|list)\b", q)),
    )
    definition = _DEFINITION.match(question)
    if definition:
        profile.defines = fold(definition.group(4))
    analyzer = lexical.analyzer
    known = lexical.known_token
    max_idf = lexical.max_idf()
    words = analyzer.words(question)
    for position, raw in enumerate(words):
        tokens = analyzer.analyze_word(raw)
        if not tokens:
            continue
        full, parts = tokens[0], tokens[1:]
        if known(full):
            profile.units.append(([full], lexical.idf(full)))
            continue
        known_parts = [p for p in parts if known(p)]
        if known_parts:
            weight = sum(lexical.idf(p) for p in known_parts) / len(known_parts)
            profile.units.append((known_parts, weight))
            continue
        corrected = lexical.correct(full)
        if corrected:
            profile.units.append(([corrected], lexical.idf(corrected)))
            continue
        if fold(raw) in STOPWORDS or fold(raw) in QUESTION_WORDS:
            continue
        proper_noun = raw[:1].isupper() and position > 0
        if proper_noun or raw[:1].isdigit():
            profile.units.append(([full], max_idf))  # a name or number the documents never mention
            profile.unknown.append(raw)
        # other unknown words (verbs, paraphrases, English) are left out: weighting them made the dev split worse
    return profile


def coverage(profile: QuestionProfile, tokens: set[str]) -> float:
    """Share of the question's weight found in a token set (a compound unit counts by its parts)."""
    total = sum(w for _, w in profile.units)
    if total <= 0:
        return 0.0
    found = 0.0
    for alternatives, weight in profile.units:
        hits = sum(1 for t in alternatives if t in tokens)
        found += weight * hits / len(alternatives)
    return found / total


@dataclass
class ScoredSentence:
    """A candidate sentence of a passage."""

    passage: int
    start: int
    end: int
    text: str
    score: float
    own: float
    ctx: float = 0.0
    semantic: float = 0.0


def score_sentences(profile: QuestionProfile, passages: list, lexical, max_passages: int = 5) -> list[ScoredSentence]:
    """Score every sentence of the top passages."""

    analyzer = lexical.analyzer
    out: list[ScoredSentence] = []
    if not passages:
        return out
    top = max(p.score for p in passages[:max_passages]) or 1.0
    for index, passage in enumerate(passages[:max_passages]):
        text = passage.chunk.text
        header_tokens = set(analyzer(passage.chunk.metadata.get("header", "")))
        header_text = _normal(passage.chunk.metadata.get("header", ""))
        passage_tokens = lexical.tokens_of(passage.chunk)
        passage_cov = coverage(profile, passage_tokens)
        prior = max(passage.score, 0.0) / top
        spans = split_sentences(text)
        token_sets = [set(analyzer(text[a:b])) for a, b in spans]
        for i, (a, b) in enumerate(spans):
            own_tokens = token_sets[i]
            context = own_tokens | header_tokens
            for back in (1, 2):  # the subject is often named a sentence or two earlier
                if i - back >= 0:
                    context = context | token_sets[i - back]
            own = coverage(profile, own_tokens)
            ctx = coverage(profile, context)
            sentence = text[a:b]
            score = 0.4 * own + 0.3 * ctx + 0.15 * passage_cov + 0.15 * prior
            if profile.wants_date:
                score += 0.45 if _FULL_DATE.search(sentence) else (0.05 if _DATE.search(sentence) else -0.2)
            elif profile.wants_number:
                score += 0.2 if _NUMBER.search(sentence) else -0.1
            if profile.defines and re.search(rf"{re.escape(profile.defines)}\W+(\w+\W+){{0,2}}(ist|sind|bezeichnet|bedeutet)\b", fold(sentence)):
                score += 0.25
            if header_text and _normal(sentence) and _normal(sentence) in header_text:
                score -= 0.35  # a heading names the topic; the answer is in the text below it
            elif len(sentence.split()) <= 2 and not _NUMBER.search(sentence):
                score -= 0.3  # a lone heading word is no answer
            elif len(sentence) < 12 and not (profile.wants_date or profile.wants_list):
                score -= 0.1
            out.append(ScoredSentence(index, a, b, sentence, score, own, ctx))
    out.sort(key=lambda s: -s.score)
    return out


def select_sentences(scored: list[ScoredSentence], profile: QuestionProfile, max_sentences: int) -> list[ScoredSentence]:
    """The best sentence, plus close runners-up (more of them for list questions), without repeats."""
    if not scored:
        return []
    best = scored[0]
    limit = max_sentences * 2 if profile.wants_list else max_sentences
    ratio = 0.85 if profile.wants_list else 0.9
    chosen = [best]
    seen = {_normal(best.text)}
    for candidate in scored[1:]:
        if len(chosen) >= limit:
            break
        if profile.wants_list and candidate.own >= 0.9 * best.own and candidate.score >= 0.6 * best.score:
            pass  # another item of the same list
        elif candidate.score < ratio * best.score:
            continue
        if len(chosen) >= max_sentences and len(candidate.text) > 100:
            continue  # beyond the normal length only short list items are added
        key = _normal(candidate.text)
        if key in seen or any(key in s or s in key for s in seen):
            continue
        seen.add(key)
        chosen.append(candidate)
    return chosen


def _normal(text: str) -> str:
    """Sentence key for de-duplication (overlapping chunks repeat sentences)."""
    return re.sub(r"\W+", " ", fold(text)).strip()


def add_semantic_scores(scored: list[ScoredSentence], query_vector, embedder, weight: float, top: int = 12) -> list[ScoredSentence]:
    """Re-score the best lexical candidates by e5 similarity between question and sentence (one batch)."""
    if not scored or query_vector is None or weight <= 0:
        return scored
    import numpy as np

    head = scored[:top]
    vectors = np.asarray(embedder.embed_passages([s.text for s in head]), dtype=np.float32)
    similarity = vectors @ np.asarray(query_vector, dtype=np.float32)
    for sentence, sim in zip(head, similarity):
        sentence.semantic = float(sim)
        sentence.score += weight * (float(sim) - 0.8) * 5  # e5 cosines sit in ~0.7..0.9
    head.sort(key=lambda s: -s.score)
    return head + scored[top:]
