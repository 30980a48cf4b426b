"""LLM answering: numbered sources in, every generated sentence verified against the source it cites."""

from __future__ import annotations

from assistant.answer.citations import CitationNumbering, best_quote_span, render_text
from assistant.answer.condense import Standalone
from assistant.answer.prompts import DROPPED_NOTE, REFUSAL, SOURCE_BLOCK, SYSTEM_PROMPT, USER_PROMPT
from assistant.answer.verify import split_cited_sentences, supports
from assistant.core.settings import Settings
from assistant.core.types import Answer, Block
from assistant.models.llm import stream_chat


class LLMAnswerer:
    """Answers with an OpenAI-compatible model; raises LLMUnavailableError when the server fails."""

    def __init__(self, settings: Settings, llm):
        self.settings = settings
        self.llm = llm

    def prompt(self, standalone: str, passages: list) -> tuple[str, list]:
        """The user prompt with the top passages fenced as data, and the passages shown."""
        shown = passages[: self.settings.retrieval.top_k]
        blocks = []
        for n, p in enumerate(shown, start=1):
            m = p.chunk.metadata
            where = ", ".join(x for x in [f"S. {m['page_label']}" if m.get("page_label") else "", m.get("section", "")] if x)
            text = p.chunk.text.replace("</quelle>", "</ quelle>")
            blocks.append(SOURCE_BLOCK.format(n=n, title=m.get("title", ""), where=where, text=text))
        question = standalone.replace("</frage>", "</ frage>")
        return USER_PROMPT.format(sources="\n\n".join(blocks), question=question), shown

    def answer(self, question: str, standalone: Standalone, passages: list, notes: list[str], query_vector=None) -> Answer:
        """Generate, then keep only supported sentences (abstained=True with empty text when nothing holds)."""
        context = standalone.context
        standalone = f"{standalone.text} (Vorherige Frage: {context})" if context else standalone.text
        refusal = Answer(question=question, standalone_question=standalone, answer="", abstained=True, mode="llm", notes=notes)
        if not passages:
            return refusal
        prompt, shown = self.prompt(standalone, passages)
        raw = "".join(stream_chat(self.llm, SYSTEM_PROMPT, prompt))
        return self.verified(question, standalone, raw, shown, notes) or refusal

    def verified(self, question: str, standalone: str, raw: str, shown: list, notes: list[str]) -> Answer | None:
        """Sentences whose cited passages support them, renumbered to the passages kept; None if none holds."""
        if REFUSAL.rstrip(".") in raw:
            return None
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
            return None
        numbering = CitationNumbering()
        blocks = []
        for sentence, numbers in kept:
            cited = []
            for old in dict.fromkeys(numbers):
                passage = shown[old - 1]
                start, end = best_quote_span(passage.chunk.text, [s for s, ns in kept if old in ns])
                cited.append(numbering.cite(passage.chunk, start, end, passage.score))
            blocks.append(Block(kind="paragraph", text=sentence.rstrip(), citations=cited))
        if dropped:
            notes.append(DROPPED_NOTE)
        return Answer(
            question=question, standalone_question=standalone, answer=render_text(blocks), abstained=False, mode="llm",
            citations=numbering.citations(), blocks=blocks, dropped=dropped, notes=notes,
        )
