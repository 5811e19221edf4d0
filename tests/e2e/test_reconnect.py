"""Issue 12: a phone that loses its signal and comes back keeps its session, even when the server
never heard the old connection close (no close frame got through: the server only notices at the
Engine.IO ping timeout, minutes later). A really duplicated tab still gets its own session.

The websocket goes through Playwright's route, which can drop a connection on the phone's side
while the server's side stays open and silent, as a lost mobile signal does.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from tests.browser_fixtures import new_resident_cookies
from tests.e2e.wizard_walker import _question_for, answer_question, tr, upload_photo

# Many steps, so the draft each test resumes (one resident for the module) never runs out of them.
# The module's own resident: the draft it leaves open is nobody else's (the voice test after it
# opens an Akta Kelahiran as Rosnah and expects its first question).
SERVICE = catalogue.service("AKTA_LAHIR")
WAIT_STEPS = 600  # x 50 ms: how long to wait for the socket events below before giving up


@pytest.fixture(scope="module")
def resident_cookies(browser, app_url):
    return new_resident_cookies(browser, app_url, "Nurhayati", "1374015508600007", "081370005508")


class Signal:
    """The phone's signal between the page and the server, one routed websocket at a time."""

    def __init__(self, page):
        self.page = page
        self.links: list[dict] = []
        self.lost = False
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def _route(self, ws) -> None:
        link = {"ws": ws, "cut": False, "events": 0}
        self.links.append(link)
        if self.lost:  # no signal: the attempt fails without reaching the server
            link["cut"] = True
            ws.close()
            return
        server = ws.connect_to_server()

        def to_page(message) -> None:
            if not link["cut"]:
                # A Socket.IO event in Reflex's namespace: 42/_event,["event",{...}]
                if isinstance(message, str) and message.startswith("42") and '["event"' in message[:40]:
                    link["events"] += 1
                ws.send(message)

        def to_server(message) -> None:
            if not link["cut"]:
                server.send(message)

        server.on_message(to_page)
        ws.on_message(to_server)
        # A close on one side reaches the other only while the signal holds.
        ws.on_close(lambda code, reason: None if link["cut"] else server.close())
        server.on_close(lambda code, reason: None if link["cut"] else ws.close())

    def lose(self) -> None:
        """The signal goes: the page's socket closes, the server hears nothing (no FIN, no close)."""
        self.lost = True
        link = self.links[-1]
        link["cut"] = True
        link["ws"].close()

    def restore(self) -> None:
        self.lost = False

    def wait_until(self, condition, what: str) -> None:
        for _ in range(WAIT_STEPS):
            if condition():
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"never happened: {what}")

    def wait_for_a_live_link(self, after: int) -> None:
        """Until a link opened after the first `after` ones has brought the page its state."""
        self.wait_until(lambda: any(not link["cut"] and link["events"] for link in self.links[after:]),
                        "the page reconnected and received its state")


def _token(page) -> str:
    return page.evaluate("sessionStorage.getItem('token')")


def _answer(page, heading: str, tmp_path) -> None:
    """Answer the step on screen (a question or a photo) and press "Lanjut"."""
    try:
        question = _question_for(SERVICE, heading)
    except AssertionError:  # not a question: a photo page
        upload_photo(page, tmp_path, heading)
    else:
        answer_question(page, SERVICE, question)


def _start_wizard_at_second_question(page, tmp_path) -> tuple[str, str]:
    """The service page, "Ajukan" (resuming the draft of an earlier test), one step answered.
    Returns both headings."""
    page.goto(f"/layanan/{SERVICE.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    heading = page.get_by_role("heading", level=1)
    expect(page.locator(".step-count")).to_be_visible()
    first = heading.inner_text().strip()
    _answer(page, first, tmp_path)
    expect(heading).not_to_have_text(first)
    return first, heading.inner_text().strip()


def _goes_on_from(page, second: str, tmp_path) -> None:
    """Still on the same question of the same application: answering it leads to the next one."""
    heading = page.get_by_role("heading", level=1)
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    expect(heading).to_have_text(second)
    _answer(page, second, tmp_path)
    expect(heading).not_to_have_text(second)
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))


def test_a_phone_reconnecting_before_the_server_noticed_keeps_its_place(resident, tmp_path):
    page = resident
    signal = Signal(page)
    _, second = _start_wizard_at_second_question(page, tmp_path)
    token = _token(page)
    links = len(signal.links)

    signal.lose()
    signal.wait_until(lambda: len(signal.links) > links, "the page tried to reconnect")
    signal.restore()
    signal.wait_for_a_live_link(after=links)

    assert _token(page) == token, "the server took the reconnect for another tab and gave a new session"
    _goes_on_from(page, second, tmp_path)


def _tab_ids(signal: Signal) -> list[str | None]:
    """The tab id each websocket was opened with, in order."""
    return [(re.search(r"[?&]paduko_tab=([0-9a-f]+)", link["ws"].url) or [None, None])[1] for link in signal.links]


def test_a_reloaded_page_is_the_same_tab_to_the_server(resident, tmp_path):
    """Pulling to refresh while the signal is gone: the reloaded page's websocket carries the
    tab id of the page before, so the server can give it back the session its old, silently dead
    socket still holds (the server's side: tests/unit/test_reconnect_same_tab.py). Playwright
    closes a routed socket when its page unloads, so the reload itself cannot show it here."""
    page = resident
    signal = Signal(page)
    _, second = _start_wizard_at_second_question(page, tmp_path)
    before = _tab_ids(signal)
    assert before[-1] is not None and len(set(before)) == 1
    links = len(signal.links)
    page.reload()
    signal.wait_for_a_live_link(after=links)
    assert set(_tab_ids(signal)[links:]) == {before[-1]}
    _goes_on_from(page, second, tmp_path)


def test_a_duplicated_tab_gets_its_own_session_and_the_first_keeps_its_place(resident, tmp_path):
    """"Duplicate tab" copies sessionStorage, the Reflex token with it, while the first tab is
    still connected: the copy must not take over the first tab's session."""
    page = resident
    signal = Signal(page)
    _, second = _start_wizard_at_second_question(page, tmp_path)
    token = _token(page)

    copy = page.context.new_page()
    copy_signal = Signal(copy)
    copy.add_init_script(f"sessionStorage.setItem('token', {token!r})")
    copy.goto("/akun")
    copy.wait_for_function("token => sessionStorage.getItem('token') !== token", arg=token)
    assert _token(page) == token
    assert _tab_ids(copy_signal)[0] not in (None, *_tab_ids(signal))
    _goes_on_from(page, second, tmp_path)
    copy.close()
