"""Turn a follow-up question into a standalone one, using the conversation history (rule-based)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.german import QUESTION_WORDS, STOPWORDS, fold

_FOLLOW_UP = re.compile(
    r"^\s*(und|aber|sowie|auch|was ist mit|wie ist es mit|wie sieht es (mit|bei)|und wie|und was|und wann|"
    r"und wo|und wer|what about|and)\b",
    re.I,
)
# words that point back to the previous turn ('da', 'dort', 'so ein …', 'it'): the question is not standalone
_BACK_REFERENCE = re.compile(
    r"\b(da|dort|dabei|damals|dazu|dafuer|davon|darueber|daran|danach|dann|dorthin|hierzu|hierbei|diese[mnrs]?|"
    r"jene[mnrs]?|dessen|deren|ihm|ihn|so eine?[mnrs]?|it|its|there|they|them|this|that one)\b",
    re.I,
)
# the frame of an elliptic follow-up: 'Und …', 'Was ist mit …', 'Wie sieht es bei … aus', 'What about …'
_CONNECTOR = re.compile(
    r"^\s*((und|aber|sowie|auch)\s+)?(was ist mit|wie (ist|war|sieht|sah) (es|das|die lage) (mit|bei|in|fuer|aus)|"
    r"what about|how about|and)?\b",
    re.I,
)
_ENGLISH_QUESTION_WORDS = {"what", "when", "who", "where", "which", "how", "why"}


@dataclass
class Standalone:
    """The question to answer, and the previous question it refers back to (empty when it stands alone)."""

    text: str
    context: str = ""

    def search_text(self) -> str:
        """What retrieval searches for: the question, with the turn it refers to in brackets."""
        return f"{self.text} ({self.context})" if self.context else self.text


def is_follow_up(question: str) -> bool:
    """Questions that need the previous turn: 'Und in Kiel?', 'Was ist mit München?', 'Wer hat da gesprochen?',
    or very short ones."""
    words = re.findall(r"\w+", question)
    return bool(_FOLLOW_UP.match(question) or _BACK_REFERENCE.search(fold(question))) or len(words) <= 3


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


def _elliptic(question: str) -> bool:
    """Only names remain once the frame is gone ('Und in Kiel?', 'Was ist mit der Stadt Ulm?'): no question word,
    no lower-case content word; such a follow-up asks the previous question again about another name."""
    rest = re.findall(r"[\wÄÖÜäöüß-]+", _CONNECTOR.sub("", fold(question), count=1))
    if any(w in QUESTION_WORDS or w in _ENGLISH_QUESTION_WORDS or w.startswith("welch") for w in rest):
        return False
    raw = {fold(w): w for w in re.findall(r"[\wÄÖÜäöüß-]+", question)}
    content = [w for w in rest if w not in STOPWORDS and w not in QUESTION_WORDS]
    return bool(content) and all(raw.get(w, w)[:1].isupper() or w[:1].isdigit() for w in content)


def condense(question: str, history: list[dict], idf=None) -> Standalone:
    """An elliptic follow-up ('Und in Kiel?') takes the previous question with its most specific name replaced;
    any other follow-up keeps its own words and carries the previous question as context."""
    previous = [turn["content"] for turn in history if turn.get("role") == "user" and turn.get("content", "").strip()]
    if not previous or not is_follow_up(question):
        return Standalone(question)
    last = previous[-1].strip()
    new = [w for w in _entities(question) if fold(w) not in {"und", "aber"}]
    old = _entities(last)
    if _elliptic(question) and new and old:
        # the most specific name (highest idf); without statistics, the last name in the question
        target = max(old, key=idf) if idf else old[-1]
        standalone = re.sub(rf"\b{re.escape(target)}\b", " ".join(new), last, count=1)
        if standalone != last:
            return Standalone(standalone)
    return Standalone(question.strip(), last.rstrip(" ?"))
