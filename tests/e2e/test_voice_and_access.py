"""Voice prompts, keyboard-only use, small screens with the largest text, language switch mid-way."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from paduko_app import voice
from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.e2e.wizard_walker import document_photo, tr

MANIFEST = json.loads((Path(__file__).resolve().parents[2] / "assets" / "voice" / "manifest.json").read_text())

FAKE_SPEECH = """
window.__spoken = [];
window.__played = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
const voices = %s;
Object.defineProperty(window, 'speechSynthesis', { value: {
  getVoices: () => voices, speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
  cancel: () => {}, addEventListener: () => {} } });
HTMLMediaElement.prototype.play = function () { window.__played.push(this.dataset.source || this.src); return Promise.resolve(); };
"""


def _settings(page):
    page.get_by_text(translate("id", "settings.summary")).click()


def test_listen_uses_an_indonesian_voice_for_minang(page):
    page.add_init_script(FAKE_SPEECH % '[{"lang": "en-US", "name": "English"}, {"lang": "id-ID", "name": "Damayanti"}]')
    page.goto("/")
    _settings(page)
    page.get_by_role("button", name=translate("min", "lang.name.min")).click()
    expect(page.locator("html")).to_have_attribute("lang", "min")
    page.wait_for_function("window.__padukoVoice !== undefined")
    page.get_by_role("button", name=translate("min", "voice.listen")).first.click()
    page.wait_for_function("window.__spoken.length > 0")
    spoken = page.evaluate("window.__spoken")[0]
    assert spoken["lang"] == "id-ID"  # never the English voice
    assert spoken["text"].startswith(translate("min", "home.heading"))
    assert translate("min", "home.services.heading") in spoken["text"]


def test_listen_plays_the_recording_when_there_is_no_indonesian_voice(page):
    voice_requests = []
    page.on("requestfinished", lambda request: voice_requests.append(request)
            if "/voice/" in request.url or "/api/suara/" in request.url else None)
    page.add_init_script(FAKE_SPEECH % '[{"lang": "en-US", "name": "English"}]')
    page.goto("/")
    page.wait_for_function("window.__padukoVoice !== undefined")
    page.wait_for_load_state("networkidle")
    assert voice_requests == []  # nothing of the voice is downloaded before "Dengarkan"
    button = page.get_by_role("button", name=tr("voice.listen")).first
    ids = button.get_attribute("data-voice-ids").split()
    button.click()
    page.wait_for_function("window.__played.length > 0")
    assert page.evaluate("window.__spoken") == []
    assert page.evaluate("window.__played")[0].endswith("/voice/" + MANIFEST["id"]["home.heading"]["file"])
    # One press downloads the index pieces of this button's prompts in this language, then audio.
    page.wait_for_load_state("networkidle")
    paths = [urlparse(request.url).path for request in voice_requests]
    indexes = {path for path in paths if path.startswith("/voice/index/")}
    assert indexes == {f"/voice/{voice.index_name('id', mid)}" for mid in ids}
    assert set(paths) - indexes <= {"/api/suara/daftar"} | {"/voice/" + MANIFEST["id"][mid]["file"] for mid in ids}
    index_bytes = sum(len(request.response().body()) for request in voice_requests
                      if urlparse(request.url).path in indexes)
    assert 0 < index_bytes < 1500 * len(ids)  # the whole manifest was 186 KB (38 KiB compressed)


def test_wizard_question_has_a_listen_button_reading_question_and_hint(resident):
    page = resident
    page.add_init_script(FAKE_SPEECH % '[{"lang": "id-ID", "name": "Damayanti"}]')
    page.goto("/layanan/akta-lahir")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    question = catalogue.service("AKTA_LAHIR").question("child_name")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(question.label))
    page.wait_for_function("window.__padukoVoice !== undefined")
    page.get_by_role("button", name=tr("voice.listen")).click()
    page.wait_for_function("window.__spoken.length > 0")
    assert page.evaluate("window.__spoken")[0]["text"] == f"{tr(question.label)}. {tr(question.hint)}"


def test_switching_language_in_the_wizard_keeps_what_was_typed(resident):
    page = resident
    page.goto("/layanan/kia")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    question = catalogue.service("KIA").question("child_name")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(question.label))
    page.locator("#answer-text").fill("Putri Ananda")
    _settings(page)
    page.get_by_role("button", name=translate("min", "lang.name.min")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", question.label))
    expect(page.locator("#answer-text")).to_have_value("Putri Ananda")
    page.get_by_role("button", name=translate("en", "lang.name.en")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("en", question.label))
    expect(page.locator("#answer-text")).to_have_value("Putri Ananda")


PAGES_AT_320 = ["/", "/layanan/akta-lahir", "/masuk", "/daftar", "/status", "/privasi", "/petugas/masuk"]


@pytest.mark.parametrize("path", PAGES_AT_320)
def test_320px_at_largest_text_no_sideways_scroll_and_big_targets(browser, app_url, path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=app_url)
    page = context.new_page()
    page.goto("/")
    page.evaluate("localStorage.setItem('paduko_text_size','largest')")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.locator("details.settings").evaluate("d => d.open = true")  # its buttons count too
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.evaluate("""() => [...document.querySelectorAll(
        'button:not([hidden]), .button, .button-secondary, summary, .choice-label, input:not([type=hidden]):not(.visually-hidden):not(.choice-input)')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.innerText || e.id || e.name, e.getBoundingClientRect()])
        .filter(([_, r]) => r.width < 48 || r.height < 48).map(([n, r]) => `${n}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    context.close()
    assert small == []


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_complete_application_with_the_keyboard_alone(resident, tmp_path):
    page = resident
    page.goto("/layanan/ktp-cetak")
    expect(page.locator("main button.button")).to_be_enabled()  # as a person waits for it to turn active
    _tab_to(page, "main button.button")
    page.keyboard.press("Enter")
    expect(page.locator(".step-count")).to_be_visible()
    check = tr("wizard.check.heading")
    for _ in range(12):
        heading = page.get_by_role("heading", level=1).inner_text().strip()
        if heading == check:
            break
        if page.locator("#upload-file").count():
            photo = tmp_path / "doc.jpg"
            photo.write_bytes(document_photo(heading))
            _tab_to(page, "#upload-file")
            with page.expect_file_chooser() as chooser:
                page.keyboard.press("Space")
            chooser.value.set_files(str(photo))
            expect(page.locator("#upload-status")).to_contain_text(tr("upload.done"))
        else:
            _tab_to(page, "input.choice-input")
            page.keyboard.press("Space")  # the first choice
        _tab_to(page, "form button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)
        # The new step's heading has focus as soon as it shows: the next Tab starts from the top.
        assert page.evaluate("document.activeElement === document.querySelector('main h1')")
    expect(page.get_by_role("heading", level=1)).to_have_text(check)
    _tab_to(page, "main button.button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("wizard.done.heading"))
    assert re.fullmatch(r"PP-\w{3}-\w{3}", page.locator(".big-number").first.inner_text().strip())


def test_focus_moved_by_an_answer_stays_where_the_person_tabbed_to(page):
    """An answer that comes after the person has tabbed on (a slow phone) must not pull focus
    back; an answer to a press made where focus still is moves it to what it shows."""
    socket, held = {}, []

    def hold_answers(ws):
        server = ws.connect_to_server()
        socket["page"], socket["holding"] = ws, False
        server.on_message(lambda message: held.append(message) if socket["holding"] else ws.send(message))
        ws.on_message(server.send)

    page.route_web_socket(re.compile(r".*_event.*"), hold_answers)
    page.goto("/masuk")
    submit = page.locator("main form button[type=submit]")
    expect(submit).to_be_enabled()  # connected
    page.locator("#nik").focus()
    socket["holding"] = True
    page.keyboard.press("Enter")  # nothing typed: the answer is an error summary
    page.keyboard.press("Tab")  # the person moves on before the answer comes
    moved_to = page.evaluate("document.activeElement.id")
    assert moved_to
    socket["holding"] = False
    for message in held:
        socket["page"].send(message)
    expect(page.locator("#error-summary")).to_be_visible()
    page.wait_for_timeout(400)  # the summary takes focus 50 ms after it shows, if it may
    assert page.evaluate("document.activeElement.id") == moved_to

    page.locator("#nik").focus()
    page.keyboard.press("Enter")  # pressed where focus is: the summary takes it
    expect(page.locator("#error-summary")).to_be_focused()


def test_connection_lost_banner_speaks_the_persons_language(page):
    page.goto("/")
    page.evaluate("localStorage.setItem('paduko_lang','min')")
    # Every connection to the server is refused from now on, as on a dead mobile network.
    page.route_web_socket(re.compile(r".*_event.*"), lambda ws: ws.close())
    page.reload()
    banner = page.locator(".connection-banner")
    expect(banner).to_contain_text(translate("min", "connection.lost.title"), timeout=30_000)
    expect(banner).to_have_attribute("role", "alert")
