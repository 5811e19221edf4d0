"""Issue 12: nothing lost on a bad connection. The network goes away in the middle of the wizard
and again on the check page; the person tries to go on, reads a calm message in their language,
the network comes back, and they finish: nothing asked twice, exactly one application."""

from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.browser_fixtures import CUMULATIVE_LAYOUT_SHIFT, SERVED
from tests.e2e.wizard_walker import _question_for, answer_question, document_photo, tr, upload_photo

SERVICE = catalogue.service("KTP_CETAK")


# Every WebSocket the page opens, so the test can drop it as a lost signal would.
TRACK_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  function Tracked(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    window.__sockets.push(socket);
    return socket;
  }
  Tracked.prototype = Native.prototype;
  Object.assign(Tracked, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Tracked;
})();
"""


class Network:
    """The phone's connection. Chromium's offline mode refuses new requests and websockets but
    leaves an open websocket alone, while a phone losing its signal loses that too: drop() closes
    it as well, and Reflex's attempts to reconnect fail until restore()."""

    def __init__(self, page):
        self.page = page
        page.add_init_script(TRACK_SOCKETS)

    def drop(self) -> None:
        self.page.context.set_offline(True)
        self.page.evaluate("window.__sockets.forEach(s => s.close())")

    def restore(self) -> None:
        self.page.context.set_offline(False)


def _applications(page) -> int:
    page.goto("/status")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#pin")).to_have_count(0)  # the signed-in list has arrived
    return page.locator("li.service-card", has_text=tr(SERVICE.name)).count()


def _calm_message(page) -> None:
    banner = page.get_by_role("alert").filter(has_text=tr("connection.lost.title"))
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(tr("connection.lost.body"))


def test_offline_mid_wizard_and_at_kirim_loses_nothing_and_sends_once(resident, tmp_path):
    page = resident
    network = Network(page)
    before = _applications(page)
    page.goto(f"/layanan/{SERVICE.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    expect(page.locator(".step-count")).to_be_visible()
    seen: list[str] = []
    heading = page.get_by_role("heading", level=1)
    for step in range(40):
        expect(heading).not_to_have_text(seen[-1] if seen else "\0")
        text = heading.inner_text().strip()
        assert text not in seen, f"asked twice: {text}"
        seen.append(text)
        if text == tr("wizard.check.heading"):
            break
        if page.locator("#upload-file").count():
            upload_photo(page, tmp_path, text)
            continue
        question = _question_for(SERVICE, text)
        if step == 1:
            network.drop()
            _calm_message(page)
            answer_question(page, SERVICE, question)  # types the answer and presses "Lanjut"
            _calm_message(page)
            expect(heading).to_have_text(text)  # still here, the answer still typed
            network.restore()
            expect(page.get_by_role("alert").filter(has_text=tr("connection.lost.title"))).to_have_count(0)
            # The press made offline goes through once the connection is back.
        else:
            answer_question(page, SERVICE, question)
    else:
        raise AssertionError("the wizard never reached the check page")

    network.drop()
    _calm_message(page)
    page.get_by_role("button", name=tr("wizard.send")).click()
    page.get_by_role("button", name=tr("wizard.send")).click(force=True)  # pressed again, impatient
    _calm_message(page)
    network.restore()
    expect(heading).to_have_text(tr("wizard.done.heading"), timeout=30_000)
    number = page.locator(".big-number").first.inner_text().strip()
    assert _applications(page) == before + 1
    expect(page.locator("li.service-card", has_text=number)).to_have_count(1)


def _stored(sql: str, *params) -> int:
    """A count from the served app's database, as the office would find it."""
    with sqlite3.connect(SERVED["data_dir"] / "paduko.db") as db:
        return db.execute(sql, params).fetchone()[0]


def _photos_of(number: str) -> int:
    return _stored("SELECT COUNT(*) FROM document JOIN application ON application.id = document.application_id"
                   " WHERE application.number = ? AND document.kind = 'upload'", number)


def _ktp_replacement_with_a_bad_first_photo(page, tmp_path, lang: str, first_photo) -> tuple[str, int]:
    """KTP-el cetak ulang from the service page to the confirmation, in `lang`; the first photo
    page is left to `first_photo(path)`, which must end with the photo received. Returns the
    application's number and how many photos it took."""
    say = lambda message_id: translate(lang, message_id)  # noqa: E731
    page.goto(f"/layanan/{SERVICE.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=say("service_page.apply.start")).click()
    expect(page.locator(".step-count")).to_be_visible()
    heading = page.get_by_role("heading", level=1)
    seen: list[str] = []
    photos = 0
    for _ in range(10):
        expect(heading).not_to_have_text(seen[-1] if seen else "\0")
        text = heading.inner_text().strip()
        assert text not in seen, f"asked twice: {text}"
        seen.append(text)
        if text == say("wizard.check.heading"):
            break
        if page.locator("#upload-file").count():
            path = tmp_path / f"photo-{photos}.jpg"
            path.write_bytes(document_photo(text))
            if photos == 0:
                first_photo(path)
            else:
                page.locator("#upload-file").set_input_files(str(path))
            expect(page.locator("#upload-status")).to_contain_text(say("upload.done"), timeout=30_000)
            photos += 1
        else:
            page.locator(".choice-label").first.click()  # KTP-el cetak ulang asks only choices
        page.get_by_role("button", name=say("wizard.continue")).click()
    else:
        raise AssertionError("the wizard never reached the check page")
    page.get_by_role("button", name=say("wizard.send")).click()
    expect(heading).to_have_text(say("wizard.done.heading"), timeout=30_000)
    return page.locator(".big-number").first.inner_text().strip(), photos


def test_a_photo_cut_off_after_the_server_stored_it_is_sent_again_with_one_press(resident, tmp_path):
    """The answer to the photo's upload is lost on the way back: the person reads a calm message,
    presses "Coba lagi" without choosing the photo again, goes on and sends. One application with
    its photos, and no photo stored twice."""
    page = resident
    before = _applications(page)
    uploads_before = _stored("SELECT COUNT(*) FROM upload")
    attempts: list[str] = []
    lost_answers: list[dict] = []
    chosen: list = []

    def cut_off_once(route) -> None:
        attempts.append(route.request.url)
        if len(attempts) == 1:
            # The server receives and stores the photo (Playwright cannot pass on a File's body,
            # so the same bytes are sent with the same headers) ...
            stored = route.fetch(post_data=chosen[0].read_bytes())
            assert stored.ok, stored.text()
            lost_answers.append(stored.json())
            route.abort("internetdisconnected")  # ... and its answer never arrives
        else:
            route.continue_()

    def first_photo(path) -> None:
        chosen.append(path)
        question = page.get_by_role("heading", level=1).inner_text()
        page.route("**/api/unggah?*", cut_off_once)
        page.locator("#upload-file").set_input_files(str(path))
        expect(page.get_by_role("status").filter(has_text=tr("upload.interrupted"))).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(question)  # still on the same page
        page.get_by_role("button", name=tr("upload.retry")).click()
        expect(page.get_by_role("status")).to_contain_text(tr("upload.done"))
        expect(page.get_by_role("button", name=tr("upload.retry"))).to_be_hidden()
        expect(page.locator("#upload")).to_have_value(lost_answers[0]["key"])  # the photo stored the first time
        page.unroute("**/api/unggah?*")

    number, photos = _ktp_replacement_with_a_bad_first_photo(page, tmp_path, "id", first_photo)
    assert len(attempts) == 2
    assert _applications(page) == before + 1
    expect(page.locator("li.service-card", has_text=number)).to_have_count(1)
    assert _photos_of(number) == photos == 2
    assert _stored("SELECT COUNT(*) FROM upload") - uploads_before == photos  # the retry stored nothing new


def test_a_photo_sending_when_the_phone_goes_offline_goes_by_itself_once_it_is_back(resident, tmp_path):
    """In Minang: the phone loses its signal while the photo is on its way. The message says what
    happened and offers "Cubo lai"; when the signal is back the photo goes by itself."""
    page = resident
    page.add_init_script("localStorage.setItem('paduko_lang', 'min')")
    network = Network(page)
    held: list = []

    def hold_first(route) -> None:  # the first send hangs, as on a fading signal
        if not held:
            held.append(route)
        else:
            route.continue_()

    def first_photo(path) -> None:
        page.route("**/api/unggah?*", hold_first)
        with page.expect_request("**/api/unggah?*"):
            page.locator("#upload-file").set_input_files(str(path))
        network.drop()
        message = page.get_by_role("status").filter(has_text=translate("min", "upload.interrupted"))
        expect(message).to_be_visible()
        expect(page.get_by_role("button", name=translate("min", "upload.retry"))).to_be_visible()
        network.restore()  # no press needed: the photo goes again once the phone is online

    number, photos = _ktp_replacement_with_a_bad_first_photo(page, tmp_path, "min", first_photo)
    page.unroute("**/api/unggah?*")
    assert held, "the first send never reached the network"
    assert _photos_of(number) == photos == 2


def test_the_wizard_keeps_its_place_while_the_question_arrives(resident):
    """A slow connection first shows the prerendered page, then the question: nothing under the
    person's finger may move when it arrives (CLS under 0.05, as the issue asks)."""
    page = resident
    page.goto(f"/layanan/{SERVICE.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.locator(".step-count")).to_be_visible()
    question = page.get_by_role("heading", level=1).inner_text()
    page.reload()  # a full load of the prerendered wizard page, as after opening a link
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CUMULATIVE_LAYOUT_SHIFT) < 0.05
