"""What the office keeps itself, in the browser: the admin sets office hours, contacts and an
announcement at /admin/kantor (axe in three languages, with errors shown); "Butuh bantuan?" then
shows those hours and the home page the announcement, in Minang, with "Dengarkan". A pick-up place
the admin stops offering leaves the wizard's question."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from paduko_app.i18n import translate
from tests.a11y.test_axe import AXE, _axe
from tests.browser_fixtures import new_resident_cookies
from tests.e2e.test_office import _choose, _minang_resident, _officer, _start, idn, mn

HOURS = {"id": "Senin-Kamis 08.00-15.30, Jumat 08.00-11.00",
         "min": "Sinayan-Kamih 08.00-15.30, Jumaik 08.00-11.00",
         "en": "Monday-Thursday 08.00-15.30, Friday 08.00-11.00"}
NEWS = {"id": "Tanggal 24 Desember kantor tutup; pengajuan online tetap dibuka.",
        "min": "Tanggal 24 Desember kantua tutuik; pangajuan online tatap bukak.",
        "en": "The office is closed on 24 December; online applications stay open."}


def _admin(browser, app_url):
    page = _officer(browser, app_url, "admin", "demo-admin-2026")
    page.get_by_role("link", name=idn("office.kantor.heading")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(idn("office.kantor.heading"))
    return page


def _axe_in_every_language(page, label: str) -> list[str]:
    problems = []
    for lang in ("id", "min", "en"):
        page.evaluate(f"localStorage.setItem('paduko_lang','{lang}')")
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(translate(lang, "office.kantor.heading"))
        page.wait_for_load_state("networkidle")
        problems += _axe(page, f"{lang} {label}")
    page.evaluate("localStorage.setItem('paduko_lang','id')")
    page.reload()
    return problems


def _save(page, button: str, saved: str) -> None:
    page.get_by_role("button", name=idn(button)).click()
    expect(page.get_by_text(idn(saved), exact=True)).to_be_visible()


def test_admin_sets_hours_and_an_announcement_that_residents_read_in_minang(browser, app_url):
    assert AXE.exists(), "axe-core missing: run scripts/test, which installs it"
    admin = _admin(browser, app_url)
    problems = _axe_in_every_language(admin, "/admin/kantor")

    # A wrong phone number and hours in only one language: errors named field by field.
    contact = admin.get_by_role("form", name=idn("office.kantor.contact_heading"))  # pick-up places have these labels too
    admin.get_by_label(idn("office.kantor.phone")).fill("telepon kami")
    contact.get_by_label(idn("office.kantor.hours_id")).fill(HOURS["id"])
    admin.get_by_role("button", name=idn("office.kantor.save_contact")).click()
    summary = admin.locator("#error-summary")
    expect(summary).to_contain_text(idn("error.office_settings.phone"))
    expect(summary).to_contain_text(idn("error.office_settings.all_languages"))
    problems += _axe(admin, "id /admin/kantor with errors")

    admin.get_by_label(idn("office.kantor.phone")).fill("0752-82123")
    admin.get_by_label(idn("office.kantor.whatsapp")).fill("0812 6600 1122")
    contact.get_by_label(idn("office.kantor.address")).fill("Jl. Sutan Syahrir No. 1, Padang Panjang")
    for lang, text in HOURS.items():
        contact.get_by_label(idn(f"office.kantor.hours_{lang}")).fill(text)
    _save(admin, "office.kantor.save_contact", "office.kantor.saved_contact")
    for lang, text in NEWS.items():
        admin.get_by_label(idn(f"office.kantor.text_{lang}")).fill(text)
    admin.get_by_text(idn("office.kantor.announcement_active"), exact=True).click()
    _save(admin, "office.kantor.save_announcement", "office.kantor.saved_announcement")
    admin.reload()  # what was saved is what the form shows again
    expect(contact.get_by_label(idn("office.kantor.hours_min"))).to_have_value(HOURS["min"])
    expect(admin.get_by_label(idn("office.kantor.announcement_active"))).to_be_checked()

    # A resident reading Minang on a phone: the announcement on the home page, with "Dengarkan",
    # and the office's own hours and phone in "Butuh bantuan?".
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=app_url)
    resident = context.new_page()
    resident.set_default_timeout(20_000)
    resident.goto("/")
    resident.evaluate("localStorage.setItem('paduko_lang','min'); localStorage.setItem('paduko_text_size','largest')")
    resident.reload()
    news = resident.get_by_role("region", name=mn("home.announcement.heading"))
    expect(news).to_contain_text(NEWS["min"])
    expect(news.get_by_role("button", name=mn("voice.listen"))).to_be_visible()
    help_box = resident.get_by_role("complementary", name=mn("help.heading"))
    expect(help_box).to_contain_text(HOURS["min"])
    expect(help_box).not_to_contain_text(mn("help.hours"))
    expect(help_box.get_by_role("link", name="0752-82123")).to_have_attribute("href", "tel:075282123")
    expect(help_box.get_by_role("link", name="0812-6600-1122")).to_have_attribute("href", "https://wa.me/6281266001122")
    resident.screenshot(path="test-artifacts/min-largest-home-announcement.png", full_page=True)
    news.get_by_role("button", name=mn("voice.listen")).click()  # counted, anonymously, once this session
    resident.goto("/status")  # every page's help box, not only the home page's
    expect(resident.get_by_role("complementary", name=mn("help.heading"))).to_contain_text(HOURS["min"])

    # Switched off again (other browser tests measure the home page without it).
    admin.get_by_text(idn("office.kantor.announcement_active"), exact=True).click()
    _save(admin, "office.kantor.save_announcement", "office.kantor.saved_announcement")
    resident.goto("/")
    expect(resident.get_by_role("heading", level=1)).to_be_visible()
    expect(resident.get_by_role("region", name=mn("home.announcement.heading"))).to_have_count(0)
    context.close()

    # The dashboard counts sessions by setting, never who: Minang, the largest text, "Dengarkan".
    admin.goto("/petugas/pemantauan")
    usage = admin.get_by_role("region", name=idn("monitor.table.usage"))
    for label in ("monitor.usage.lang_min", "monitor.usage.size_largest", "monitor.usage.voice"):
        row = usage.get_by_role("row", name=re.compile("^" + re.escape(idn(label))))
        expect(row.get_by_role("cell").last).not_to_have_text("0")
    admin.context.close()
    assert problems == []


def test_a_pickup_place_the_office_stops_offering_leaves_the_wizards_question(browser, app_url):
    admin = _admin(browser, app_url)
    mpp = admin.get_by_role("group", name=idn("opt.pickup_place.mpp"))
    offered = mpp.get_by_label(idn("office.kantor.pickup_offered"))

    def set_mpp(on: bool) -> None:
        if offered.is_checked() != on:
            mpp.get_by_text(idn("office.kantor.pickup_offered"), exact=True).click()
        _save(admin, "office.kantor.save_pickup", "office.kantor.saved_pickup")

    set_mpp(False)
    try:
        admin.reload()
        expect(offered).not_to_be_checked()
        # Her own resident: the draft left at the pick-up question must not be Rosnah's.
        cookies = new_resident_cookies(browser, app_url, "Syamsiar", "1374016208570006", "081370006208")
        resident = _minang_resident(browser, app_url, cookies)
        _start(resident, "KTP_CETAK")
        _choose(resident, "opt.ktp_problem.lost")
        expect(resident.get_by_role("heading", level=1)).to_have_text(mn("q.pickup_place.label"))
        expect(resident.get_by_label(mn("opt.pickup_place.disdukcapil"), exact=True)).to_have_count(1)
        expect(resident.get_by_label(mn("opt.pickup_place.mpp"), exact=True)).to_have_count(0)
        resident.context.close()
    finally:  # other browser tests choose MPP
        set_mpp(True)
        admin.context.close()
