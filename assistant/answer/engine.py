"""The answer engine: question (+ history) in, cited German Answer out, in extractive or LLM mode."""

from __future__ import annotations

import re
import time
import unicodedata

from assistant.answer.answerer import Answerer
from assistant.answer.background import Activity
from assistant.answer.citations import suggestions_for
from assistant.answer.catalogue import asks_for_documents, catalogue_answer
from assistant.answer.condense import Standalone, condense, is_follow_up
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.llm_answer import LLMAnswerer
from assistant.answer.prompts import CONDENSE_PROMPT, LLM_FALLBACK_NOTE, REFUSAL
from assistant.answer.question import asked_part
from assistant.answer.retrieval import HybridRetriever
from assistant.core.env import limit_blas_threads
from assistant.core.errors import InputError, LLMUnavailableError
from assistant.core.settings import Settings
from assistant.core.types import Answer, Filters
from assistant.models.llm import chat, make_llm
from assistant.store.chroma import ChunkIndex

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: str, max_chars: int) -> str:
    """Validate and normalise a question; raises InputError with a German message."""
    if not isinstance(question, str):
        raise InputError("Die Frage muss Text sein.")
    question = _CONTROL.sub(" ", unicodedata.normalize("NFC", question))
    question = re.sub(r"\s+", " ", question).strip()
    if not question:
        raise InputError("Bitte eine Frage eingeben.")
    if len(question) > max_chars:
        raise InputError(f"Die Frage ist zu lang ({len(question)} Zeichen, höchstens {max_chars}).")
    if not re.search(r"\w", question):
        raise InputError("Die Frage enthält keine Wörter.")
    return question


def clean_history(history: list | None, max_turns: int, max_chars: int) -> list[dict]:
    """Keep the last well-formed turns ({role, content}); drop the rest silently."""
    out = []
    for turn in history or []:
        if isinstance(turn, dict) and turn.get("role") in {"user", "assistant"} and isinstance(turn.get("content"), str):
            out.append({"role": turn["role"], "content": turn["content"][: max_chars * 4]})
    return out[-max_turns * 2 :] if max_turns else []


class AnswerEngine:
    """Holds the index, retriever, embedder, answerers and optional LLM; loaded once and shared."""

    def __init__(self, settings: Settings, index: ChunkIndex | None = None, embedder=None, llm=None):
        from assistant.models.embedder import load_embedder

        self.settings = settings
        limit_blas_threads(settings.model.blas_threads)
        self.index = index or ChunkIndex(settings, serving=True)
        self.embedder = embedder or load_embedder(settings, build=False)
        self.retriever = HybridRetriever(settings, self.index, self.embedder)
        self.llm = llm if llm is not None else make_llm(settings)
        self.activity = Activity()  # questions in flight: background work waits for a quiet moment
        self.extractive: Answerer = ExtractiveAnswerer(settings, self.retriever.lexical, self.embedder, activity=self.activity)
        self.generative: Answerer | None = LLMAnswerer(settings, self.llm) if self.llm is not None else None

    @property
    def lexical(self):
        """The BM25 side of the retriever."""
        return self.retriever.lexical

    def warm(self) -> int:
        """Precompute what the first questions would otherwise wait for (unit vectors, up to the configured limit)."""
        return self.extractive.warm(self.settings.answer.unit_vector_warm_limit)

    def answer(
        self,
        question: str,
        history: list | None = None,
        filters: Filters | None = None,
        mode: str | None = None,
        retrieval_mode: str = "hybrid",
    ) -> Answer:
        """Answer one question; `mode` is 'extractive' or 'llm' (default from settings)."""
        with self.activity:
            return self._answer(question, history, filters, mode, retrieval_mode)

    def _answer(self, question: str, history: list | None, filters: Filters | None, mode: str | None, retrieval_mode: str) -> Answer:
        started = time.perf_counter()
        a = self.settings.answer
        question = clean_question(question, a.max_question_chars)
        history = clean_history(history, a.max_history_turns, a.max_question_chars)
        mode = mode or a.mode
        if mode not in {"extractive", "llm"}:
            raise InputError(f"Unbekannter Modus '{mode}' (erlaubt: extractive, llm).")
        notes: list[str] = []
        if asks_for_documents(question):  # 'Welche Dokumente kennst du?': the documents themselves, each cited
            answer = catalogue_answer(question, self.lexical.documents(), self._first_chunk, filters)
            answer.timings = {"total_ms": round((time.perf_counter() - started) * 1000, 2)}
            answer.settings_hash = self.settings.settings_hash()
            return answer
        standalone = self.standalone(question, history, mode)
        result = self.retriever.retrieve(standalone.search_text(), filters, mode=retrieval_mode)
        timings = {"retrieve_ms": result.timings["dense_ms"] + result.timings["lexical_ms"], "rerank_ms": result.timings["rerank_ms"]}
        generate_started = time.perf_counter()
        scoped = filters is not None and not filters.is_empty()
        answer = self._generate(question, standalone, result, mode, notes, scoped)
        if answer.abstained:
            answer.answer, answer.suggestions = REFUSAL, suggestions_for(result.passages)
        timings["generate_ms"] = (time.perf_counter() - generate_started) * 1000
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        answer.timings = {k: round(v, 2) for k, v in timings.items()}
        answer.settings_hash = self.settings.settings_hash()
        return answer

    def _generate(self, question: str, standalone: Standalone, result, mode: str, notes: list[str], scoped: bool = False) -> Answer:
        """LLM mode when a server is configured and answers, else extractive."""
        args = (question, standalone, result.passages, notes, result.query_vector)
        if mode == "llm":
            if self.generative is not None:
                try:
                    return self.generative.answer(*args)
                except LLMUnavailableError:
                    pass
            notes.append(LLM_FALLBACK_NOTE)
        return self.extractive.answer(*args, scoped=scoped)

    def standalone(self, question: str, history: list[dict] | None = None, mode: str = "extractive") -> Standalone:
        """The question as it is searched and answered: rule-based condensing of follow-ups (the LLM rewrites them
        in llm mode)."""
        history = history or []
        question = asked_part(question)  # instructions around a question are data: they do not steer the search
        if not history:
            return Standalone(question)
        if mode == "llm" and self.llm is not None and is_follow_up(question):
            transcript = "\n".join(f"{t['role']}: {t['content'][:500]}" for t in history[-6:])
            try:
                rewritten = chat(self.llm, "Du formulierst Fragen um.", CONDENSE_PROMPT.format(history=transcript, question=question))
                rewritten = rewritten.strip().strip('"„“').splitlines()[0] if rewritten.strip() else ""
                if rewritten and len(rewritten) <= self.settings.answer.max_question_chars:
                    return Standalone(rewritten)
            except LLMUnavailableError:
                pass
        return condense(question, history, idf=self._word_idf)

    def _first_chunk(self, doc_id: str):
        """The chunk a document starts with (its title line), or None."""
        doc = self.extractive.library.document(doc_id)
        return min(doc.chunks, key=lambda c: int(c.metadata.get("start", 0))) if doc is not None and doc.chunks else None

    def _word_idf(self, word: str) -> float:
        """idf of a raw word (via the German analyzer)."""
        tokens = self.lexical.analyzer.analyze_word(word)
        return self.lexical.idf(tokens[0]) if tokens else 0.0
