"""The IKM survey: an officer finishes a document, the resident (Minang, largest text, phone)
answers nine questions with the large buttons (and the optional profile), and the head of office sees the new respondent on
/petugas/pemantauan (charts with tables, CSV downloads that parse)."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from paduko_app.domain import ikm
from tests.e2e.test_office import _choose, _minang_resident, _officer, _photo, _send, _start, _take, idn, mn, rosnah  # noqa: F401


def test_resident_answers_the_survey_with_large_buttons_after_the_document_is_finished(
        browser, app_url, rosnah, tmp_path):  # noqa: F811
    head = _head_of_office(browser, app_url)
    _dashboard_says_respondents(head, "0")

    resident = _minang_resident(browser, app_url, rosnah)
    _start(resident, "KTP_CETAK")
    _choose(resident, "opt.ktp_problem.lost")
    _choose(resident, "opt.pickup_place.mpp")
    _photo(resident, tmp_path, "surat-kehilangan")
    _photo(resident, tmp_path, "kk")
    number = _send(resident)

    officer = _officer(browser, app_url, "verifikator")
    _take(officer, number)
    officer.get_by_role("button", name=idn("office.app.finish_pickup.submit")).click()
    expect(officer.get_by_role("status").filter(has_text=idn("office.done.finished"))).to_be_visible()

    resident.goto("/akun")
    expect(resident.get_by_role("heading", name=mn("ikm.offer.heading"))).to_be_visible()
    resident.get_by_role("link", name=re.compile(re.escape(mn("ikm.offer.link")) + ".*" + number)).click()
    for index, question_id in enumerate(ikm.QUESTIONS):
        expect(resident.get_by_role("heading", level=1)).to_have_text(mn(question_id))
        expect(resident.get_by_role("button", name=mn("voice.listen"))).to_be_visible()
        if index == 0:
            expect(resident).to_have_url(re.compile(r"/survei$"))  # the invitation is not left in the address
            resident.screenshot(path="test-artifacts/min-largest-survey-question.png", full_page=False)
        answer = "ikm.answer.3" if index % 2 else "ikm.answer.4"
        resident.get_by_role("button", name=mn(answer), exact=True).click()
    # The regulation's respondent profile, one item per page, each optional: one skipped here.
    for item, choice in (("sex", "ikm.answer.sex_p"), ("education", None), ("occupation", "ikm.answer.job_lainnya")):
        expect(resident.get_by_role("heading", level=1)).to_have_text(mn(ikm.PROFILE_QUESTIONS[item]))
        expect(resident.get_by_role("button", name=mn("voice.listen"))).to_be_visible()
        resident.get_by_role("button", name=mn(choice) if choice else mn("ikm.skip"), exact=True).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(mn("ikm.thanks.heading"))

    resident.goto("/akun")  # answered once: no longer offered
    expect(resident.get_by_role("heading", name=mn("account.heading"), exact=False)).to_be_visible()
    # (other tests may have left other finished applications with their own invitations)
    expect(resident.get_by_role("link", name=re.compile(re.escape(mn("ikm.offer.link")) + ".*" + number))
           ).to_have_count(0)
    resident.context.close()
    officer.context.close()

    # One more respondent; one alone is never shown as a number.
    _dashboard_says_respondents(head, "<5")
    head.screenshot(path="test-artifacts/monitoring-desk.png", full_page=True)
    charts = head.get_by_role("img")
    expect(charts).to_have_count(2)
    for i in range(2):  # each chart: a name, then a table with the same numbers follows it
        assert charts.nth(i).get_attribute("aria-labelledby")
        assert charts.nth(i).locator("xpath=following::table[1]").count() == 1
    links = head.get_by_role("link", name=re.compile("^" + re.escape(idn("monitor.csv"))))
    assert links.count() >= 10
    for i in range(links.count()):
        response = head.request.get(links.nth(i).get_attribute("href"))
        assert response.status == 200
        rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
        assert len(rows[0]) >= 2
    head.context.close()


def _head_of_office(browser, app_url):
    page = _officer(browser, app_url, "kepala", "demo-kepala-2026")
    page.get_by_role("link", name=idn("monitor.heading")).click()
    return page


def _dashboard_says_respondents(page, shown: str) -> None:
    page.goto("/petugas/pemantauan")
    expect(page.get_by_role("heading", level=1)).to_have_text(idn("monitor.heading"))
    expect(page.get_by_text(idn("monitor.ikm.too_few", respondents=shown))).to_be_visible()
