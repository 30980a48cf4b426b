"""LLM mode against a scripted OpenAI-compatible server over real HTTP (canned replies)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.answer.engine import AnswerEngine
from assistant.answer.prompts import LLM_FALLBACK_NOTE, REFUSAL

pytestmark = pytest.mark.slow


class ScriptedLLM(BaseHTTPRequestHandler):
    """Replies from a queue; streams as SSE when asked to."""

    replies: list[str] = []
    requests: list[dict] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        reply = type(self).replies.pop(0) if type(self).replies else REFUSAL
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(reply), 12):
                chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake",
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": reply[i : i + 12]}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        payload = {"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def llm_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedLLM)
    ScriptedLLM.replies, ScriptedLLM.requests = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def _engine(engine, url, **overrides):
    settings = engine.settings.with_overrides(**{"llm_url": url, "mode": "llm", "llm_timeout": 5.0, **overrides})
    return AnswerEngine(settings, index=engine.index, embedder=engine.embedder)


def test_llm_answer_is_verified_and_wrong_citation_dropped(engine, llm_server):
    llm_engine = _engine(engine, llm_server)
    passages = llm_engine.retriever.retrieve("Wann fand die Regionalkonferenz in Kiel statt?").passages[:5]
    kiel = next(n for n, p in enumerate(passages, start=1) if "27.01.2016 Kiel" in p.chunk.text)
    wrong = 1 if kiel != 1 else 2
    ScriptedLLM.replies = [
        f"Die Regionalkonferenz in Kiel fand am 27.01.2016 statt [{kiel}]. "
        f"Sie hatte 5000 Teilnehmende aus ganz Europa [{wrong}]."
    ]
    answer = llm_engine.answer("Wann fand die Regionalkonferenz in Kiel statt?", mode="llm")
    assert answer.mode == "llm" and not answer.abstained
    assert "27.01.2016" in answer.answer and "5000" not in answer.answer
    assert answer.dropped == ["Sie hatte 5000 Teilnehmende aus ganz Europa"]
    assert [c.n for c in answer.citations] == [1] and "[1]" in answer.answer
    request = ScriptedLLM.requests[-1]
    assert request["messages"][0]["role"] == "system" and "[1]" in request["messages"][0]["content"]
    assert "<quelle" in request["messages"][1]["content"]


def test_llm_refusal_is_passed_through(engine, llm_server):
    llm_engine = _engine(engine, llm_server)
    ScriptedLLM.replies = [REFUSAL]
    answer = llm_engine.answer("Wie viele Mitarbeiter hat Vitako?", mode="llm")
    assert answer.abstained and answer.answer == REFUSAL and answer.suggestions


def test_unreachable_server_falls_back_to_extractive(engine):
    llm_engine = _engine(engine, "http://127.0.0.1:9/v1", llm_timeout=1.0)
    answer = llm_engine.answer("Wann fand die Regionalkonferenz in Kiel statt?", mode="llm")
    assert answer.mode == "extractive" and LLM_FALLBACK_NOTE in answer.notes
    assert "27.01.2016" in answer.answer
