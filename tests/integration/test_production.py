"""Production faults in process: huge and odd uploads change nothing (real socket and a running ingest: tests/e2e)."""

import io

import pytest
from fastapi.testclient import TestClient

from assistant.store.chroma import ChunkIndex

pytestmark = pytest.mark.slow
ADMIN = {"Authorization": "Bearer admin-789"}


def _ids(settings):
    return sorted(c.id for c in ChunkIndex(settings).all_chunks(include_text=False))


def test_bad_uploads_change_nothing(admin_app):
    from pypdf import PdfWriter

    settings, app = admin_app
    before = _ids(settings)
    writer = PdfWriter()
    for _ in range(2000):
        writer.add_blank_page(width=100, height=100)
    blank = io.BytesIO()
    writer.write(blank)
    with TestClient(app, base_url="http://localhost") as client:
        response = client.post("/api/documents", files={"file": ("leer.pdf", blank.getvalue())}, headers=ADMIN)
        assert response.status_code == 422 and "keinen Text" in response.json()["detail"]
        huge = client.post("/api/documents", content=b"x" * (201 * 1024 * 1024),
                           headers=ADMIN | {"Content-Type": "multipart/form-data; boundary=x"})
        assert huge.status_code == 413
        over = client.post("/api/documents", files={"file": ("gross.txt", b"Wort " * (1_200_000))}, headers=ADMIN)
        assert over.status_code == 413 and "zu groß" in over.json()["detail"]
        nul = client.post("/api/documents", files={"file": ("bo\x00se.txt", "Ein Text über Glasfaser.".encode())}, headers=ADMIN)
        assert nul.status_code in (200, 400, 422)
        if nul.status_code == 200:
            assert "\x00" not in nul.json()["doc_id"] and "/" not in nul.json()["doc_id"]
            client.delete(f"/api/documents/{nul.json()['doc_id']}", headers=ADMIN)
        binary = client.post("/api/documents", files={"file": ("daten.txt", bytes(range(256)) * 100)}, headers=ADMIN)
        assert binary.status_code == 422 and "Binärdaten" in binary.json()["detail"]
    assert _ids(settings) == before
    assert not [p for p in (settings.data_dir / "uploads").rglob("*") if p.is_file()]


