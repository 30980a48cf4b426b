"""The answer engine: question (+ history) in, cited German Answer out, in extractive or LLM mode."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from assistant.core.types import Answer, Citation, Suggestion
from assistant.answer.condense import condense
from assistant.core.errors import InputError, LLMUnavailableError
from assistant.answer.extractive import add_semantic_scores, profile_question, score_sentences, select_sentences
from assistant.store.chroma import ChunkIndex
from assistant.models.llm import chat, make_llm, stream_chat
from assistant.answer.prompts import (
    CONDENSE_PROMPT,
    DROPPED_NOTE,
    LLM_FALLBACK_NOTE,
    REFUSAL,
    SOURCE_BLOCK,
    SYSTEM_PROMPT,
    USER_PROMPT,
)
from assistant.answer.retrieval import HybridRetriever, Passage
from assistant.core.types import Filters
from assistant.core.settings import Settings
from assistant.answer.verify import split_cited_sentences, supports

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


def page_of(metadata: dict, offset_in_chunk: int) -> tuple[str | None, int | None]:
    """Printed page label and index for an offset inside a chunk (pages may change within it)."""
    label, index = metadata.get("page_label"), metadata.get("page_index")
    breaks = metadata.get("page_breaks")
    if breaks:
        for offset, page_index, page_label in json.loads(breaks):
            if offset_in_chunk >= offset:
                label, index = page_label, page_index
    return label, index


def make_citation(n: int, passage: Passage, quote_start: int, quote_end: int) -> Citation:
    """A Citation for a passage and the span of its supporting sentence(s)."""
    m = passage.chunk.metadata
    page, page_index = page_of(m, quote_start)
    return Citation(
        n=n,
        doc_id=m.get("doc_id", ""),
        title=m.get("title", ""),
        date=m.get("date", ""),
        kind=m.get("kind", ""),
        issuer=m.get("issuer", ""),
        licence=m.get("licence", ""),
        source=m.get("source", ""),
        page=page,
        page_index=page_index,
        section=m.get("section", ""),
        quote=passage.chunk.text[quote_start:quote_end],
        text=passage.chunk.text,
        start=int(m.get("start", 0)),
        end=int(m.get("end", 0)),
        quote_start=quote_start,
        quote_end=quote_end,
        chunk_id=passage.chunk.id,
        score=round(float(passage.score), 4),
    )


def suggestions_for(passages: list[Passage], limit: int = 3) -> list[Suggestion]:
    """Nearest sections, one per document section, offered with a refusal."""
    out: list[Suggestion] = []
    seen = set()
    for p in passages:
        m = p.chunk.metadata
        key = (m.get("doc_id"), m.get("section"))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Suggestion(
                doc_id=m.get("doc_id", ""), title=m.get("title", ""), section=m.get("section", ""),
                page=m.get("page_label"), snippet=p.chunk.text[:200],
            )
        )
        if len(out) >= limit:
            break
    return out


class AnswerEngine:
    """Holds the index, retriever, embedder and optional LLM; loaded once and shared."""

    def __init__(self, settings: Settings, index: ChunkIndex | None = None, embedder=None, llm=None):
        from assistant.models.embedder import load_embedder

        self.settings = settings
        self.index = index or ChunkIndex(settings, serving=True)
        self.embedder = embedder or load_embedder(settings, build=False)
        self.retriever = HybridRetriever(settings, self.index, self.embedder)
        self.llm = llm if llm is not None else make_llm(settings)

    @property
    def lexical(self):
        """The BM25 side of the retriever."""
        return self.retriever.lexical

    # ------------------------------------------------------------------ public

    def answer(
        self,
        question: str,
        history: list | None = None,
        filters: Filters | None = None,
        mode: str | None = None,
        retrieval_mode: str = "hybrid",
    ) -> Answer:
        """Answer one question; `mode` is 'extractive' or 'llm' (default from settings)."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.answer.max_question_chars)
        history = clean_history(history, self.settings.answer.max_history_turns, self.settings.answer.max_question_chars)
        mode = mode or self.settings.answer.mode
        if mode not in {"extractive", "llm"}:
            raise InputError(f"Unbekannter Modus '{mode}' (erlaubt: extractive, llm).")
        notes: list[str] = []
        standalone = self._standalone(question, history, mode, notes)
        result = self.retriever.retrieve(standalone, filters, mode=retrieval_mode)
        timings = {"retrieve_ms": result.timings["dense_ms"] + result.timings["lexical_ms"], "rerank_ms": result.timings["rerank_ms"]}
        generate_started = time.perf_counter()
        if mode == "llm" and self.llm is not None:
            try:
                answer = self._llm_answer(question, standalone, result.passages, notes)
            except LLMUnavailableError:
                notes.append(LLM_FALLBACK_NOTE)
                answer = self._extractive_answer(question, standalone, result.passages, notes, result.query_vector)
        else:
            if mode == "llm":
                notes.append(LLM_FALLBACK_NOTE)
            answer = self._extractive_answer(question, standalone, result.passages, notes, result.query_vector)
        timings["generate_ms"] = (time.perf_counter() - generate_started) * 1000
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        answer.timings = {k: round(v, 2) for k, v in timings.items()}
        answer.settings_hash = self.settings.settings_hash()
        return answer

    # ------------------------------------------------------------------ steps

    def _standalone(self, question: str, history: list[dict], mode: str, notes: list[str]) -> str:
        """Rule-based condensing; the LLM rewrites follow-ups in llm mode."""
        if not history:
            return question
        if mode == "llm" and self.llm is not None:
            from assistant.answer.condense import is_follow_up

            if is_follow_up(question):
                transcript = "\n".join(f"{t['role']}: {t['content'][:500]}" for t in history[-6:])
                try:
                    rewritten = chat(self.llm, "Du formulierst Fragen um.", CONDENSE_PROMPT.format(history=transcript, question=question))
                    rewritten = rewritten.strip().strip('"„“').splitlines()[0] if rewritten.strip() else ""
                    if rewritten and len(rewritten) <= self.settings.answer.max_question_chars:
                        return rewritten
                except LLMUnavailableError:
                    pass
        return condense(question, history, idf=self._word_idf)

    def _word_idf(self, word: str) -> float:
        """idf of a raw word (via the German analyzer)."""
        tokens = self.lexical.analyzer.analyze_word(word)
        return self.lexical.idf(tokens[0]) if tokens else 0.0

    def _refusal(self, question: str, standalone: str, mode: str, passages: list[Passage], notes: list[str]) -> Answer:
        return Answer(
            question=question, standalone_question=standalone, answer=REFUSAL, abstained=True, mode=mode,
            suggestions=suggestions_for(passages), notes=notes,
        )

    def _extractive_answer(
        self, question: str, standalone: str, passages: list[Passage], notes: list[str], query_vector=None
    ) -> Answer:
        """Pick supporting sentences and cite them; abstain below the calibrated threshold."""
        profile = profile_question(standalone, self.lexical)
        depth = self.settings.retrieval.top_k * 4 if (profile.wants_date or profile.wants_number) else self.settings.retrieval.top_k
        scored = score_sentences(profile, passages, self.lexical, max_passages=depth)
        scored = add_semantic_scores(scored, query_vector, self.embedder, self.settings.answer.sentence_semantic_weight)
        if not scored or scored[0].ctx < self.settings.answer.abstain_threshold:
            refusal = self._refusal(question, standalone, "extractive", passages, notes)
            refusal.confidence = round(scored[0].ctx, 4) if scored else 0.0
            return refusal
        chosen = select_sentences(scored, profile, self.settings.answer.max_answer_sentences)
        if profile.wants_list:
            chosen.sort(key=lambda s: (s.passage, s.start))
        numbers: dict[int, int] = {}
        spans: dict[int, list[tuple[int, int]]] = {}
        parts = []
        dropped = []
        for sentence in chosen:
            passage = passages[sentence.passage]
            if not supports(sentence.text, passage.chunk.text, self.settings.answer.verify_min_overlap):
                dropped.append(sentence.text)
                continue
            n = numbers.setdefault(sentence.passage, len(numbers) + 1)
            spans.setdefault(sentence.passage, []).append((sentence.start, sentence.end))
            text = sentence.text.rstrip()
            parts.append(f"{text} [{n}]")
        if not parts:
            return self._refusal(question, standalone, "extractive", passages, notes)
        citations = []
        for passage_index, n in sorted(numbers.items(), key=lambda kv: kv[1]):
            covered = sorted(spans[passage_index])
            citations.append(make_citation(n, passages[passage_index], covered[0][0], covered[-1][1]))
        return Answer(
            question=question, standalone_question=standalone, answer=" ".join(parts), abstained=False,
            mode="extractive", citations=citations, dropped=dropped, notes=notes, confidence=round(chosen[0].ctx, 4),
        )

    def _llm_prompt(self, standalone: str, passages: list[Passage]) -> tuple[str, list[Passage]]:
        shown = passages[: self.settings.retrieval.top_k]
        blocks = []
        for n, p in enumerate(shown, start=1):
            m = p.chunk.metadata
            where = ", ".join(x for x in [f"S. {m['page_label']}" if m.get("page_label") else "", m.get("section", "")] if x)
            text = p.chunk.text.replace("</quelle>", "</ quelle>")
            blocks.append(SOURCE_BLOCK.format(n=n, title=m.get("title", ""), where=where, text=text))
        question = standalone.replace("</frage>", "</ frage>")
        return USER_PROMPT.format(sources="\n\n".join(blocks), question=question), shown

    def _llm_answer(self, question: str, standalone: str, passages: list[Passage], notes: list[str]) -> Answer:
        """Generate with the LLM, then verify each sentence against the passage it cites."""
        if not passages:
            return self._refusal(question, standalone, "llm", passages, notes)
        prompt, shown = self._llm_prompt(standalone, passages)
        raw = "".join(stream_chat(self.llm, SYSTEM_PROMPT, prompt))
        return self._verified_llm_answer(question, standalone, raw, shown, notes)

    def _verified_llm_answer(self, question: str, standalone: str, raw: str, shown: list[Passage], notes: list[str]) -> Answer:
        """Keep only sentences whose cited passage supports them; renumber citations to those kept."""
        if REFUSAL.rstrip(".") in raw:
            return self._refusal(question, standalone, "llm", shown, notes)
        kept: list[tuple[str, list[int]]] = []
        dropped: list[str] = []
        for sentence, numbers in split_cited_sentences(raw):
            valid = [n for n in numbers if 1 <= n <= len(shown)]
            if valid and all(supports(sentence, shown[n - 1].chunk.text, self.settings.answer.verify_min_overlap) for n in valid):
                kept.append((sentence, valid))
            else:
                dropped.append(sentence)
        if not kept:
            notes.append(DROPPED_NOTE)
            return self._refusal(question, standalone, "llm", shown, notes)
        renumber: dict[int, int] = {}
        parts = []
        for sentence, numbers in kept:
            markers = "".join(f"[{renumber.setdefault(n, len(renumber) + 1)}]" for n in dict.fromkeys(numbers))
            parts.append(f"{sentence.rstrip()} {markers}")
        citations = []
        for old, new in sorted(renumber.items(), key=lambda kv: kv[1]):
            passage = shown[old - 1]
            quote_span = _best_quote_span(passage.chunk.text, [s for s, ns in kept if old in ns])
            citations.append(make_citation(new, passage, *quote_span))
        if dropped:
            notes.append(DROPPED_NOTE)
        return Answer(
            question=question, standalone_question=standalone, answer=" ".join(parts), abstained=False,
            mode="llm", citations=citations, dropped=dropped, notes=notes,
        )


def _best_quote_span(passage: str, sentences: list[str]) -> tuple[int, int]:
    """The passage sentence that shares most words with the answer sentences citing it."""
    from assistant.core.sentences import split_sentences

    wanted = set(re.findall(r"\w{4,}", " ".join(sentences).lower()))
    best, best_hits = (0, min(len(passage), 300)), -1
    for a, b in split_sentences(passage):
        hits = len(wanted & set(re.findall(r"\w{4,}", passage[a:b].lower())))
        if hits > best_hits:
            best, best_hits = (a, b), hits
    return best
