"""Check every answer sentence against the passage it cites; unsupported sentences are dropped."""

from __future__ import annotations

import re
import unicodedata

from assistant.core.german import fold

def normalize_for_match(text: str) -> str:
    """Case, whitespace, hyphenation, quotes and umlauts folded, so a verbatim quote is found reliably."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    text = fold(text)
    text = re.sub(r"[„“”\"'»«‚‘’]", "", text)
    text = re.sub(r"[^\w§%€]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def split_cited_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """Answer text -> (sentence without markers, cited numbers) pairs; a marker belongs to the text before it."""
    pieces: list[tuple[str, list[int]]] = []
    text_start = 0
    for match in re.finditer(r"(\s*\[\d+\])+[.!?]?", answer):
        sentence = answer[text_start : match.start()].strip()
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", match.group(0))]
        if sentence:
            pieces.append((sentence, numbers))
        elif pieces:
            pieces[-1][1].extend(numbers)
        text_start = match.end()
    rest = answer[text_start:].strip()
    if rest:
        pieces.append((rest, []))
    return pieces


def supports(sentence: str, passage: str, min_overlap: float = 0.6) -> bool:
    """True when the sentence occurs in the passage (normalised) or most of its content words do."""
    s = normalize_for_match(sentence)
    p = normalize_for_match(passage)
    if not s:
        return False
    if s in p:
        return True
    words = [w for w in s.split() if len(w) > 3 or w.isdigit()]
    if not words:
        return False
    passage_words = set(p.split())
    hits = sum(1 for w in words if w in passage_words or any(pw.startswith(w[:6]) for pw in passage_words if len(w) >= 7))
    numbers = [w for w in words if any(ch.isdigit() for ch in w)]
    if any(n not in passage_words for n in numbers):
        return False  # a number the passage does not contain is never supported
    return hits / len(words) >= min_overlap
