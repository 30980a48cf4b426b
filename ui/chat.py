"""The German Gradio chat for staff: streaming answers, numbered sources with highlighted quotes, controls."""

from __future__ import annotations

import html
import re
import time
import uuid

import gradio as gr

from assistant.core.types import Answer
from assistant.app.briefing import briefing_markdown
from assistant.core.errors import AgendaError
from assistant.answer.prompts import SUGGESTIONS_INTRO
from assistant.core.types import Filters

EXAMPLES = [
    "Wann fand die Regionalkonferenz in Kiel statt?",
    "Welche Schwerpunkte hatte die Konferenz in Köln?",
    "Welche Konferenzen fanden 2015 statt?",
    "Wie hoch ist die Förderung beim CityLAB Berlin bei Fehlbedarfsfinanzierung?",
    "Wann tritt die E-Rechnungsverordnung in Kraft?",
    "Wie hoch ist das Fördervolumen von Ulm4CleverCity?",
]

HEAD = """
<script>
document.addEventListener('click', function (event) {
  var link = event.target.closest && event.target.closest('a[href^="#quelle-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  var id = link.getAttribute('href').slice(1);
  var target = document.getElementById(id);
  if (!target) return;
  document.querySelectorAll('.quelle.fokus').forEach(function (el) { el.classList.remove('fokus'); });
  target.classList.add('fokus');
  target.scrollIntoView({behavior: 'smooth', block: 'center'});
}, true);
</script>
"""

CSS = """
.quelle { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin-bottom: 10px; }
.quelle.fokus { border-color: #0b6bcb; box-shadow: 0 0 0 2px #0b6bcb33; }
.quelle .kopf { font-weight: 600; margin-bottom: 4px; }
.quelle .ort { color: #57606a; font-size: 0.9em; }
.quelle blockquote { margin: 6px 0 0 0; white-space: pre-wrap; font-size: 0.92em; }
.quelle mark { background: #fff3b0; padding: 0 2px; }
.verweigert { color: #9a6700; }
"""


def answer_markdown(answer: Answer) -> str:
    """Answer text for the chat: escaped, with [n] markers as links to their sources."""
    text = html.escape(answer.answer)
    if answer.abstained:
        return f"_{text}_"
    return re.sub(r"\[(\d+)\]", lambda m: f"[[{m.group(1)}]](#quelle-{m.group(1)})", text)


def sources_html(answer: Answer | None) -> str:
    """The source panel: one card per citation, the quoted sentence highlighted; everything escaped."""
    if answer is None:
        return "<p>Die Quellen zur Antwort erscheinen hier.</p>"
    if answer.abstained:
        items = "".join(
            f"<li>{html.escape(s.title)}" + (f" › {html.escape(s.section)}" if s.section else "")
            + (f", S. {html.escape(s.page)}" if s.page else "") + "</li>"
            for s in answer.suggestions
        )
        return (f'<p class="verweigert">{html.escape(answer.answer)}</p>'
                + (f"<p>{html.escape(SUGGESTIONS_INTRO)}</p><ul>{items}</ul>" if items else ""))
    cards = []
    for c in answer.citations:
        text = c.text
        passage = (html.escape(text[: c.quote_start]) + "<mark>" + html.escape(text[c.quote_start : c.quote_end])
                   + "</mark>" + html.escape(text[c.quote_end :]))
        meta = " · ".join(html.escape(x) for x in [c.kind, c.date, f"S. {c.page}" if c.page else "", c.section] if x)
        cards.append(
            f'<div class="quelle" id="quelle-{c.n}"><div class="kopf">[{c.n}] {html.escape(c.title)}</div>'
            f'<div class="ort">{meta}</div><blockquote>{passage}</blockquote></div>'
        )
    notes = "".join(f"<p class='ort'>{html.escape(n)}</p>" for n in answer.notes)
    return notes + "".join(cards)


def build_chat_ui(state) -> gr.Blocks:
    """Gradio Blocks bound to the shared engine in `state`."""
    engine = state.engine
    documents = state.documents()
    modes = ["extractive", "llm"] if engine.llm is not None else ["extractive"]

    def respond(question, chat, history, answered, doc_ids, mode):
        question = (question or "").strip()
        chat = list(chat or [])
        if not question:
            yield chat, history, answered, gr.update(), gr.update(), ""
            return
        chat.append({"role": "user", "content": html.escape(question)})
        chat.append({"role": "assistant", "content": "…"})
        yield chat, history, answered, gr.update(), gr.update(), ""
        try:
            answer = engine.answer(question, history, filters=Filters(doc_ids=list(doc_ids or [])), mode=mode)
        except AgendaError as exc:
            chat[-1] = {"role": "assistant", "content": f"_{html.escape(str(exc))}_"}
            yield chat, history, answered, gr.update(), gr.update(), ""
            return
        words = re.findall(r"\S+\s*", answer.answer)
        shown = ""
        for index, word in enumerate(words):
            shown += word
            if index % 4 == 3:
                chat[-1] = {"role": "assistant", "content": html.escape(shown)}
                yield chat, history, answered, gr.update(), gr.update(), ""
                time.sleep(0.01)
        chat[-1] = {"role": "assistant", "content": answer_markdown(answer)}
        history = list(history) + [{"role": "user", "content": answer.standalone_question}, {"role": "assistant", "content": answer.answer}]
        answered = list(answered) + [(question, answer.model_dump())]
        path = state.settings.data_dir / "tmp" / f"briefing-{uuid.uuid4().hex[:8]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(briefing_markdown([(q, Answer(**a)) for q, a in answered], title="Briefing aus dem Chat"), encoding="utf-8")
        yield chat, history, answered, sources_html(answer), gr.update(value=str(path)), ""

    def reset():
        return [], [], [], sources_html(None), gr.update(value=None), ""

    with gr.Blocks(title="Agenda-Assistent") as demo:
        gr.Markdown(
            "## Agenda-Assistent\nFragen zu kommunalen Digitalstrategien – jede Aussage mit Quelle. "
            "Steht etwas nicht in den Unterlagen, sagt der Assistent das."
        )
        history = gr.State([])
        answered = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Unterhaltung", height=480, elem_id="chat", buttons=["copy", "copy_all"],
                                     sanitize_html=True, feedback_options=None)
                with gr.Row():
                    box = gr.Textbox(placeholder="Frage eingeben, z. B. „Wann fand die Konferenz in Kiel statt?“",
                                     show_label=False, scale=5, elem_id="frage", max_lines=4)
                    send = gr.Button("Fragen", variant="primary", scale=1, elem_id="senden")
                with gr.Row():
                    new = gr.Button("Neue Unterhaltung", elem_id="neu")
                    download = gr.DownloadButton("Briefing herunterladen (Markdown)", elem_id="briefing")
                gr.Examples(EXAMPLES, inputs=box, label="Beispielfragen")
            with gr.Column(scale=2):
                docs = gr.Dropdown(choices=[(d["title"], d["doc_id"]) for d in documents], multiselect=True,
                                   label="Nur in diesen Dokumenten suchen", elem_id="filter")
                mode = gr.Radio(modes, value=modes[0], label="Modus", elem_id="modus")
                sources = gr.HTML(sources_html(None), elem_id="quellen", label="Quellen")
        outputs = [chatbot, history, answered, sources, download, box]
        inputs = [box, chatbot, history, answered, docs, mode]
        send.click(respond, inputs, outputs)
        box.submit(respond, inputs, outputs)
        new.click(reset, None, outputs)
    return demo
