"""From application to document in hand: a resident applying in Minang at the largest text on a
phone, officers at a desk screen taking it from the queue, asking for corrections, finishing it
with the signed PDF or "siap diambil", and booking a home visit for KTP-el recording.

Elements are found by role and accessible name, with the texts from the catalogues.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from tests.browser_fixtures import CUMULATIVE_LAYOUT_SHIFT, PHONE
from tests.e2e.wizard_walker import document_photo

SLOW = 30_000  # a submit renders the PDF receipt; a decision writes and notifies: slower on a busy CI machine

DESK = {"width": 1280, "height": 800}
# A one-page PDF as SIAK would give it (the upload route checks it like any PDF).
SIGNED_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
              b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
              b"%%EOF\n")


def mn(message_id: str, **params) -> str:
    return translate("min", message_id, **params)


def idn(message_id: str, **params) -> str:
    return translate("id", message_id, **params)


def _minang_resident(browser, app_url, cookies):
    context = browser.new_context(viewport=PHONE, base_url=app_url)
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/")
    page.evaluate("localStorage.setItem('paduko_lang','min'); localStorage.setItem('paduko_text_size','largest')")
    return page


def _officer(browser, app_url, username: str, password: str = "demo-verifikator-2026"):
    """A staff member signed in at a desk-size window (any role: the password says which demo account)."""
    context = browser.new_context(viewport=DESK, base_url=app_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/petugas/masuk")
    page.get_by_label(idn("staff.username.label")).fill(username)
    page.get_by_label(idn("staff.password.label")).fill(password)
    page.get_by_role("button", name=idn("staff.signin.submit")).click()
    expect(page).to_have_url(re.compile(r"/petugas/?$"))
    return page


def _continue(page) -> None:
    """On to the next page, and wait until it is there: a file chosen during the change would go
    to the page being left (a person is never that quick; a test on a busy machine is)."""
    heading = page.get_by_role("heading", level=1)
    before = heading.inner_text()
    page.get_by_role("button", name=mn("wizard.continue")).click()
    expect(heading).not_to_have_text(before, timeout=SLOW)


def _choose(page, option_id: str) -> None:
    page.locator("label.choice-label").filter(has_text=re.compile(f"^{re.escape(mn(option_id))}$")).click()
    _continue(page)


def _photo(page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.jpg"
    path.write_bytes(document_photo(name))
    page.locator("#upload-file").set_input_files(str(path))
    expect(page.locator("#upload-status")).to_contain_text(mn("upload.done"), timeout=SLOW)
    _continue(page)


def _start(page, service_code: str) -> None:
    page.goto(f"/layanan/{service_code.lower().replace('_', '-')}")
    page.get_by_role("button", name=mn("service_page.apply.start")).click()
    expect(page.locator(".step-count")).to_be_visible()


def _send(page) -> str:
    expect(page.get_by_role("heading", level=1)).to_have_text(mn("wizard.check.heading"))
    page.get_by_role("button", name=mn("wizard.send")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(mn("wizard.done.heading"), timeout=SLOW)
    return page.locator(".big-number").first.inner_text().strip()


def _take(officer, number: str) -> None:
    officer.goto("/petugas/antrian")
    take = officer.get_by_role("button", name=re.compile(re.escape(number)))
    expect(take).to_be_visible()
    # The rows arrive after the first paint; nothing already on screen may move (issue 12: CLS < 0.05).
    assert officer.evaluate(CUMULATIVE_LAYOUT_SHIFT) < 0.05
    take.click()
    expect(officer).to_have_url(re.compile(f"/petugas/permohonan/{number}/?$"), timeout=SLOW)
    expect(officer.get_by_role("heading", level=1)).to_contain_text(number, timeout=SLOW)


def _label(service: str, item_id: str, kind: str) -> str:
    svc = catalogue.service(service)
    return idn(svc.question(item_id).label if kind == "question" else svc.document(item_id).label)


@pytest.fixture(scope="module")
def rosnah(resident_cookies):
    return resident_cookies


def test_correction_then_signed_pdf_reaches_the_resident_byte_for_byte(browser, app_url, rosnah, tmp_path):
    resident = _minang_resident(browser, app_url, rosnah)
    _start(resident, "KK_HILANG")
    _choose(resident, "opt.kk_problem.lost")
    _photo(resident, tmp_path, "surat-kehilangan")
    _photo(resident, tmp_path, "ktp-el")
    number = _send(resident)

    officer = _officer(browser, app_url, "verifikator")
    _take(officer, number)
    officer.screenshot(path="test-artifacts/office-application-desk.png", full_page=True)
    flag = idn("office.app.flag_label")
    officer.get_by_label(f"{flag} {_label('KK_HILANG', 'kk_problem', 'question')}").select_option(
        label=idn("reason.data_mismatch"))
    officer.get_by_label(f"{flag} {_label('KK_HILANG', 'surat_kehilangan', 'document')}").select_option(
        label=idn("reason.photo_unreadable"))
    officer.get_by_role("button", name=idn("office.app.request_revision")).click()
    expect(officer.get_by_role("status").filter(has_text=idn("office.done.revision"))).to_be_visible(timeout=SLOW)

    # The resident is told, in Minang, and corrects only the two flagged items.
    resident.goto("/akun")
    expect(resident.get_by_text(mn("account.revision_asked"), exact=False)).to_be_visible()
    expect(resident.get_by_text(mn("notify.needs_revision", number=number))).to_be_visible()
    assert resident.evaluate(CUMULATIVE_LAYOUT_SHIFT) < 0.05  # the late lists moved nothing (issue 12)
    resident.get_by_role("button", name=re.compile("^" + re.escape(mn("account.fix")))).click()
    expect(resident.locator("#officer-flag")).to_contain_text(mn("reason.data_mismatch"))
    resident.screenshot(path="test-artifacts/min-largest-revision-question.png", full_page=False)
    _choose(resident, "opt.kk_problem.lost")
    expect(resident.locator("#officer-flag")).to_contain_text(mn("reason.photo_unreadable"))
    _photo(resident, tmp_path, "surat-kehilangan-terang")
    expect(resident.get_by_role("heading", level=1)).to_have_text(mn("wizard.check.heading"))
    change = resident.get_by_role("button", name=re.compile("^" + re.escape(mn("wizard.change"))))
    expect(change).to_have_count(2)  # only the flagged items can be changed; the rest stays as it was
    resident.get_by_role("button", name=mn("wizard.send")).click()
    expect(resident.get_by_text(mn("wizard.done.pin_same"))).to_be_visible(timeout=SLOW)
    expect(resident.locator(".big-number").first).to_have_text(number)

    # Back to the same officer, who finishes it with the signed PDF.
    _take(officer, number)
    pdf = tmp_path / "kk-ditandatangani.pdf"
    pdf.write_bytes(SIGNED_PDF)
    officer.locator("#pdf-file").set_input_files(str(pdf))
    expect(officer.locator("#pdf-status")).to_contain_text(idn("upload.done"), timeout=SLOW)
    officer.get_by_role("button", name=idn("office.app.finish_print.submit")).click()
    expect(officer.get_by_role("status").filter(has_text=idn("office.done.finished"))).to_be_visible(timeout=SLOW)

    resident.goto("/status")
    download = resident.get_by_role("link", name=mn("status.download")).first
    expect(download).to_be_visible()
    response = resident.request.get(download.get_attribute("href"))
    assert response.status == 200 and response.body() == SIGNED_PDF
    resident.goto("/akun")  # the account page offers the same document
    on_account = resident.get_by_role("link", name=re.compile(re.escape(mn("status.download")) + ".*" + number))
    assert resident.request.get(on_account.get_attribute("href")).body() == SIGNED_PDF
    resident.context.close()
    officer.context.close()


def test_two_officers_race_and_a_ktp_ends_ready_to_collect_at_the_chosen_place(browser, app_url, rosnah, tmp_path):
    resident = _minang_resident(browser, app_url, rosnah)
    _start(resident, "KTP_CETAK")
    _choose(resident, "opt.ktp_problem.lost")
    _choose(resident, "opt.pickup_place.mpp")
    _photo(resident, tmp_path, "surat-kehilangan")
    _photo(resident, tmp_path, "kk")
    number = _send(resident)

    first = _officer(browser, app_url, "verifikator")
    second = _officer(browser, app_url, "verifikator.dua")
    for officer in (first, second):
        officer.goto("/petugas/antrian")
        expect(officer.get_by_role("button", name=re.compile(re.escape(number)))).to_be_visible()
    first.get_by_role("button", name=re.compile(re.escape(number))).click()
    expect(first).to_have_url(re.compile(f"/petugas/permohonan/{number}/?$"))
    second.get_by_role("button", name=re.compile(re.escape(number))).click()  # a moment too late
    expect(second.get_by_role("status").filter(has_text="Verifikator Demo")).to_be_visible(timeout=SLOW)
    expect(second).to_have_url(re.compile(r"/petugas/antrian/?$"))

    expect(first.get_by_label(idn("opt.pickup_place.mpp"))).to_be_checked()  # the resident's choice
    first.get_by_role("button", name=idn("office.app.finish_pickup.submit")).click()
    expect(first.get_by_role("status").filter(has_text=idn("office.done.finished"))).to_be_visible(timeout=SLOW)

    resident.goto("/status")
    card = resident.locator("li.service-card", has_text=number)
    expect(card).to_contain_text(mn("status.finished_pickup"))
    expect(card).to_contain_text(mn("opt.pickup_place.mpp"))
    for page in (resident, first, second):
        page.context.close()


def test_an_older_resident_asks_for_home_recording_and_confirms_the_visit(browser, app_url, rosnah, tmp_path):
    resident = _minang_resident(browser, app_url, rosnah)
    _start(resident, "KTP_REKAM")
    _choose(resident, "opt.ktp_record_reason.married")
    _choose(resident, "opt.yes")
    _choose(resident, "opt.home_reason.elderly")
    resident.locator("#answer-text").fill("0812 0000 0001")
    _continue(resident)
    _choose(resident, "opt.visit_time.morning")
    _photo(resident, tmp_path, "kk")
    number = _send(resident)

    officer = _officer(browser, app_url, "verifikator")
    _take(officer, number)
    expect(officer.get_by_text(idn("office.app.recording.home_asked"))).to_be_visible()
    expect(officer.get_by_label(idn("office.app.recording.home"))).to_be_checked()
    expect(officer.get_by_label(idn("office.app.recording.address"))).to_have_value("Jl. Ganting No. 5")
    visit = dt.date.today() + dt.timedelta(days=7)
    officer.get_by_label(f"{idn('office.app.recording.slot')} 1").fill(f"{visit.isoformat()}T09:00")
    officer.get_by_role("button", name=idn("office.app.recording.submit")).click()
    expect(officer.get_by_role("status").filter(has_text=idn("office.done.offered"))).to_be_visible(timeout=SLOW)

    resident.goto("/akun")
    expect(resident.get_by_text(mn("appointment.home"), exact=False)).to_be_visible()
    resident.locator("label.choice-label").filter(has_text=str(visit.year)).first.click()
    resident.get_by_role("button", name=mn("appointment.confirm")).click()
    expect(resident.get_by_role("status").filter(has_text=mn("appointment.answered"))).to_be_visible(timeout=SLOW)

    officer.reload()
    expect(officer.get_by_text(idn("office.appointment.confirmed"), exact=False)).to_be_visible()
    resident.context.close()
    officer.context.close()
