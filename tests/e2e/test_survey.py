"""The IKM survey: an officer finishes a document, the resident (Minang, largest text, phone)
answers nine questions with the large buttons, and the answer is counted without their name."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from paduko_app.domain import ikm
from tests.e2e.test_office import _choose, _minang_resident, _officer, _photo, _send, _start, _take, idn, mn, rosnah  # noqa: F401


def test_resident_answers_the_survey_with_large_buttons_after_the_document_is_finished(
        browser, app_url, rosnah, tmp_path):  # noqa: F811
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
    expect(officer.get_by_role("status")).to_contain_text(idn("office.done.finished"))

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
    expect(resident.get_by_role("heading", level=1)).to_have_text(mn("ikm.thanks.heading"))

    resident.goto("/akun")  # answered once: no longer offered
    expect(resident.get_by_role("heading", name=mn("account.heading"), exact=False)).to_be_visible()
    expect(resident.get_by_role("heading", name=mn("ikm.offer.heading"))).to_have_count(0)
    resident.context.close()
    officer.context.close()
