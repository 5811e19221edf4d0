"""Signing up a new resident in demo mode, in a browser: /daftar, the one-time code read from the
demo outbox page (/demo/pesan), then the welcome page. One module for the browser tests
(`browser_fixtures.new_resident_cookies`) and the Lighthouse benchmark (`benchmarks/lighthouse.py`)."""

from __future__ import annotations

import random
import re

from playwright.sync_api import expect

from paduko_app.i18n import translate


def code_from_demo_outbox(context, app_url: str, phone_end: str) -> str:
    """The newest six-digit code sent to a phone ending in `phone_end`, from the demo outbox page."""
    outbox = context.new_page()
    outbox.goto(app_url + "/demo/pesan")
    item = outbox.locator("main li", has_text=phone_end).filter(has_text=re.compile(r"\b\d{6}\b")).first
    expect(item).to_be_visible()
    code = re.search(r"\b(\d{6})\b", item.inner_text()).group(1)
    outbox.close()
    return code


def sign_up(page, app_url: str, name: str, nik: str, phone: str) -> None:
    """Sign up on `page` (its context keeps the session cookie) and wait for the welcome page."""
    page.goto(app_url + "/daftar")
    page.get_by_label(translate("id", "signup.name.label")).fill(name)
    page.get_by_label(translate("id", "signin.nik.label")).fill(nik)
    page.get_by_label(translate("id", "signin.phone.label")).fill(phone)
    page.get_by_role("button", name=translate("id", "signin.send_code")).click()
    code_box = page.get_by_label(translate("id", "signin.code.label"))
    expect(code_box).to_be_visible()
    code_box.fill(code_from_demo_outbox(page.context, app_url, phone[-3:]))
    page.get_by_role("button", name=translate("id", "signin.code.submit"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("id", "welcome.heading"))


def unused_resident() -> tuple[str, str]:
    """A NIK and phone no one has used: a woman of Padang Panjang born 5 June 1952, random serial."""
    rng = random.SystemRandom()
    return f"137401450652{rng.randint(1000, 9999)}", f"0813{rng.randint(10_000_000, 99_999_999)}"
