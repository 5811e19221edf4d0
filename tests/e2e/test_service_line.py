"""Issue 11: the service line, served as in production (scripts/serve, two workers, PostgreSQL,
Redis) with room for one application at a time (PADUKO_LINE_CAPACITY=1).

Rosnah's application is under way; Andi, reading Minang at the largest text, presses "Ajukan" and
is told he is next in line, in Minang, without a question to answer. When Rosnah sends hers, the
first page of Andi's application appears by itself, its heading focused, with nothing pressed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.browser_fixtures import ARTIFACTS, PHONE, signed_in_resident
from tests.cluster_server import print_server_log, serve_two_workers
from tests.e2e.wizard_walker import send, walk_to_check_page

pytestmark = pytest.mark.cluster

SERVICE = catalogue.service("KTP_CETAK")
ROSNAH = ("1374015203580001", "081200000001")
ANDI = ("1374020506850002", "081200000002")


@pytest.fixture(scope="module")
def served(tmp_path_factory, redis_url, cluster_port):
    with serve_two_workers(tmp_path_factory.mktemp("paduko-data"), redis_url, cluster_port, "line",
                           PADUKO_LINE_CAPACITY="1") as served:
        yield served


def _min(message_id: str) -> str:
    return translate("min", message_id)


def test_a_newcomer_waits_in_line_and_the_application_starts_by_itself(served, browser, tmp_path):
    rosnah_context = browser.new_context(viewport=PHONE, base_url=served.url, locale="id-ID")
    andi_context = browser.new_context(viewport=PHONE, base_url=served.url, locale="id-ID")
    rosnah, andi = rosnah_context.new_page(), andi_context.new_page()
    for page in (rosnah, andi):
        page.set_default_timeout(30_000)
    try:
        signed_in_resident(rosnah, served.url, *ROSNAH)
        signed_in_resident(andi, served.url, *ANDI)
        andi.evaluate("localStorage.setItem('paduko_lang','min'); localStorage.setItem('paduko_text_size','largest')")

        rosnah_steps: list[str] = []

        def andi_applies(step: int, _heading: str) -> None:
            rosnah_steps.append(_heading)
            if step != 1:
                return
            andi.goto(f"/layanan/{SERVICE.code.lower().replace('_', '-')}")
            andi.get_by_role("button", name=_min("service_page.apply.start")).click()
            expect(andi).to_have_url(re.compile(r"/permohonan/?$"))
            heading = andi.get_by_role("heading", level=1)
            expect(heading).to_have_text(_min("wizard.line.heading"))
            expect(andi.locator("#line-panel")).to_contain_text(_min("wizard.line.next"))
            expect(andi.locator("#line-panel")).to_have_attribute("role", "status")
            expect(andi.get_by_text(_min("wizard.line.auto"))).to_be_visible()
            expect(andi.locator("form")).to_have_count(0)  # nothing to answer or press while waiting
            andi.screenshot(path=str(ARTIFACTS / "service-line-min-largest.png"), full_page=True)

        # Rosnah's steps go on while Andi waits: the one under way is never held.
        walk_to_check_page(rosnah, SERVICE, tmp_path, on_step=andi_applies)
        assert len(rosnah_steps) > 2
        expect(andi.get_by_role("heading", level=1)).to_have_text(_min("wizard.line.heading"))
        send(rosnah)

        heading = andi.get_by_role("heading", level=1)
        expect(heading).not_to_have_text(_min("wizard.line.heading"), timeout=30_000)
        expect(andi.locator(".step-count, #person").first).to_be_visible()  # a first question, or "for whom"
        assert andi.evaluate("document.activeElement === document.querySelector('main h1') "
                             "|| document.activeElement.closest('legend') !== null "
                             "|| document.activeElement.id === 'person'")
    except BaseException:
        for name, page in (("rosnah", rosnah), ("andi", andi)):
            page.screenshot(path=str(served.log_path.with_name(f"service-line-{name}.png")), full_page=True)
        print_server_log(served.log_path)
        raise
    finally:
        rosnah_context.close()
        andi_context.close()
