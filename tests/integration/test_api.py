"""HTTP API with FastAPI's TestClient (the openai client against a running server: tests/e2e/test_api.py)."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.answer.engine import AnswerEngine
from tests.conftest import make_settings
from ui.server import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(corpus_settings, engine):
    return TestClient(create_app(corpus_settings, engine=engine), base_url="http://localhost")


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["chunks"] > 1000


def test_ask_returns_the_answer_json(client):
    response = client.post("/api/ask", json={"question": "Wann fand die Regionalkonferenz in Kiel statt?"})
    body = response.json()
    assert response.status_code == 200 and "27.01.2016" in body["answer"] and not body["abstained"]
    assert body["citations"][0]["doc_id"] == "positionspapier-2016" and body["citations"][0]["quote"]
    follow = client.post("/api/ask", json={"question": "Und in Brehna?", "history": [
        {"role": "user", "content": "Wann fand die Regionalkonferenz in Kiel statt?"}, {"role": "assistant", "content": body["answer"]}]})
    assert "13.04.2016" in follow.json()["answer"]
    filtered = client.post("/api/ask", json={"question": "Wann tritt die Verordnung in Kraft?", "filters": {"doc_ids": ["erechv"]}})
    assert {c["doc_id"] for c in filtered.json()["citations"]} == {"erechv"}


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"question": ""}, 400),
        ({"question": "   "}, 400),
        ({"question": 42}, 422),
        ({"question": "Kiel?", "unbekannt": 1}, 422),
        ({"question": "Kiel?", "history": "kein array"}, 422),
        ({"question": "Kiel?", "mode": "zauberei"}, 422),
        ({}, 422),
    ],
)
def test_bad_requests_get_clear_4xx(client, payload, status):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == status and response.json()["detail"]


def test_malformed_json_and_oversize_body(client):
    bad = client.post("/api/ask", content=b"{kaputt", headers={"content-type": "application/json"})
    assert bad.status_code == 422 and "JSON" in bad.json()["detail"]
    huge = client.post("/api/ask", content=b"{" + b" " * (3 * 1024 * 1024) + b"}", headers={"content-type": "application/json"})
    assert huge.status_code == 413


def test_documents_listing_and_detail(client):
    docs = client.get("/api/documents").json()
    assert {d["doc_id"] for d in docs} >= {"positionspapier-2016", "ozg", "berlin-citylab-2019"}
    assert all("path" not in d for d in docs)
    detail = client.get("/api/documents/berlin-citylab-2019").json()
    assert detail["kind"] == "Richtlinie" and {p["page"] for p in detail["passages"]} == {"1", "2", "3", "4", "5", "6"}
    assert client.get("/api/documents/gibt-es-nicht").status_code == 404
    assert client.get("/api/documents/..%2F..%2Fetc").status_code in (400, 404)


def test_batch_endpoint_formats(client):
    jsonl = client.post("/api/batch", json={"questions": ["Wann fand die Regionalkonferenz in Kiel statt?", "Wie backe ich einen Apfelkuchen?"]})
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert "27.01.2016" in records[0]["answer"] and records[1]["abstained"]
    md = client.post("/api/batch", json={"questions": ["Wann fand die Regionalkonferenz in Kiel statt?"], "format": "md"})
    assert md.text.startswith("# Briefing") and "[^1]" in md.text
    docx = client.post("/api/batch", json={"questions": ["Wann fand die Regionalkonferenz in Kiel statt?"], "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_openai_compatible_routes_non_streaming_and_streaming(client):
    models = client.get("/v1/models").json()
    assert models["data"][0]["id"] == "agenda-assistent"
    body = client.post("/v1/chat/completions", json={"model": "agenda-assistent", "messages": [
        {"role": "system", "content": "Sei nett."}, {"role": "user", "content": "Wann fand die Regionalkonferenz in Kiel statt?"}]}).json()
    assert "27.01.2016" in body["choices"][0]["message"]["content"] and body["citations"][0]["n"] == 1
    with client.stream("POST", "/v1/chat/completions", json={"messages": [{"role": "user", "content": "Wann fand die Regionalkonferenz in Kiel statt?"}], "stream": True}) as stream:
        lines = [line for line in stream.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "27.01.2016" in text and chunks[-1]["citations"]
    assert client.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "x"}]}).status_code == 400


def test_auth_tokens_admin_and_rate_limit(tmp_path, model_path, small_corpus, engine):
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path / "data", model_path, api_tokens="lesen-123", admin_tokens="admin-456", rate_limit_per_minute=30)
    ingest_paths([small_corpus], settings, embedder_factory=lambda: engine.embedder)
    app = create_app(settings, engine=AnswerEngine(settings, embedder=engine.embedder))
    with TestClient(app, base_url="http://localhost") as client:
        assert client.post("/api/ask", json={"question": "Kiel?"}).status_code == 401
        wrong = client.post("/api/ask", json={"question": "Kiel?"}, headers={"Authorization": "Bearer falsch-999"})
        assert wrong.status_code == 401 and "falsch-999" not in wrong.text
        ok = client.post("/api/ask", json={"question": "Wann fand die Regionalkonferenz in Kiel statt?"}, headers={"Authorization": "Bearer lesen-123"})
        assert ok.status_code == 200
        reader = {"Authorization": "Bearer lesen-123"}
        admin = {"Authorization": "Bearer admin-456"}
        upload = client.post("/api/documents", files={"file": ("../../boese Datei.txt", "Die Musterstadt plant 2027 ein Bürgerportal mit 40 Leistungen.".encode())}, headers=reader)
        assert upload.status_code == 403
        upload = client.post("/api/documents", files={"file": ("../../boese Datei.txt", b"Die Musterstadt plant 2027 ein Buergerportal mit 40 Leistungen.")}, headers=admin)
        assert upload.status_code == 200, upload.text
        doc_id = upload.json()["doc_id"]
        assert doc_id == "boese-datei"
        stored = list((settings.data_dir / "uploads").rglob("*.txt"))
        assert len(stored) == 1 and settings.data_dir.resolve() in stored[0].resolve().parents
        answer = client.post("/api/ask", json={"question": "Wie viele Leistungen plant die Musterstadt im Bürgerportal?"}, headers=reader).json()
        assert "40" in answer["answer"] and answer["citations"][0]["doc_id"] == doc_id
        assert client.post("/api/documents", files={"file": ("x.exe", b"MZ")}, headers=admin).status_code == 415
        assert client.post("/api/documents", files={"file": ("leer.pdf", b"")}, headers=admin).status_code == 422
        assert client.delete(f"/api/documents/{doc_id}", headers=reader).status_code == 403
        assert client.delete(f"/api/documents/{doc_id}", headers=admin).json()["removed_chunks"] >= 1
        assert not list((settings.data_dir / "uploads").rglob("*.txt"))
        assert client.get(f"/api/documents/{doc_id}", headers=reader).status_code == 404
        statuses = [client.get("/v1/models", headers=reader).status_code for _ in range(40)]
        assert 429 in statuses
        limited = client.get("/v1/models", headers=reader)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1


def test_a_batch_of_n_counts_n_against_the_rate_limit(corpus_settings, engine):
    app = create_app(corpus_settings.with_overrides(rate_limit_per_minute=5), engine=engine)
    with TestClient(app, base_url="http://localhost") as client:
        too_many = client.post("/api/batch", json={"questions": ["Kiel?"] * 6})
        assert too_many.status_code == 429 and int(too_many.headers["Retry-After"]) >= 1 and too_many.json()["detail"]
        assert client.post("/api/batch", json={"questions": ["Wann fand die Regionalkonferenz in Kiel statt?"] * 4}).status_code == 200
        assert client.post("/api/ask", json={"question": "Wann fand die Regionalkonferenz in Kiel statt?"}).status_code == 200
        assert client.post("/api/ask", json={"question": "Wann fand die Regionalkonferenz in Kiel statt?"}).status_code == 429


def test_refuses_public_bind_without_tokens(corpus_settings):
    from assistant.core.errors import AgendaError
    from ui.server import serve

    with pytest.raises(AgendaError) as info:
        serve(corpus_settings, host="0.0.0.0", port=1)
    assert "--insecure" in str(info.value)
