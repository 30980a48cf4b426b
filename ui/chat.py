"""The German Gradio chat for staff: structured answers, numbered sources (beside the answer on wide screens,
collapsible under it on phones), document filter, copy, in-memory briefing. Nothing of a conversation touches disk."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import gradio as gr

from assistant.app.briefing import briefing_markdown
from assistant.core.errors import AgendaError
from assistant.core.types import Answer, Filters
from ui.render import german_sort_key, message_html, sources_html
from ui.security import RateLimited

STATIC = Path(__file__).with_name("static")
EXAMPLES = [
    "Welche Regionalkonferenzen gab es und wann?",
    "Wann fand die Regionalkonferenz in Kiel statt?",
    "Welche Schwerpunkte hatte die Konferenz in Köln?",
    "Wie hoch ist die Förderung beim CityLAB Berlin bei Fehlbedarfsfinanzierung?",
    "Wann tritt die E-Rechnungsverordnung in Kraft?",
]
MODES = [("Auszug aus den Unterlagen", "extractive"), ("Sprachmodell", "llm")]
FONT_STACK = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
WELCOME = ("**Willkommen beim Agenda-Assistenten.**\n\nFragen Sie zu kommunalen Digitalstrategien, Förderrichtlinien und "
           "Gesetzen. Jede Aussage ist mit einer Quelle [n] belegt; steht etwas nicht in den Unterlagen, sagt der "
           "Assistent das. Beispiele stehen unter dem Eingabefeld.")
HEAD = (STATIC / "chat-head.html").read_text(encoding="utf-8")
CSS = (STATIC / "chat.css").read_text(encoding="utf-8")
DOWNLOAD_JS = """(text) => {
  if (!text) { return; }
  const blob = new Blob([text], {type: 'text/markdown;charset=utf-8'});
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'briefing.md';
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}"""


def theme() -> gr.themes.Base:
    """One font stack from the system (no web fonts are fetched)."""
    return gr.themes.Default(font=FONT_STACK, font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"])


def _caller(state, request: gr.Request | None):
    if request is None:
        return None
    headers = {str(k).lower(): str(v) for k, v in dict(request.headers).items()}
    peer = request.client.host if getattr(request, "client", None) else ""
    return state.gate.identify(headers, peer)


def _filter_choices(state) -> list[tuple[str, str]]:
    docs = sorted(state.documents(), key=lambda d: german_sort_key(d["title"] or d["doc_id"]))
    return [(d["title"] or d["doc_id"], d["doc_id"]) for d in docs]


def _answer(state, question, history, doc_ids, mode, request):
    """Ask the engine for one chat question; returns (answer, error message)."""
    who = _caller(state, request)
    if who is None:
        return None, "Anmeldung erforderlich."
    try:
        state.limiter.take(who.client_id)
        state.log_question(who, question)
        return state.engine.answer(question, history, filters=Filters(doc_ids=list(doc_ids or [])), mode=mode), ""
    except RateLimited as exc:
        return None, f"Zu viele Fragen in kurzer Zeit; bitte in {exc.retry_after} s erneut versuchen."
    except AgendaError as exc:
        return None, str(exc)


def make_respond(state):
    """The chat's event handler: streams the answer, then shows it structured with its sources."""

    def respond(question, chat, history, answered, doc_ids, mode, request: gr.Request):
        question, chat = (question or "").strip(), list(chat or [])
        hide = gr.update(visible=False)
        if not question:
            yield chat, history, answered, gr.update(), "", hide, question
            return
        chat += [{"role": "user", "content": html.escape(question)}, {"role": "assistant", "content": "…"}]
        yield chat, history, answered, gr.update(), "", hide, question
        answer, problem = _answer(state, question, history, doc_ids, mode, request)
        if answer is None:
            chat[-1] = {"role": "assistant", "content": f'<p class="verweigert">{html.escape(problem)}</p>'}
            yield chat, history, answered, gr.update(), "", hide, question
            return
        shown = ""
        for index, word in enumerate(re.findall(r"\S+\s*", answer.answer)):
            shown += word
            if index % 6 == 5:
                chat[-1] = {"role": "assistant", "content": html.escape(shown)}
                yield chat, history, answered, gr.update(), "", hide, question
                time.sleep(0.01)
        titles = {v: k for k, v in _filter_choices(state)} if doc_ids else {}
        filter_titles = [titles.get(d, d) for d in doc_ids or []]
        chat[-1] = {"role": "assistant", "content": message_html(answer, filter_titles)}
        history = list(history) + [{"role": "user", "content": answer.standalone_question}, {"role": "assistant", "content": answer.answer}]
        answered = list(answered) + [(question, answer.model_dump())]
        widen = gr.update(visible=bool(answer.abstained and doc_ids))
        yield chat, history, answered, sources_html(answer, filter_titles), "", widen, question

    return respond


def briefing(answered) -> str:
    """The conversation's briefing as Markdown, built in memory (the browser saves it; the server writes nothing)."""
    if not answered:
        gr.Info("Noch keine Antwort: das Briefing enthält die Antworten dieser Unterhaltung.")
        return ""
    return briefing_markdown([(q, Answer(**a)) for q, a in answered], title="Briefing aus dem Chat")


def reset():
    """„Chat leeren“: conversation, history, briefing material and sources are gone."""
    return [], [], [], sources_html(None), "", gr.update(visible=False), ""


def build_chat_ui(state) -> gr.Blocks:
    """Gradio Blocks bound to the shared engine in `state` (which also holds the gate and the rate limiter)."""
    modes = MODES if state.engine.llm is not None else MODES[:1]
    respond = make_respond(state)

    with gr.Blocks(title="Agenda-Assistent", fill_width=True) as demo:
        gr.HTML('<header class="kopfzeile"><h1>Agenda-Assistent</h1><p>Fragen zu kommunalen Digitalstrategien – '
                'jede Aussage mit Quelle.</p><form method="post" action="/logout"><button class="abmelden">Abmelden'
                '</button></form></header>')
        history, answered, last_question = gr.State([]), gr.State([]), gr.State("")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                chatbot = gr.Chatbot(label="Unterhaltung", height="62vh", elem_id="chat", buttons=[], sanitize_html=True,
                                     feedback_options=None, placeholder=WELCOME, layout="bubble", autoscroll=False)
                with gr.Row():
                    box = gr.Textbox(placeholder="Frage eingeben, z. B. „Wann fand die Konferenz in Kiel statt?“",
                                     show_label=False, scale=5, elem_id="frage", max_lines=4, submit_btn=False)
                    send = gr.Button("Fragen", variant="primary", scale=1, elem_id="senden", min_width=90)
                widen = gr.Button("In allen Dokumenten suchen", visible=False, elem_id="alle-suchen")
                with gr.Row():
                    new = gr.Button("Chat leeren", elem_id="neu", size="sm")
                    download = gr.Button("Briefing herunterladen (Markdown)", elem_id="briefing", size="sm")
                gr.Examples(EXAMPLES, inputs=box, label="Beispielfragen")
            with gr.Column(scale=2, min_width=300, elem_id="seite"):
                docs = gr.Dropdown(choices=[], multiselect=True, label="Nur in diesen Dokumenten suchen", elem_id="filter")
                mode = gr.Radio(modes, value="extractive", label="Antwortart", elem_id="modus")
                sources = gr.HTML(sources_html(None), elem_id="quellen", label="Quellen")
        briefing_text = gr.Textbox(visible=False)
        outputs = [chatbot, history, answered, sources, box, widen, last_question]
        inputs = [box, chatbot, history, answered, docs, mode]
        send.click(respond, inputs, outputs)
        box.submit(respond, inputs, outputs)
        widen.click(lambda q: (q, []), last_question, [box, docs]).then(respond, inputs, outputs)
        new.click(reset, None, outputs)
        chatbot.clear(reset, None, outputs)  # the chat's own trash icon forgets the conversation and briefing too
        download.click(briefing, answered, briefing_text).then(None, briefing_text, None, js=DOWNLOAD_JS)
        refresh = lambda: gr.update(choices=_filter_choices(state))  # noqa: E731 - uploads appear without a restart
        demo.load(refresh, None, docs)
        docs.focus(refresh, None, docs)
    return demo
