"""What a question asks for: answer type, shape (fact, list, count, open) and its weighted search terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.answer_types import ASKS_CONTACT, ASKS_FOR_YEAR, COUNT_PHRASE, number_subtypes
from assistant.answer.lexical import bounded_levenshtein
from assistant.answer.person_names import asks_for_name
from assistant.core.german import QUESTION_WORDS, STOPWORDS, english_share, fold, without_english_function_words
from assistant.core.sentences import sentences as split_into_sentences

_DEFINITION = re.compile(r"^\s*(was|wer)\s+(ist|sind|bedeutet|bezeichnet|meint)\s+(der|die|das|ein|eine)?\s*([\wäöüß-]+)", re.I)
# what makes a question open (an excerpt answers it, not a fact): asking what a text says, is about or regulates
OPEN_WORDS = (r"\b(worum|wovon handelt|was sagt|was steht|was schreib\w*|was regel\w*|wozu dien\w*|beschreib\w*|erklaer\w*|"
              r"zusammenfass\w*|ueberblick|what does .* (say|regulate|cover)|what is .* about|describe|explain|summar\w*|overview)\b")
_KINDS = {
    "date": r"\b(wann|datum|zeitpunkt|tag|jahr|monat|stichtag|when|date|day|year|month)\b",
    "number": r"\b(wie ?viele?[nrs]?|wie hoch|wie gross|wie lange|wie alt|anzahl|hoehe|betrag|prozent|how many|how much|how long|"
    r"summe|quote|frist|wie weit|anteil|hoechstens|maximal|what share|what percentage|what proportion|(ge)?kostet|\w*(etat|budget)|"
    r"zahl|\w+(?<!be)(?<!aus)(?<!ein)zahl(en)?|(did|does|do) .* cost|spend|spent)\b",
    "person": r"\b(wer|wem|wen|who|whom|whose)\b",
    "place": r"\b(wo|wohin|where|in welcher stadt|in welchem ort|welche stadt|which city)\b",
    "list": r"\b(welche|nenne|liste|alle|aufzaehl\w*|which|list|name the|what are)\b",
    "count": rf"\b({COUNT_PHRASE})\b",
    # who signed: answered by the document's signature block (place and date, office, name); typos included
    "signing": r"\b(unterschr\w*|unterzeich\w*|signed|signs|signatory|signatories)\b",
    "open": OPEN_WORDS,
}


# who wrote a text asks for those who signed it, as 'Wer hat X unterschrieben?' does (only with 'wer' / 'who': 'nach
# Ansicht der Verfasser' and 'ein Papier verfasst' ask for something else)
_AUTHORSHIP = re.compile(r"\b(verfass\w*|geschrieben|autor\w*|wrote|written|authors?|authored)\b")
ASKS_DATE = re.compile(_KINDS["date"])  # the words that make a question ask for a date ('wann', 'Tag', 'Datum')
# the noun right after 'welche…' names what is asked for; when it is an amount (a money, share or duration word),
# the question asks for a number
_ASKED_NOUN = re.compile(r"\b(welche[snrm]?|which|what)\s+(\w+)\b")
# plural cost words ask for kinds of costs as often as for an amount ('Welche Kosten sind förderfähig?')
_KINDS_OF_COSTS = re.compile(r"\w*(kosten|ausgaben|mittel|gebuehren|betraege|summen|costs|expenses|fees|funds)")
# the content word after one of these is what a count question counts ('In wie vielen Orten …', 'Wieviele Felder …')
COUNT_WORDS = {"viele", "vielen", "vieler", "wieviele", "wievielen", "many", "anzahl"}
MIN_PART = 5  # a compound part shorter than this is no evidence of its own ('unterschri|eben' -> 'eben')
FOCUS_SHARE = 0.6  # a term is a focus term when its idf is at least this share of the question's rarest term


@dataclass
class QuestionProfile:
    """What kind of answer a question wants and which words must be matched."""

    text: str = ""
    # date, number (money, percent, duration), person, name, place, list, count, open, contact (phone, email, web, postal, address)
    kinds: set[str] = field(default_factory=set)
    defines: str = ""  # the term of a 'Was ist X?' question, folded
    units: list[tuple[list[str], float]] = field(default_factory=list)  # (alternative token sets, weight)
    unknown: list[str] = field(default_factory=list)  # names or numbers the documents never use
    unknown_weight: float = 0.0  # share of the question's weight carried by those
    focus: list[int] = field(default_factory=list)  # indexes of the rare units (names, specific nouns)
    english: float = 0.0  # share of English function words: an English question leans on the e5 vectors
    known_share: float = 1.0  # share of the question's content words the documents' vocabulary knows
    counted: int | None = None  # index of the unit a count question counts ('Wie viele X …' -> X)


    def wants(self, kind: str) -> bool:
        """True when the question asks for this kind of answer."""
        return kind in self.kinds


def asked_part(question: str) -> str:
    """The question sentences of a text: instructions around a question are data, not part of what is asked."""
    parts = split_into_sentences(question)
    asked = [s for s in parts if s.rstrip().endswith("?")]
    return " ".join(asked) if asked and len(asked) < len(parts) else question


def question_kinds(text: str) -> set[str]:
    """The answer kinds a question asks for (with the subtype of a number: money, percent, duration)."""
    folded = fold(text)
    kinds = {k for k, pattern in _KINDS.items() if re.search(pattern, folded)} | ({"name"} if asks_for_name(folded) else set())
    kinds |= {k for k, pattern in ASKS_CONTACT.items() if pattern.search(folded)}  # a telephone number, a mail address …
    kinds |= {"year"} if "date" in kinds and ASKS_FOR_YEAR.search(folded) else set()
    kinds |= {"signing"} if "person" in kinds and _AUTHORSHIP.search(folded) else set()  # 'Wer hat X verfasst?'
    asked = _ASKED_NOUN.search(folded)  # 'Welches Bußgeld …', 'Welcher Festbetrag …': the noun asked for is an amount
    if asked and number_subtypes(asked.group(2)) and not _KINDS_OF_COSTS.fullmatch(asked.group(2)):
        kinds |= {"number"}
    return kinds | number_subtypes(folded) if "number" in kinds else kinds


def without_definition(question: str) -> str:
    """A 'Was ist X …?' question without its head and term ('Was ist ein Nutzerkonto nach dem OZG?' -> 'nach dem OZG?')."""
    return _DEFINITION.sub(" ", question, count=1)


def without_kind_words(text: str, kind: str) -> str:
    """The question without the words that make it ask for `kind` ('Wer hat X unterschrieben?' -> 'Wer hat X ?'):
    what is left names what it asks about."""
    text = re.sub(_KINDS[kind], " ", fold(text))
    return _AUTHORSHIP.sub(" ", text) if kind == "signing" else text


_LEADING = {"ab", "bis", "seit", "an", "in", "um", "mit", "von", "fuer", "auf", "und"}  # may stand before the question word
MIN_TYPO_WORD = 4  # question words this short ('wer', 'wie', 'wo') are one edit from too many other words


def corrected_question_word(question: str, lexical) -> str:
    """The question with a misspelt question word at its start put right ('wan war die konfernz' -> 'wann war …'): a
    word the documents never use, one edit from exactly one question word of four letters or more. Only the answer
    kind is read from it; the search uses the question as asked."""
    words = lexical.analyzer.words(question)
    at = 1 if words and fold(words[0]) in _LEADING else 0
    if len(words) <= at:
        return question
    word, folded = words[at], fold(words[at])
    tokens = lexical.analyzer.analyze_word(word)
    if folded in QUESTION_WORDS or folded in STOPWORDS or (tokens and lexical.known_token(tokens[0])):
        return question
    near = [w for w in QUESTION_WORDS | {"welchen", "welchem"}
            if len(w) >= MIN_TYPO_WORD and bounded_levenshtein(folded, w, 1) == 1]
    return question.replace(word, near[0], 1) if len(near) == 1 else question


def profile_question(question: str, lexical, context: str = "", context_weight: float = 0.3) -> QuestionProfile:
    """Answer kinds and weighted query units (one per content word; compounds may match by their parts).
    `context` is the previous question a follow-up refers to: its words join with `context_weight`, and its
    answer kinds apply when the follow-up names none ('Und bei Inhaltsdaten?')."""
    question = asked_part(question)
    asked = corrected_question_word(question, lexical)
    profile = QuestionProfile(text=question, kinds=question_kinds(asked) or (question_kinds(context) if context else set()))
    definition = _DEFINITION.match(question)
    if definition:
        profile.defines = fold(definition.group(4))
    profile.english = english_share(question)
    _add_units(profile, question, lexical)
    own = len(profile.units)
    if context:
        _add_context_units(profile, context, lexical, context_weight)
    total = sum(w for _, w in profile.units) or 1.0
    top = max((w for _, w in profile.units[:own]), default=0.0)
    profile.focus = [i for i, (_, w) in enumerate(profile.units[:own]) if w >= FOCUS_SHARE * top]
    profile.unknown_weight = sum(w for alts, w in profile.units if alts[0] in {"?" + fold(u) for u in profile.unknown}) / total
    return profile


def _unknown_name(raw: str, position: int) -> bool:
    """A word the documents never use that still must be matched: a capitalised word inside the question or a number."""
    return (raw[:1].isupper() and position > 0) or raw[:1].isdigit()


def _add_units(profile: QuestionProfile, question: str, lexical) -> None:
    analyzer, known, max_idf = lexical.analyzer, lexical.known_token, lexical.max_idf()
    content = found = 0
    count_next = False
    for position, raw in enumerate(analyzer.words(without_english_function_words(question))):
        counting = fold(raw) in COUNT_WORDS
        count_next = count_next or counting
        tokens = analyzer.analyze_word(raw)
        if not tokens:
            continue
        content += 1
        full, parts = tokens[0], tokens[1:]
        known_parts = [p for p in parts if len(p) >= MIN_PART and known(p)]
        unit = ([full], lexical.idf(full)) if known(full) else None
        if unit is None and known_parts:
            unit = (known_parts, sum(lexical.idf(p) for p in known_parts) / len(known_parts))
        if unit is None:
            corrected = lexical.correct(full)  # once per word: it scans the vocabulary
            unit = ([corrected], lexical.idf(corrected)) if corrected else None
        found += unit is not None
        profile.known_share = found / content
        unknown = unit is None and fold(raw) not in STOPWORDS and fold(raw) not in QUESTION_WORDS and _unknown_name(raw, position)
        if count_next and not counting and profile.counted is None:
            # what is counted is the first content word after 'wie viele', known to the documents or not
            # ('Wie viele Leute …' counts people even where the documents never say 'Leute')
            count_next = False
            profile.counted = len(profile.units) if unit is not None or unknown else None
        if unit is not None:
            profile.units.append(unit)
        elif unknown:
            profile.units.append((["?" + fold(raw)], max_idf))  # a name or number the documents never mention
            profile.unknown.append(raw)


def _add_context_units(profile: QuestionProfile, context: str, lexical, weight: float) -> None:
    """The previous question's known words that the follow-up does not repeat, at `weight` of their idf."""
    seen = {t for alternatives, _ in profile.units for t in alternatives}
    for raw in lexical.analyzer.words(without_english_function_words(context)):
        tokens = lexical.analyzer.analyze_word(raw)
        if not tokens or tokens[0] in seen or not lexical.known_token(tokens[0]):
            continue
        seen.add(tokens[0])
        profile.units.append(([tokens[0]], weight * lexical.idf(tokens[0])))


def coverage(profile: QuestionProfile, tokens: set[str], focus_only: bool = False) -> float:
    """Share of the question's weight found in a token set (a compound unit counts by its parts)."""
    units = [profile.units[i] for i in profile.focus] if focus_only else profile.units
    total = sum(w for _, w in units)
    if total <= 0:
        return 0.0
    found = 0.0
    for alternatives, weight in units:
        hits = sum(1 for t in alternatives if t in tokens)
        found += weight * hits / len(alternatives)
    return found / total
