"""Every service through the wizard at phone size, from the home page to the receipt and status."""

import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from tests.e2e.wizard_walker import send, tr, walk_to_check_page


def _on_status_page(page, number):
    page.goto("/status")
    card = page.locator("li.service-card", has_text=number)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(tr("status.submitted"))
    expect(card).to_contain_text(tr("event.submitted"))


@pytest.mark.parametrize("svc", catalogue.SERVICES, ids=lambda s: s.code)
def test_apply_for_each_service(resident, svc, tmp_path):
    page = resident
    page.goto("/")
    page.locator("summary", has_text=tr(catalogue.GROUP_HEADINGS[svc.group])).click()  # the group's button
    page.get_by_role("link", name=tr(svc.name), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(svc.name))
    walk_to_check_page(page, svc, tmp_path)
    expect(page.locator(".summary-row").first).to_be_visible()
    number, pin = send(page)
    assert re.fullmatch(r"PP-[A-Z0-9]{3}-[A-Z0-9]{3}", number) and re.fullmatch(r"\d{6}", pin)
    receipt = page.request.get(page.get_by_role("link", name=tr("wizard.done.receipt")).get_attribute("href"))
    assert receipt.ok and receipt.body()[:5] == b"%PDF-"
    _on_status_page(page, number)


def test_double_submit_makes_one_application(resident, tmp_path):
    page = resident
    svc = catalogue.service("KTP_CETAK")
    page.goto("/status")
    cards = page.locator("li.service-card", has_text=tr(svc.name))
    page.wait_for_load_state("networkidle")
    expect(page.locator("#pin")).to_have_count(0)  # the signed-in list has arrived: count it now, not before
    before = cards.count()
    walk_to_check_page(page, svc, tmp_path)
    send_button = page.get_by_role("button", name=tr("wizard.send"))
    send_button.dblclick()  # an impatient double tap
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("wizard.done.heading"))
    number = page.locator(".big-number").first.inner_text().strip()
    page.goto("/status")
    expect(page.locator("li.service-card", has_text=tr(svc.name))).to_have_count(before + 1)
    _on_status_page(page, number)


def test_reload_in_the_middle_resumes_where_it_stopped(resident, tmp_path):
    page = resident
    svc = catalogue.service("AKTA_MATI")
    seen = []

    def reload_once(step, heading):
        seen.append(heading)
        if step == 3:
            page.reload()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)  # same page, answers kept

    walk_to_check_page(page, svc, tmp_path, on_step=reload_once)
    rows = page.locator(".summary-row")
    expect(rows.first).to_contain_text("Contoh Nama")
    number, _pin = send(page)
    _on_status_page(page, number)


def test_change_from_the_check_page_returns_to_it(resident, tmp_path):
    page = resident
    svc = catalogue.service("KK_HILANG")
    walk_to_check_page(page, svc, tmp_path)
    first_row = page.locator(".summary-row").first
    first_row.get_by_role("button").click()
    page.locator(".choice-label").nth(1).click()  # "rusak" instead of "hilang"
    page.get_by_role("button", name=tr("wizard.continue")).click()
    # A damaged KK needs a photo of it: asked for before going back to the check page.
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("doc.kk_rusak.label"))


def test_double_tap_on_continue_answers_one_question(resident):
    """An impatient double tap on "Lanjut" sends the form twice; the second reaches the server
    after the first moved on and must not answer the next question with the same text."""
    page = resident
    svc = catalogue.service("PINDAH_DATANG")  # two text questions in a row
    first, second = svc.questions[0], svc.questions[1]
    page.goto("/layanan/pindah-datang")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tr(first.label))
    page.locator("#answer-text").fill("SKPWNI/0042/2026")
    page.get_by_role("button", name=tr("wizard.continue")).dblclick()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(tr(second.label))
    # "Kembali" is handled after the second tap (one browser's events run in order): back on
    # the first question, not on the second one answered with the first one's text.
    page.get_by_role("button", name=tr("wizard.back")).click()
    expect(heading).to_contain_text(tr(first.label))
    expect(page.locator("#answer-text")).to_have_value("SKPWNI/0042/2026")
    page.get_by_role("button", name=tr("wizard.continue")).click()
    expect(heading).to_contain_text(tr(second.label))
    expect(page.locator("#answer-text")).to_have_value("")  # nothing was stored for it
    expect(page.locator(".error-summary")).to_have_count(0)
