"""End to end in headless Chromium (Debian's package) with Playwright: login, chat, sources, filter hint, phone layout,
copy, briefing, nothing loaded from outside 127.0.0.1, XSS, widget. Screenshots go to $AGENDA_SCREENSHOTS if set."""

import os
import shutil
from pathlib import Path

import pytest

from assistant.answer.engine import AnswerEngine
from tests.conftest import CORPUS, MODEL_DIR, make_settings
from tests.web_helpers import ServerThread
from ui.server import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]
PAYLOAD = 'Die Teststadt plant das Skript <script>window.__xss = 1</script> und das Bild <img src=x onerror="window.__xss = 2"> im Jahr 2031.'
TOKEN = "lesen-123"
KIEL = "Wann fand die Regionalkonferenz in Kiel statt?"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    corpus.mkdir()
    source = CORPUS
    for name in ["positionspapier_digitale_agenda_kommunen_2016.md", "bund_erechv_e-rechnungsverordnung.md", "corpus.toml"]:
        shutil.copy(source / name, corpus / name)
    (corpus / "teststadt.txt").write_text(PAYLOAD, encoding="utf-8")
    settings = make_settings(root / "data", MODEL_DIR, api_tokens=TOKEN, rate_limit_per_minute=1000)
    ingest_paths([corpus], settings, embedder_factory=lambda: embedder)
    app = create_app(settings, engine=AnswerEngine(settings, embedder=embedder))
    with ServerThread(app) as running:
        yield running


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        running = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield running
        running.close()


def open_page(browser, server, width=1280, height=900, login=True):
    """A new tab (English browser locale on purpose: the UI must still be German), logged in through the form."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    tab = context.new_page()
    tab.outside = []
    tab.on("request", lambda r: tab.outside.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None)
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    if login:
        tab.goto(server.url + "/", wait_until="domcontentloaded")
        tab.fill("#token", TOKEN)
        tab.click("#anmelden")
        tab.wait_for_selector("#frage textarea", timeout=60000)
    return tab


def ask(page, question):
    page.fill("#frage textarea", question)
    page.click("#senden")


def screenshot(page, name, tmp_path):
    folder = Path(os.environ.get("AGENDA_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))


def test_ui_requires_login(server, browser):
    page = open_page(browser, server, login=False)
    page.goto(server.url + "/", wait_until="domcontentloaded")
    assert "/login" in page.url and page.locator("label[for=token]").inner_text() == "Zugangstoken"
    page.fill("#token", "falsch")
    page.click("#anmelden")
    assert "nicht gültig" in page.locator(".fehler").inner_text()
    status = page.evaluate("fetch('/config').then(r => r.status)")
    assert status == 401
    page.fill("#token", TOKEN)
    page.click("#anmelden")
    page.wait_for_selector("#frage textarea", timeout=60000)
    assert page.evaluate("fetch('/config').then(r => r.status)") == 200
    assert page.evaluate("document.cookie") == ""  # the session cookie is HttpOnly
    assert page.evaluate("document.documentElement.lang").startswith("de")  # Gradio's own strings in German
    assert "Willkommen" in page.locator("#chat").inner_text()


def test_chat_answers_with_citation_and_highlighted_source(server, browser, tmp_path):
    page = open_page(browser, server)
    ask(page, KIEL)
    page.wait_for_selector("#quellen .quelle", timeout=60000)
    assert "27.01.2016" in page.locator("#chat .antwort").inner_text()
    page.locator('#chat a.marker[href="#quelle-1"]').first.click()
    page.wait_for_selector("#quelle-1.fokus", timeout=5000)
    assert "27.01.2016 Kiel" in page.locator("#quelle-1 mark").inner_text()
    assert "Positionspapier" in page.locator("#quelle-1 .ort").inner_text()
    link = page.locator("#quelle-1 a.oeffnen").get_attribute("href")
    view = page.context.new_page()
    view.goto(server.url + link)
    assert view.locator("mark#markiert").count() == 1 and "27.01.2016 Kiel" in " ".join(view.locator("mark").all_inner_texts())
    screenshot(page, "desk.png", tmp_path)


def test_refusal_is_shown_with_suggestions(server, browser):
    page = open_page(browser, server)
    ask(page, "Wie backe ich einen Apfelkuchen?")
    page.wait_for_selector("#quellen .verweigert", timeout=60000)
    assert "keine Angaben" in page.locator("#quellen").inner_text()
    assert not page.locator("#alle-suchen").is_visible()


def test_refusal_under_a_filter_says_so_and_offers_all_documents(server, browser):
    page = open_page(browser, server)
    page.click("#filter input")
    page.wait_for_selector("ul[role=listbox] li", timeout=10000)
    titles = page.locator("ul[role=listbox] li").all_inner_texts()
    assert titles == sorted(titles, key=lambda t: t.casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u"))
    page.locator("ul[role=listbox] li", has_text="E-Rechnung").first.click()
    page.keyboard.press("Escape")
    ask(page, KIEL)
    page.wait_for_selector("#chat .verweigert", timeout=60000)
    assert "ausgewählten Dokumenten" in page.locator("#chat .antwort").last.inner_text()
    page.wait_for_selector("#alle-suchen", state="visible", timeout=10000)
    page.click("#alle-suchen")
    page.wait_for_function("document.querySelectorAll('#chat .antwort').length >= 2 && "
                           "document.querySelectorAll('#chat .antwort')[1].innerText.includes('27.01.2016')", timeout=60000)


def test_phone_layout_keeps_sources_within_one_screen(server, browser, tmp_path):
    page = open_page(browser, server, width=390, height=844)
    ask(page, KIEL)
    page.wait_for_selector("#chat .antwort details.quellen-mobil", timeout=60000)
    assert not page.locator("#quellen").is_visible()
    answer = page.locator("#chat .antwort").last
    summary = answer.locator("details.quellen-mobil summary")
    answer_box, summary_box = answer.bounding_box(), summary.bounding_box()
    assert summary_box["y"] + summary_box["height"] - answer_box["y"] < 844
    answer.locator('a.marker[href="#quelle-1"]').first.click()
    card = answer.locator("details.quellen-mobil .quelle").first
    page.wait_for_timeout(600)
    box = card.bounding_box()
    assert card.is_visible() and -2 <= box["y"] < 844
    card.locator("a.zurueck").click()
    page.wait_for_timeout(600)
    assert -5 <= answer.bounding_box()["y"] < 844
    summary.click()  # collapse again, as it was
    screenshot(page, "phone.png", tmp_path)


def test_copy_gives_plain_text_and_clearing_clears_the_briefing(server, browser):
    page = open_page(browser, server)
    ask(page, KIEL)
    page.wait_for_selector("#chat .antwort button.kopieren", timeout=60000)
    page.click("#chat .antwort button.kopieren")
    page.wait_for_timeout(300)
    text = page.evaluate("navigator.clipboard.readText()")
    assert "27.01.2016" in text and "[1]" in text and "Quellen:" in text
    assert "](#" not in text and "<" not in text
    with page.expect_download() as download:
        page.click("#briefing")
    briefing = Path(download.value.path()).read_text(encoding="utf-8")
    assert KIEL in briefing and "27.01.2016" in briefing
    page.click("#neu")
    page.wait_for_function("!document.querySelector('#chat .antwort')", timeout=10000)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#briefing")
    page.wait_for_selector("text=Noch keine Antwort", timeout=10000)
    assert downloads == []


def test_nothing_is_loaded_from_outside(server, browser):
    page = open_page(browser, server)
    page.wait_for_timeout(2000)
    page.goto(server.url + "/docs", wait_until="load")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.outside == [], page.outside


def test_document_text_with_markup_is_shown_as_text(server, browser):
    page = open_page(browser, server)
    ask(page, "Was plant die Teststadt mit dem Skript und dem Bild im Jahr 2031?")
    page.wait_for_selector("#quellen .quelle", timeout=60000)
    shown = page.locator("#quellen").inner_text()
    assert "<script>window.__xss = 1</script>" in shown and 'onerror="window.__xss = 2"' in shown
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("#quellen img, #chat img[src='x']").count() == 0
    assert page.dialogs == []


def test_widget_demo_answers_a_question(server, browser):
    page = open_page(browser, server)
    page.goto(server.url + "/widget-demo", wait_until="domcontentloaded")
    page.click("#agenda-assistent-widget .knopf")
    page.fill("#agenda-assistent-widget input", KIEL)
    page.click("#agenda-assistent-widget button.senden")
    page.wait_for_selector("#agenda-assistent-widget .quellen", timeout=60000)
    text = page.locator("#agenda-assistent-widget .verlauf").inner_text()
    assert "27.01.2016" in text and "[1]" in text
    # page CSS does not reach into the widget (shadow DOM): the page sets button font-size 30px
    size = page.evaluate("getComputedStyle(document.querySelector('#agenda-assistent-widget').shadowRoot.querySelector('.knopf')).fontSize")
    assert size == "15px"
