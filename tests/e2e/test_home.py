"""The home page at phone size: every service group by its heading, free of charge, languages."""

import re

import pytest
from playwright.sync_api import expect

from paduko_app.domain import catalogue
from paduko_app.i18n import translate
from paduko_app.pages.home import service_path


def _open_settings(page):
    page.get_by_text(translate("id", "settings.summary")).click()


def test_home_shows_every_service_group_and_free(page):
    page.goto("/")
    expect(page).to_have_title(re.compile("PADUKO"))
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("id", "home.heading"))
    for group in catalogue.Group:  # each group a button that opens its services
        button = page.locator("summary", has_text=translate("id", catalogue.GROUP_HEADINGS[group]))
        expect(button).to_be_visible()
        button.click()
        for svc in catalogue.services_in(group):
            link = page.get_by_role("link", name=re.compile("^" + re.escape(translate("id", svc.name))))
            expect(link).to_be_visible()
            expect(link).to_have_attribute("href", service_path(svc))
    expect(page.get_by_text(translate("id", "home.free.title"), exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=translate("id", "help.heading"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_language_switch_to_minang_is_instant_and_remembered(page):
    page.goto("/")
    _open_settings(page)
    page.get_by_role("button", name=translate("min", "lang.name.min")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "home.heading"))
    expect(page.locator("html")).to_have_attribute("lang", "min")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "home.heading"))
    expect(page.locator("html")).to_have_attribute("lang", "min")
    for group in catalogue.Group:
        expect(page.locator("summary", has_text=translate("min", catalogue.GROUP_HEADINGS[group]))).to_be_visible()


def test_largest_text_is_applied_before_first_paint_and_fits_the_phone(page):
    page.goto("/")
    _open_settings(page)
    page.get_by_role("button", name=translate("id", "textsize.largest")).click()
    expect(page.locator("html")).to_have_attribute("data-text-size", "largest")
    page.reload(wait_until="commit")
    # The inline head script sets the size before React renders anything.
    page.wait_for_selector("html[data-text-size='largest']", timeout=5_000)
    page.wait_for_load_state("load")  # the stylesheet, before measuring
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_px >= 28
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("svc", catalogue.SERVICES, ids=lambda s: s.code)
def test_each_service_page_lists_its_documents(page, svc):
    page.goto(service_path(svc))
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("id", svc.name))
    always = [d for d in svc.documents if d.required_when is None]
    for document in always:
        expect(page.get_by_text(translate("id", document.label), exact=True).first).to_be_visible()
    expect(page.get_by_text(translate("id", "home.free.title"), exact=True)).to_be_visible()
