"""Signing up, out and in again with the demo outbox's code; pages refuse the wrong people."""

import re

from playwright.sync_api import expect

from paduko_app.i18n import translate
from tests.browser_fixtures import code_from_demo_outbox, scripts_held


def tr(message_id):
    return translate("id", message_id)



def test_resident_signs_up_signs_out_and_signs_in_again(page, app_url):
    page.goto("/daftar")
    page.get_by_role("button", name=tr("signin.send_code")).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)  # name, NIK and phone all at once
    page.get_by_label(tr("signup.name.label")).fill("Nurhayati")
    page.get_by_label(tr("signin.nik.label")).fill("1374 0145 0652 0007")
    page.get_by_label(tr("signin.phone.label")).fill("0813-7000-1234")
    page.get_by_role("button", name=tr("signin.send_code")).click()
    code_box = page.get_by_label(tr("signin.code.label"))
    expect(code_box).to_have_attribute("autocomplete", "one-time-code")
    code = code_from_demo_outbox(page.context, app_url, "234")
    code_box.fill(f"{code[:3]} {code[3:]}")  # pasted with a space, as SMS apps do
    page.get_by_role("button", name=tr("signin.code.submit"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("welcome.heading"))
    expect(page.get_by_role("heading", name=tr("privacy.heading"))).to_be_visible()
    page.get_by_role("link", name=tr("welcome.continue")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nurhayati")

    page.get_by_role("button", name=tr("account.sign_out"), exact=True).click()
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))
    page.goto("/akun")
    expect(page).to_have_url(re.compile(r"/masuk$"))

    page.get_by_label(tr("signin.nik.label")).fill("1374014506520007")
    page.get_by_label(tr("signin.phone.label")).fill("+62 813 7000 1234")
    page.get_by_role("button", name=tr("signin.send_code")).click()
    expect(page.get_by_label(tr("signin.code.label"))).to_be_visible()
    page.get_by_label(tr("signin.code.label")).fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name=tr("signin.code.submit"), exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text(tr("error.otp.wrong"))
    code = code_from_demo_outbox(page.context, app_url, "234")
    page.get_by_label(tr("signin.code.label")).fill(code)
    page.get_by_role("button", name=tr("signin.code.submit"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nurhayati")
    expect(page).to_have_url(re.compile(r"/akun/?$"))


def test_protected_pages_send_strangers_to_sign_in(page):
    page.goto("/akun")
    expect(page).to_have_url(re.compile(r"/masuk$"))
    page.goto("/petugas")
    expect(page).to_have_url(re.compile(r"/petugas/masuk$"))


def test_staff_sign_in_and_a_resident_page_refuses_staff(page):
    page.goto("/petugas/masuk")
    page.get_by_label(tr("staff.username.label")).fill("verifikator")
    page.get_by_label(tr("staff.password.label")).fill("wrong password")
    page.get_by_role("button", name=tr("staff.signin.submit")).click()
    expect(page.locator("#error-summary")).to_contain_text(tr("error.staff.credentials"))
    page.get_by_label(tr("staff.password.label")).fill("demo-verifikator-2026")
    page.get_by_role("button", name=tr("staff.signin.submit")).click()
    expect(page).to_have_url(re.compile(r"/petugas/?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifikator Demo")
    page.goto("/akun")  # a resident page: staff are sent to the residents' sign-in
    expect(page).to_have_url(re.compile(r"/masuk$"))


def test_tampered_session_cookie_is_refused(page, app_url):
    page.context.add_cookies([{"name": "paduko_session", "value": "forged-token-123", "url": app_url}])
    page.goto("/akun")
    expect(page).to_have_url(re.compile(r"/masuk$"))


def _sign_in_with_code(page, app_url, nik, phone):
    page.get_by_label(tr("signin.nik.label")).fill(nik)
    page.get_by_label(tr("signin.phone.label")).fill(phone)
    page.get_by_role("button", name=tr("signin.send_code")).click()
    code = code_from_demo_outbox(page.context, app_url, phone[-3:])
    page.get_by_label(tr("signin.code.label")).fill(code)
    page.get_by_role("button", name=tr("signin.code.submit"), exact=True).click()


def test_ajukan_then_sign_up_returns_to_the_services_first_question(page, app_url):
    from paduko_app.domain import catalogue

    page.goto("/layanan/ktp-cetak")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page).to_have_url(re.compile(r"/masuk/?$"))
    page.goto("/daftar")
    page.get_by_label(tr("signup.name.label")).fill("Zainab")
    _sign_in_with_code(page, app_url, "1374015507800005", "081370009876")
    # The welcome and privacy notice once, then straight on to the chosen service, not /akun.
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("welcome.heading"))
    go_on = page.get_by_role("link", name=tr("welcome.continue"))
    expect(go_on).to_have_attribute("href", "/layanan/ktp-cetak/ajukan")  # once the state has arrived
    go_on.click()
    first = catalogue.service("KTP_CETAK").questions[0]
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(first.label))
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))


def test_ajukan_then_sign_in_returns_to_the_service(page, app_url):
    page.goto("/layanan/kia")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page).to_have_url(re.compile(r"/masuk/?$"))
    _sign_in_with_code(page, app_url, "1374020506850002", "081200000002")  # Andi, a caregiver
    # Straight to the service: a caregiver's first page there asks for whom.
    expect(page).to_have_url(re.compile(r"/permohonan/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("wizard.for_whom.heading"))


def test_what_a_minang_reader_typed_before_the_page_connected_stays(page):
    """The prerendered page is in Indonesian; a reader whose saved language is Minang sees it
    redrawn in Minang once the scripts run. What they typed into it meanwhile must stay."""
    page.goto("/")
    page.evaluate("localStorage.setItem('paduko_lang', 'min')")
    with scripts_held(page):  # the page stays the prerendered one
        page.goto("/masuk", wait_until="domcontentloaded")
        page.locator("#nik").fill("1374014506520001")
        page.locator("#phone").fill("081234567890")
    expect(page.get_by_role("button", name=translate("min", "signin.send_code"))).to_be_enabled()
    expect(page.locator("#nik")).to_have_value("1374014506520001")
    expect(page.locator("#phone")).to_have_value("081234567890")
