"""How literally the questions repeat their gold sentence: the share of question words found in it (set mean ≤ 0.5)."""

from __future__ import annotations

import re

from assistant.core.sentences import split_sentences
from evals.metrics import normalize_fact_text

# Function words of German and English questions: not counted, they carry no wording of the document.
FUNCTION_WORDS = set(
    """der die das den dem des ein eine einen einem einer eines und oder aber in im ins an am auf aus bei mit von vom zu zum
    zur für über unter vor nach um durch gegen ohne bis seit als wie ob dass daß es er sie wir ihr ich du man sich ist sind
    war waren wird werden wurde wurden hat haben hatte hatten gibt gab kann können muss müssen soll sollen darf dürfen was
    wer wen wem wessen wann wo wohin woher warum wieso weshalb welche welcher welches welchen welchem viel viele nicht auch
    noch nur so da denn dann hier dort the a an of in on at to for by with is are was were be been do does did what who whom
    when where which why how many much and or not it this that these those there""".split()
)


def question_words(question: str) -> list[str]:
    """Lower-cased content words of a question."""
    return [w for w in re.findall(r"\w+", question.lower()) if len(w) >= 2 and w not in FUNCTION_WORDS]


def gold_sentence(quote: str, chunk_texts: list[str]) -> str:
    """The sentence(s) of the stored text that hold the gold quote (the quote itself if it is not found)."""
    wanted = normalize_fact_text(quote)
    for text in chunk_texts:
        if wanted and wanted in normalize_fact_text(text):
            spans = split_sentences(text)
            hits = [text[a:b] for a, b in spans if wanted in normalize_fact_text(text[a:b]) or normalize_fact_text(text[a:b]) in wanted]
            return " ".join(hits) if hits else quote
    return quote


def literal_overlap(question: str, sentence: str) -> float:
    """Share of the question's content words that occur literally in the sentence."""
    words = question_words(question)
    present = set(re.findall(r"\w+", sentence.lower()))
    return sum(w in present for w in words) / len(words) if words else 0.0


def wording_overlap(items: list[dict], chunks: list) -> dict[str, float]:
    """Mean literal overlap per split over answerable items with a gold quote."""
    texts = [c.text for c in chunks]
    per_split: dict[str, list[float]] = {}
    for item in items:
        if item["answerable"] and item.get("evidence"):
            sentence = gold_sentence(item["evidence"][0]["quote"], texts)
            per_split.setdefault(item.get("split", "?"), []).append(literal_overlap(item["question"], sentence))
    return {split: sum(v) / len(v) for split, v in sorted(per_split.items())}
