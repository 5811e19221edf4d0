"""A database locked by someone else: the person reads "try again shortly" in their language,
what they typed stays in the form, and once the lock is gone the same press works."""

import sqlite3

from playwright.sync_api import expect

from paduko_app.db.errors import BUSY
from paduko_app.i18n import translate
from tests.browser_fixtures import SERVED


def test_a_locked_database_shows_a_translated_notice_and_keeps_the_input(page):
    page.add_init_script("localStorage.setItem('paduko_lang', 'min')")
    page.goto("/status")
    page.wait_for_load_state("networkidle")
    number = page.get_by_label(translate("min", "status.number.label"))
    number.fill("PDK-2026-000999")
    page.get_by_label(translate("min", "status.pin.label")).fill("123456")
    holder = sqlite3.connect(SERVED["data_dir"] / "paduko.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process's long write
        page.get_by_role("button", name=translate("min", "status.lookup")).click()
        notice = page.locator("#service-notice")
        expect(notice).to_have_text(translate("min", BUSY), timeout=20_000)  # after the 5 s busy timeout
        expect(notice).to_have_attribute("role", "alert")
        expect(number).to_have_value("PDK-2026-000999")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    page.get_by_role("button", name=translate("min", "status.lookup")).click()
    expect(page.locator("#error-summary")).to_be_visible()  # an answer again: this number is unknown
    expect(page.locator("#service-notice")).to_have_count(0)
