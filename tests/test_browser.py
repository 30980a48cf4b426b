"""End to end in headless Chromium (Debian's package) with Playwright: chat, sources, XSS, widget."""

import shutil
from pathlib import Path

import pytest

from assistant.answer.engine import AnswerEngine
from tests.conftest import make_settings
from tests.web_helpers import ServerThread
from ui.server import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]
PAYLOAD = 'Die Teststadt plant das Skript <script>window.__xss = 1</script> und das Bild <img src=x onerror="window.__xss = 2"> im Jahr 2031.'


@pytest.fixture(scope="module")
def server(tmp_path_factory, model_path, engine):
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    corpus.mkdir()
    source = Path(__file__).resolve().parents[1] / "corpus"
    for name in ["positionspapier_digitale_agenda_kommunen_2016.md", "corpus.toml"]:
        shutil.copy(source / name, corpus / name)
    (corpus / "teststadt.txt").write_text(PAYLOAD, encoding="utf-8")
    settings = make_settings(root / "data", model_path)
    ingest_paths([corpus], settings, embedder_factory=lambda: engine.embedder)
    app = create_app(settings, engine=AnswerEngine(settings, embedder=engine.embedder))
    with ServerThread(app) as running:
        yield running


@pytest.fixture
def page(tmp_path, request):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.dialogs = dialogs
        yield tab
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            tab.screenshot(path=str(tmp_path / "failure.png"))
        browser.close()


def _ask(page, question):
    page.wait_for_selector("#frage textarea", timeout=60000)
    page.fill("#frage textarea", question)
    page.click("#senden")


def test_chat_answers_with_citation_and_highlighted_source(server, page, tmp_path):
    page.goto(server.url + "/", wait_until="domcontentloaded")
    _ask(page, "Wann fand die Regionalkonferenz in Kiel statt?")
    page.wait_for_selector("#quellen .quelle", timeout=60000)
    assert "27.01.2016" in page.locator("#chat").inner_text()
    marker = page.locator('#chat a[href="#quelle-1"]')
    assert marker.count() == 1
    marker.click()
    page.wait_for_selector("#quelle-1.fokus", timeout=5000)
    assert page.locator("#quelle-1 mark").inner_text() == "27.01.2016 Kiel"
    assert "Positionspapier" in page.locator("#quelle-1 .ort").inner_text()
    page.screenshot(path=str(tmp_path / "chat.png"))


def test_refusal_is_shown_with_suggestions(server, page):
    page.goto(server.url + "/", wait_until="domcontentloaded")
    _ask(page, "Wann fand die Regionalkonferenz in Hamburg statt?")
    page.wait_for_selector("#quellen .verweigert", timeout=60000)
    assert "keine Angaben" in page.locator("#quellen").inner_text()


def test_document_text_with_markup_is_shown_as_text(server, page):
    page.goto(server.url + "/", wait_until="domcontentloaded")
    _ask(page, "Was plant die Teststadt mit dem Skript und dem Bild im Jahr 2031?")
    page.wait_for_selector("#quellen .quelle", timeout=60000)
    shown = page.locator("#quellen").inner_text()
    assert "<script>window.__xss = 1</script>" in shown and 'onerror="window.__xss = 2"' in shown
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("#quellen img, #chat img[src='x']").count() == 0
    assert page.dialogs == []


def test_widget_demo_answers_a_question(server, page):
    page.goto(server.url + "/widget-demo", wait_until="domcontentloaded")
    page.click("#agenda-assistent-widget .knopf")
    page.fill("#agenda-assistent-widget input", "Wann fand die Regionalkonferenz in Kiel statt?")
    page.click("#agenda-assistent-widget button.senden")
    page.wait_for_selector("#agenda-assistent-widget .quellen", timeout=60000)
    text = page.locator("#agenda-assistent-widget .verlauf").inner_text()
    assert "27.01.2016" in text and "[1]" in text
    # page CSS does not reach into the widget (shadow DOM): the page sets button font-size 30px
    size = page.evaluate("getComputedStyle(document.querySelector('#agenda-assistent-widget').shadowRoot.querySelector('.knopf')).fontSize")
    assert size == "15px"
