"""Turn a follow-up question into a standalone one, using the conversation history (rule-based)."""

from __future__ import annotations

import re

from assistant.core.german import QUESTION_WORDS, STOPWORDS, fold

_FOLLOW_UP = re.compile(
    r"^\s*(und|aber|sowie|auch|was ist mit|wie ist es mit|wie sieht es (mit|bei)|und wie|und was|und wann|"
    r"und wo|und wer|what about|and)\b",
    re.I,
)


def is_follow_up(question: str) -> bool:
    """Elliptic questions: 'Und in Kiel?', 'Was ist mit München?', or very short ones."""
    words = re.findall(r"\w+", question)
    return bool(_FOLLOW_UP.match(question)) or len(words) <= 3


def _entities(question: str) -> list[str]:
    """Capitalised words that are not at the start and not question or function words."""
    words = re.findall(r"[\wÄÖÜäöüß-]+", question)
    out = []
    for position, word in enumerate(words):
        if position == 0 or not word[:1].isupper():
            continue
        if fold(word) in STOPWORDS or fold(word) in QUESTION_WORDS:
            continue
        out.append(word)
    return out


def condense(question: str, history: list[dict], idf=None) -> str:
    """Standalone question: replace the previous question's most specific name by the follow-up's name,
    or attach the follow-up to the previous question."""
    previous = [turn["content"] for turn in history if turn.get("role") == "user" and turn.get("content", "").strip()]
    if not previous or not is_follow_up(question):
        return question
    last = previous[-1]
    new = [w for w in _entities(question) if fold(w) not in {"und", "aber"}]
    old = _entities(last)
    if new and old:
        # the most specific name (highest idf); without statistics, the last name in the question
        target = max(old, key=idf) if idf else old[-1]
        standalone = re.sub(rf"\b{re.escape(target)}\b", " ".join(new), last, count=1)
        if standalone != last:
            return standalone
    asked = re.match(r"^\s*(und\s+)?(wann|wo|wer|wie viele|wie hoch|warum)\b", question, re.I)
    if asked and not new:
        rest = re.sub(r"^\s*(wann|wo|wer|was|wie|welche\w*)\b", "", last, flags=re.I).strip(" ?")
        return f"{asked.group(2).capitalize()} {rest}?"
    return f"{last.rstrip(' ?')} – {question.strip()}"
