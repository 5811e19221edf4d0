"""Kelurahan kiosk: assisted service wiped by "warga berikutnya" and by the idle timeout.
Caregiver adds a parent with a photo of the surat kuasa; an officer decides; an admin adds staff."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from paduko_app.i18n import translate
from tests.browser_fixtures import scripts_held
from tests.browser_fixtures import signed_in_resident as _signed_in_resident


def tr(message_id):
    return translate("id", message_id)


def _staff_sign_in(page, username, password):
    page.goto("/petugas/masuk")
    page.get_by_label(tr("staff.username.label")).fill(username)
    page.get_by_label(tr("staff.password.label")).fill(password)
    page.get_by_role("button", name=tr("staff.signin.submit")).click()
    expect(page).to_have_url(re.compile(r"/petugas/?$"))


def _start_kiosk(page, name="Nurhayati", nik="1374014506520007"):
    page.goto("/kiosk")
    page.get_by_label(tr("signin.nik.label")).fill(nik)
    page.get_by_label(tr("kiosk.name.label")).fill(name)
    page.get_by_text(tr("kiosk.checked_document.ktp_el")).click()
    page.get_by_text(tr("kiosk.confirm.label")).click()
    page.get_by_role("button", name=tr("kiosk.start.submit")).click()
    expect(page.get_by_role("status")).to_contain_text(name)


def _nothing_of(page, name):
    assert page.evaluate("sessionStorage.length") == 0 or name not in page.evaluate("JSON.stringify(sessionStorage)")
    assert page.evaluate("localStorage.length") <= 1  # only Reflex's colour-mode preference comes back
    assert [c["name"] for c in page.context.cookies()] == ["paduko_session"]  # the operator stays signed in
    expect(page.get_by_text(name)).to_have_count(0)


def test_kiosk_refuses_to_start_without_the_check(page):
    _staff_sign_in(page, "operator.ganting", "demo-operator-2026")
    page.goto("/kiosk")
    page.get_by_role("button", name=tr("kiosk.start.submit")).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    for message_id in ("error.nik.length", "error.kiosk.name", "error.kiosk.checked_document", "error.kiosk.not_checked"):
        expect(summary).to_contain_text(tr(message_id))


def test_next_resident_wipes_every_trace(page):
    _staff_sign_in(page, "operator.ganting", "demo-operator-2026")
    _start_kiosk(page)
    with page.expect_navigation():  # the wipe reloads the page with a fresh client state
        page.get_by_role("button", name=tr("kiosk.next_resident")).click()
    expect(page.get_by_role("button", name=tr("kiosk.start.submit"))).to_be_visible()
    _nothing_of(page, "Nurhayati")
    page.go_back()
    expect(page.get_by_text("Nurhayati")).to_have_count(0)


def test_idle_kiosk_warns_then_wipes(page):
    page.clock.install()
    _staff_sign_in(page, "operator.ganting", "demo-operator-2026")
    _start_kiosk(page, name="Rosmaniar", nik="1374015507600003")
    page.clock.fast_forward("04:01")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name=tr("kiosk.idle.stay"))).to_be_focused()
    page.get_by_role("button", name=tr("kiosk.idle.stay")).click()  # the operator extends
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("Rosmaniar")
    with page.expect_navigation():
        page.clock.fast_forward("05:02")
    expect(page.get_by_role("button", name=tr("kiosk.start.submit"))).to_be_visible()
    _nothing_of(page, "Rosmaniar")


def _letter_photo(path):
    image = Image.new("RGB", (1200, 1600), "white")
    draw = ImageDraw.Draw(image)
    for row in range(40):
        draw.text((60, 40 + row * 38), "SURAT KUASA F-1.07  yang bertanda tangan di bawah ini", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())


def test_caregiver_adds_parent_and_officer_accepts(page, app_url, tmp_path):
    _signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    page.goto("/orang-yang-saya-bantu")
    page.get_by_label(tr("care.name.label")).fill("Rosnah")
    page.get_by_label(tr("care.nik.label")).fill("1374 0152 0358 0001")
    page.get_by_text(tr("care.relationship.child")).click()
    page.get_by_text(tr("care.evidence_kind.f107")).click()
    photo = tmp_path / "kuasa.jpg"
    _letter_photo(photo)
    page.locator("#evidence-file").set_input_files(str(photo))
    expect(page.locator("#evidence-status")).to_contain_text(tr("upload.done"))
    expect(page.locator("#evidence-preview")).to_be_visible()
    page.get_by_role("button", name=tr("care.add.submit")).click()
    expect(page.get_by_text(tr("care.added"))).to_be_visible()
    expect(page.locator("main .doc-list")).to_contain_text("1374xxxxxxxx0001")
    expect(page.locator("main .doc-list")).to_contain_text(tr("care.status.pending"))

    # Applying for her already works; every page says for whom, and that the link awaits an officer.
    page.goto("/layanan/kk-hilang")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("wizard.for_whom.heading"))
    page.get_by_text("Rosnah", exact=True).click()
    page.get_by_role("button", name=tr("wizard.continue")).click()
    banner = page.locator(".for-person")
    expect(banner).to_contain_text("Rosnah")
    expect(banner).to_contain_text(tr("wizard.link_pending"))

    page.context.clear_cookies()
    _staff_sign_in(page, "verifikator", "demo-verifikator-2026")
    page.goto("/petugas/kuasa")
    card = page.locator("li", has_text="Rosnah").first
    expect(card.get_by_role("link", name=tr("care_review.open_evidence"))).to_have_attribute(
        "href", re.compile(r"^/api/kuasa/\d+/bukti$"))
    card.get_by_role("button", name=tr("care_review.accept")).click()
    expect(page.get_by_text(tr("care_review.none"))).to_be_visible()


def test_admin_creates_an_operator_who_can_sign_in(page):
    _staff_sign_in(page, "admin", "demo-admin-2026")
    page.goto("/admin/petugas")
    page.get_by_label(tr("staff.username.label")).fill("operator.sigando")
    page.get_by_label(tr("staff_admin.name.label")).fill("Operator Sigando")
    page.get_by_text(tr("staff.role.operator"), exact=True).click()
    page.get_by_label(tr("staff_admin.kelurahan.label"), exact=True).select_option(label="Sigando")
    page.get_by_role("button", name=tr("staff_admin.create.submit")).click()
    secret = page.locator(".secret")
    expect(secret).to_be_visible()
    password = secret.inner_text().strip()
    page.context.clear_cookies()
    _staff_sign_in(page, "operator.sigando", password)
    page.goto("/admin/petugas")  # an operator is no admin
    expect(page).to_have_url(re.compile(r"/petugas/masuk$"))


def test_operator_applies_with_a_resident_then_sees_nothing_of_it(page, tmp_path):
    from paduko_app.domain import catalogue
    from tests.e2e.wizard_walker import send, walk_to_check_page

    _staff_sign_in(page, "operator.ganting", "demo-operator-2026")
    _start_kiosk(page, name="Syamsiah", nik="1374015811550004")
    walk_to_check_page(page, catalogue.service("KTP_CETAK"), tmp_path)
    expect(page.locator(".for-person")).to_contain_text("Syamsiah")  # "untuk:" on every page
    number, _pin = send(page)
    receipt = page.get_by_role("link", name=tr("wizard.done.receipt")).get_attribute("href")
    assert page.request.get(receipt).ok  # printable for the resident while they are here
    page.goto("/kiosk")
    with page.expect_navigation():
        page.get_by_role("button", name=tr("kiosk.next_resident")).click()
    expect(page.get_by_role("button", name=tr("kiosk.start.submit"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.request.get(receipt).status == 404  # the session is over: nothing of hers remains
    page.goto("/status")
    expect(page.get_by_text(number)).to_have_count(0)


# The service worker would answer the module from its cache, out of the test's reach.
@pytest.mark.browser_context(service_workers="block")
def test_staff_member_turns_on_an_authenticator(page):
    """The press comes while the page is still only its prerendered HTML (CI once pressed that
    early, on a busy machine, and the press was lost): the button waits, visibly, for the page."""
    from paduko_app.domain import totp

    _staff_sign_in(page, "operator.pasarusang", "demo-operator-2026")
    start = page.get_by_role("button", name=tr("totp.start"))
    with scripts_held(page):  # the page stays the prerendered one
        page.goto("/petugas", wait_until="domcontentloaded")
        expect(start).to_be_disabled()
    start.click()
    expect(page.get_by_role("img", name=tr("totp.qr_alt"))).to_be_visible()
    secret = page.locator(".secret").inner_text().strip()
    page.get_by_label(tr("staff.totp.label")).fill(totp.code_now(secret))
    page.get_by_role("button", name=tr("totp.confirm")).click()
    expect(page.get_by_text(tr("totp.enabled"))).to_be_visible()
    page.context.clear_cookies()
    page.goto("/petugas/masuk")
    page.get_by_label(tr("staff.username.label")).fill("operator.pasarusang")
    page.get_by_label(tr("staff.password.label")).fill("demo-operator-2026")
    page.get_by_role("button", name=tr("staff.signin.submit")).click()
    expect(page.locator("#error-summary")).to_contain_text(tr("error.staff.totp"))
    page.get_by_label(tr("staff.totp.label")).fill(totp.code_now(secret))
    page.get_by_role("button", name=tr("staff.signin.submit")).click()
    expect(page).to_have_url(re.compile(r"/petugas/?$"))


def test_idle_guard_wipes_a_wizard_page_too(page):
    """Issue 13, finding 5: a kiosk left on a wizard page must not keep the resident's name."""
    from paduko_app.domain import catalogue
    from paduko_app.pages.home import service_path

    page.clock.install()
    _staff_sign_in(page, "operator.ganting", "demo-operator-2026")
    _start_kiosk(page, name="Jusniar", nik="1374014107450003")
    page.goto(service_path(catalogue.service("KTP_CETAK")))
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.locator(".for-person")).to_contain_text("Jusniar")
    page.clock.fast_forward("04:01")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    with page.expect_navigation():
        page.clock.fast_forward("01:02")
    expect(page.get_by_role("button", name=tr("kiosk.start.submit"))).to_be_visible()
    _nothing_of(page, "Jusniar")


def test_refused_caregiver_reads_the_reason_and_can_no_longer_apply(page, app_url, tmp_path):
    """Issue 13, finding 3, in the browser: the officer's reason reaches the caregiver."""
    _signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    page.goto("/orang-yang-saya-bantu")
    page.get_by_label(tr("care.name.label")).fill("Jusniar")
    page.get_by_label(tr("care.nik.label")).fill("1374014107450003")
    page.get_by_text(tr("care.relationship.other")).click()
    page.get_by_text(tr("care.evidence_kind.f107")).click()
    photo = tmp_path / "kuasa.jpg"
    _letter_photo(photo)
    page.locator("#evidence-file").set_input_files(str(photo))
    expect(page.locator("#evidence-status")).to_contain_text(tr("upload.done"))
    page.get_by_role("button", name=tr("care.add.submit")).click()
    expect(page.get_by_text(tr("care.added"))).to_be_visible()

    page.context.clear_cookies()
    _staff_sign_in(page, "verifikator", "demo-verifikator-2026")
    page.goto("/petugas/kuasa")
    card = page.locator("li", has_text="Jusniar").first
    card.get_by_label(tr("care_review.reason_code.label")).select_option(
        label=tr("care.refusal.evidence_not_signed"))
    card.get_by_role("button", name=tr("care_review.refuse")).click()
    expect(page.locator("li", has_text="Jusniar")).to_have_count(0)

    page.context.clear_cookies()
    _signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    page.goto("/orang-yang-saya-bantu")
    person = page.locator("main li", has_text="Jusniar")
    expect(person).to_contain_text(tr("care.status.refused"))
    expect(person).to_contain_text(tr("care.refusal.evidence_not_signed"))
    page.goto("/layanan/kk-hilang")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.get_by_text("Jusniar")).to_have_count(0)  # no longer offered as "for whom"
