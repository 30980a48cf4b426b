"""Questions about the documents themselves ('Welche Dokumente kennst du?'): the list of what is indexed, each cited."""

from __future__ import annotations

import re

from assistant.answer.citations import make_citation, render_text
from assistant.answer.prompts import CATALOGUE_LINE, CATALOGUE_LINE_ONE, CATALOGUE_MORE, REFUSAL
from assistant.core.german import QUESTION_WORDS, STOPWORDS, fold
from assistant.core.types import Answer, Block, Filters

CATALOGUE_LIMIT = 30  # documents listed by name; a larger corpus is summed up after them
_DOCUMENT_WORDS = r"dokumente?n?|unterlagen|quellen|dateien|texte|documents?|sources?|files"
# what asks whether the assistant has or knows documents (folded text)
_HAVING = (r"kennst|kennt ihr|kennen sie|hast du|habt ihr|haben sie|gibt es|liegen|vorliegen|vorhanden|verfuegbar|enthaelt|"
           r"umfass\w*|durchsuch\w*|geladen|indexiert|zur verfuegung|know|have|available|loaded|indexed|search")
_ASKS = re.compile(rf"\b({_DOCUMENT_WORDS})\b")
_HAS = re.compile(rf"\b({_HAVING})\b")
# words around such a question that name no topic ('Welche Dokumente kennst du eigentlich alle?')
_FILLERS = {"alle", "noch", "denn", "eigentlich", "hier", "bisher", "aktuell", "genau", "insgesamt", "so", "mir", "dir", "uns",
            "du", "ihr", "sie", "euch", "ihnen", "system", "datenbank", "bibliothek", "you", "your", "me", "us", "do", "can",
            "which", "what", "are", "there", "got", "the", "of", "in", "for", "welchen", "ueber", "kannst", "koennen",
            "zugriff", "auf", "access", "to", "vor", "bereit"}


def asks_for_documents(question: str) -> bool:
    """The question asks which documents the assistant knows, and about nothing else: 'Welche Dokumente kennst du?',
    'Welche Unterlagen liegen vor?', 'Which documents do you have?' – not 'Welche Unterlagen braucht der Antrag?'."""
    text = fold(question)
    if not (_ASKS.search(text) and _HAS.search(text)):
        return False
    rest = _HAS.sub(" ", _ASKS.sub(" ", text))
    words = re.findall(r"[a-z0-9]+", rest)
    return all(w in STOPWORDS or w in QUESTION_WORDS or w in _FILLERS for w in words)


def _line(summary: dict) -> str:
    """'Title (kind, issuer, date)' of one document."""
    date = str(summary.get("date") or "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = ".".join(reversed(date.split("-")))
    details = [str(summary.get(k) or "").strip() for k in ("kind", "issuer")] + [date]
    details = [d for d in details if d]
    return f"{summary.get('title') or summary.get('doc_id')}" + (f" ({', '.join(details)})" if details else "")


def _allowed(summary: dict, filters: Filters | None) -> bool:
    if filters is None or filters.is_empty():
        return True
    return ((not filters.doc_ids or summary.get("doc_id") in filters.doc_ids)
            and (not filters.kinds or summary.get("kind") in filters.kinds)
            and (not filters.years or summary.get("year") in filters.years))


def catalogue_answer(question: str, documents: dict[str, dict], first_chunk, filters: Filters | None = None,
                     limit: int = CATALOGUE_LIMIT) -> Answer:
    """The indexed documents (within the filters) as a list, each item citing the start of its document;
    `documents` maps doc_id to its summary (title, kind, issuer, date), `first_chunk(doc_id)` gives its first chunk."""
    shown = sorted((s for s in documents.values() if _allowed(s, filters)), key=lambda s: fold(str(s.get("title") or s["doc_id"])))
    if not shown:
        return Answer(question=question, standalone_question=question, answer=REFUSAL, abstained=True, mode="extractive")
    items, citations = [], []
    for summary in shown[:limit]:
        chunk = first_chunk(summary["doc_id"])
        numbers = []
        if chunk is not None:
            end = chunk.text.find("\n", 1)
            citations.append(make_citation(len(citations) + 1, chunk, 0, end if end > 0 else min(len(chunk.text), 200)))
            numbers = [len(citations)]
        items.append(Block(kind="item", text=_line(summary), citations=numbers))
    line = CATALOGUE_LINE_ONE if len(shown) == 1 else CATALOGUE_LINE.format(n=len(shown))
    blocks = [Block(kind="paragraph", text=line), Block(kind="list", items=items)]
    if len(shown) > limit:
        blocks.append(Block(kind="paragraph", text=CATALOGUE_MORE.format(n=len(shown) - limit)))
    return Answer(question=question, standalone_question=question, answer=render_text(blocks),
                  abstained=False, mode="extractive", citations=citations, blocks=blocks, confidence=1.0)
