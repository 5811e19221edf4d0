"""A double tap on any wizard button moves exactly one step (issue 12): an older resident's tremor,
a slow phone or a reconnect that replays a press must not skip or undo a page.

One browser's events reach the server in order, so a press made after the double tap is handled
after its second tap: where that press lands shows what the second tap did. The resident is this
module's own, so no draft leaks into other tests.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from tests.browser_fixtures import CUMULATIVE_LAYOUT_SHIFT, PHONE, new_resident_cookies
from tests.e2e.wizard_walker import tr, walk_to_check_page


@pytest.fixture(scope="module")
def own_cookies(browser, app_url):
    return new_resident_cookies(browser, app_url, "Yusnimar", "1374016304630008", "081370006304")


@pytest.fixture
def applicant(page, own_cookies):
    page.context.add_cookies(own_cookies)
    return page


def _start(page, svc: catalogue.Service) -> None:
    page.goto(f"/layanan/{svc.code.lower().replace('_', '-')}")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(svc.questions[0].label))


def _answer(page, question: catalogue.Question, text: str) -> None:
    page.get_by_role("textbox", name=tr(question.label)).fill(text)
    page.get_by_role("button", name=tr("wizard.continue")).click()


def test_double_tap_on_back_goes_back_one_step(applicant):
    page = applicant
    svc = catalogue.service("AKTA_CERAI")
    court, number, date = svc.questions[:3]
    heading = page.get_by_role("heading", level=1)
    _start(page, svc)
    _answer(page, court, "Pengadilan Agama Padang Panjang")
    expect(heading).to_have_text(tr(number.label))
    _answer(page, number, "0123/Pdt.G/2026/PA.PP")
    expect(heading).to_have_text(tr(date.label))
    page.get_by_role("button", name=tr("wizard.back")).dblclick()
    expect(heading).to_have_text(tr(number.label))
    expect(page.get_by_role("textbox", name=tr(number.label))).to_have_value("0123/Pdt.G/2026/PA.PP")
    # One step back and on again is the date; two steps back would make this answer the court.
    page.get_by_role("button", name=tr("wizard.continue")).click()
    expect(heading).to_have_text(tr(date.label))


def test_double_tap_on_i_dont_know_answers_one_question(applicant):
    page = applicant
    svc = catalogue.service("AKTA_MATI")
    name, nik, death_date = svc.questions[:3]
    assert nik.allow_unknown
    heading = page.get_by_role("heading", level=1)
    _start(page, svc)
    _answer(page, name, "Contoh Almarhum")
    expect(heading).to_have_text(tr(nik.label))
    page.get_by_role("button", name=tr(catalogue.UNKNOWN_LABEL)).dblclick()
    expect(heading).to_have_text(tr(death_date.label))
    page.get_by_role("button", name=tr("wizard.back")).click()  # handled after the second tap
    expect(heading).to_have_text(tr(nik.label))
    expect(page.get_by_role("textbox", name=tr(nik.label))).to_have_value("")  # "don't know" is no number


def test_double_tap_on_back_after_change_stays_on_the_check_page(applicant, tmp_path):
    """"Ubah" then "Kembali" returns to the check page; a second tap must not go on to the last photo."""
    page = applicant
    svc = catalogue.service("KK_HILANG")
    heading = page.get_by_role("heading", level=1)
    walk_to_check_page(page, svc, tmp_path)
    page.get_by_role("button", name=f"{tr('wizard.change')} {tr(svc.questions[0].short or svc.questions[0].label)}").dblclick()
    expect(heading).to_have_text(tr(svc.questions[0].label))
    page.get_by_role("button", name=tr("wizard.back")).dblclick()
    expect(heading).to_have_text(tr("wizard.check.heading"))
    page.get_by_role("button", name=tr("wizard.send")).click()  # handled after the second tap
    expect(heading).to_have_text(tr("wizard.done.heading"))


ACCOUNT_LINKS = {"account.choose_service": "/", "account.my_applications": "/status",
                 "care.heading": "/orang-yang-saya-bantu", "verify.heading": "/akun/verifikasi"}


def test_account_links_are_in_the_prerendered_page_and_the_lists_move_nothing(browser, app_url, own_cookies,
                                                                                applicant):
    applicant.goto("/layanan/akta-kawin")  # a draft, so /akun has a list to bring
    applicant.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(applicant.get_by_role("button", name=tr("wizard.back"))).to_be_visible()
    # The page as it arrives, before any JavaScript runs: the links already work.
    context = browser.new_context(viewport=PHONE, base_url=app_url, java_script_enabled=False)
    context.add_cookies(own_cookies)
    first_paint = context.new_page()
    first_paint.goto("/akun")
    for message_id, href in ACCOUNT_LINKS.items():
        expect(first_paint.get_by_role("link", name=tr(message_id))).to_have_attribute("href", href)
    context.close()
    applicant.goto("/akun")
    expect(applicant.get_by_role("heading", level=2, name=tr("account.drafts"))).to_be_visible()
    assert applicant.evaluate(CUMULATIVE_LAYOUT_SHIFT) < 0.05  # the lists arrived below the links
