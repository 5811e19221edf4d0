"""Error texts: not part of a page's first load, fetched in the page's language once a form is used."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from paduko_app.i18n import translate


def _settings(page):
    page.get_by_text(translate("id", "settings.summary")).click()


def test_sign_in_errors_arrive_in_the_chosen_language_without_weighing_on_the_first_load(page):
    texts = []
    page.on("requestfinished", lambda r: texts.append(urlparse(r.url).path) if "/texts/" in r.url else None)
    page.goto("/masuk")
    page.wait_for_load_state("networkidle")
    assert texts == []  # nothing for errors before the person uses the page
    send = page.get_by_role("button", name=translate("id", "signin.send_code"))
    expect(send).to_be_enabled()
    send.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text(translate("id", "error.nik.length"))
    expect(page.locator("#nik-error")).to_contain_text(translate("id", "error.nik.length"))
    assert [path.split("/")[-1].split("-")[1] for path in texts] == ["id"]  # one file, the page's language

    _settings(page)
    page.get_by_role("button", name=translate("min", "lang.name.min")).click()
    expect(page.locator("html")).to_have_attribute("lang", "min")
    expect(page.locator("#nik-error")).to_contain_text(translate("min", "error.nik.length"))
    assert sorted(path.split("/")[-1].split("-")[1] for path in texts) == ["id", "min"]
