"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page, in each language, at the
largest text size. The test lists the pages it visited, so none is skipped silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from paduko_app import authz, routes
from tests.e2e.wizard_walker import document_photo

STAFF = (("operator.ganting", "demo-operator-2026", authz.OPERATOR),
         ("verifikator", "demo-verifikator-2026", authz.VERIFIKATOR), ("admin", "demo-admin-2026", authz.ADMIN),
         ("kepala", "demo-kepala-2026", authz.MONITOR))
NEW_RESIDENTS = {"id": ("1374011203700001", "081355500001"), "min": ("1374011203700002", "081355500002"),
                 "en": ("1374011203700003", "081355500003")}

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCREENSHOTS = ROOT / "test-artifacts" / "screens"
VISITED: list[str] = []


def _load_axe(page) -> None:
    """Evaluated through the DevTools protocol: an inline <script> tag would (rightly) be refused
    by the pages' Content-Security-Policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))


def _axe(page, label: str) -> list[str]:
    _load_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    VISITED.append(label)
    return [f"{label}: {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def _prefs(page, lang: str) -> None:
    page.goto("/")
    page.evaluate(f"localStorage.setItem('paduko_lang','{lang}'); localStorage.setItem('paduko_text_size','largest')")


def _check(page, path: str, lang: str, problems: list[str], shot: str | None = None) -> None:
    if path:
        page.goto(path)
    _settle(page)
    label = f"{lang} {path or page.url.split(page.url.split('/')[2])[-1]} {shot or ''}".strip()
    problems += _axe(page, label)
    if lang == "min":  # phone-sized pictures of every page in Minang at the largest text
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", (shot or path).lower()).strip("-") or "home"
        page.screenshot(path=str(SCREENSHOTS / f"min-largest-{name}.png"), full_page=True)


PUBLIC = [r.path for r in routes.ROUTES if r.access in (authz.PUBLIC, authz.DEMO)]


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_every_page_has_no_axe_violations(browser, app_url, lang, tmp_path):
    assert AXE.exists(), "axe-core missing: run scripts/test, which installs it"
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=app_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _prefs(page, lang)
    for path in PUBLIC:
        _check(page, path, lang, problems)
    # A form with errors shown.
    page.goto("/masuk")
    page.locator("form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    _check(page, "", lang, problems, shot="masuk-errors")

    # Resident pages, the wizard's kinds of page, and the confirmation.
    _signed_up_resident(page, app_url, *NEW_RESIDENTS[lang])
    _check(page, "", lang, problems, shot="welcome")
    for route in routes.ROUTES:  # every resident page in the route list
        if route.access == authz.RESIDENT and "[" not in route.path:
            _check(page, route.path, lang, problems)
    page.goto("/akun/verifikasi")
    _request_verification(page, tmp_path)  # so the verifikator's queue below has a card
    _check(page, "", lang, problems, shot="verifikasi-terkirim")
    page.goto("/layanan/akta-mati")
    page.locator("main button.button").click()
    page.locator(".step-count").wait_for()
    _check(page, "", lang, problems, shot="wizard-text")
    page.locator("form button[type=submit]").first.click()
    page.locator("#error-summary").wait_for()
    _check(page, "", lang, problems, shot="wizard-error")
    page.locator("#answer-text").fill("Ahmad")
    page.locator("form button[type=submit]").first.click()
    page.locator("main button.button-secondary", has_text=re.compile(".")).last.wait_for()
    _check(page, "", lang, problems, shot="wizard-unknown-option")
    page.locator("#answer-text").fill("1374010101400009")
    page.locator("form button[type=submit]").first.click()
    page.locator("#answer-day").wait_for()
    _check(page, "", lang, problems, shot="wizard-date")
    # A short service to the end: a photo page, the check page and the confirmation.
    page.goto("/layanan/ktp-cetak")
    page.locator("main button.button").click()
    page.locator(".step-count").wait_for()
    for _question in range(2):
        page.locator(".choice-label").first.click()
        page.locator("form button[type=submit]").first.click()
        page.wait_for_timeout(300)
    page.locator("#upload-file").wait_for(state="attached")
    _check(page, "", lang, problems, shot="wizard-document")
    for name in ("surat", "kk"):
        photo = tmp_path / f"{name}-{lang}.jpg"
        photo.write_bytes(document_photo(name))
        page.locator("#upload-file").set_input_files(str(photo))
        page.locator("#upload-status").filter(has_text=re.compile(".")).wait_for()
        page.wait_for_function("document.getElementById('upload').value !== ''")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_timeout(500)
    page.locator(".summary-list").wait_for()
    _check(page, "", lang, problems, shot="wizard-check")
    page.locator("main button.button").last.click()
    page.locator(".big-number").first.wait_for()
    number = page.locator(".big-number").first.inner_text().strip()
    _check(page, "", lang, problems, shot="wizard-confirmation")
    page.goto("/status")
    _check(page, "", lang, problems, shot="status-signed-in")

    # A caregiver chooses for whom (the demo son, with an accepted link for his father).
    context.clear_cookies()
    _signed_in_resident(page, app_url, "1374020506850002", "081200000002")
    page.goto("/layanan/ktp-cetak")
    page.locator("main button.button").click()
    page.locator("input[name=person]").first.wait_for(state="attached")
    _check(page, "", lang, problems, shot="wizard-for-whom")

    # Staff pages: every page of each role in the route list (found there, not listed here).
    for username, password, role in STAFF:
        context.clear_cookies()
        _staff_sign_in(page, username, password)
        for route in routes.ROUTES:
            if "[" not in route.path and route.access in (role, authz.STAFF):
                _check(page, route.path, lang, problems)
        if role == authz.VERIFIKATOR:  # one application, before and after "Ambil"
            _check(page, f"/petugas/permohonan/{number}", lang, problems, shot="office-application")
            page.locator("main button.button", has_text=number).click()
            page.locator("select[name^=flag-]").first.wait_for()
            _check(page, "", lang, problems, shot="office-application-decide")
    context.close()
    print(f"\naxe visited {len(VISITED)} pages so far:\n  " + "\n  ".join(VISITED))
    assert problems == []


def _request_verification(page, tmp_path) -> None:
    """The resident sends a KTP-el photo and a selfie from /akun/verifikasi."""
    from PIL import Image

    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (800, 600), (190, 170, 150)).save(photo, "JPEG")
    for name in ("ktp", "selfie"):
        page.locator(f"#{name}-file").set_input_files(str(photo))
        page.wait_for_function(f"document.getElementById('{name}').value.length > 0")
    page.locator("#verify-form button[type=submit]").click()
    page.locator("main p[role=status]:not(.upload-status)").wait_for()


def _staff_sign_in(page, username: str, password: str) -> None:
    page.goto("/petugas/masuk")
    _connected(page)
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/petugas/?$"))  # a full page load once the cookie is set


def _signed_up_resident(page, app_url, nik: str, phone: str) -> None:
    """A new resident per language signs up with the demo outbox's code (fields found by id)."""
    page.goto("/daftar")
    _connected(page)
    page.locator("#name").fill("Warga Uji")
    _with_code(page, app_url, nik, phone)


def _signed_in_resident(page, app_url, nik: str, phone: str) -> None:
    page.goto("/masuk")
    _connected(page)
    _with_code(page, app_url, nik, phone)


def _connected(page) -> None:
    """Fields are found by id here, not by their label in the page's language: wait, as a person
    who reads Minang or English waits for their language, until the page has connected (the
    prerendered form is Indonesian; what is typed into it early stays: test_sign_in.py)."""
    expect(page.locator("form button[type=submit]")).to_be_enabled()


def _with_code(page, app_url, nik: str, phone: str) -> None:
    page.locator("#nik").fill(nik)
    page.locator("#phone").fill(phone)
    page.locator("form button[type=submit]").click()
    page.locator("#code").wait_for()
    outbox = page.context.new_page()
    outbox.goto(app_url + "/demo/pesan")
    item = outbox.locator("main li", has_text=phone[-3:]).filter(has_text=re.compile(r"\b\d{6}\b")).first
    item.wait_for()
    code = re.search(r"\b(\d{6})\b", item.inner_text()).group(1)
    outbox.close()
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(akun|selamat-datang)/?$"))


def test_high_contrast_setting_reaches_seven_to_one(browser, app_url):
    """In high contrast, axe's enhanced contrast rule (WCAG AAA, 7:1) finds nothing."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=app_url)
    page = context.new_page()
    page.goto("/")
    page.evaluate("localStorage.setItem('paduko_contrast','high'); localStorage.setItem('paduko_text_size','largest')")
    problems = []
    for path in ("/", "/layanan/akta-lahir", "/masuk", "/status", "/privasi"):
        page.goto(path)
        _settle(page)
        assert page.evaluate("document.documentElement.dataset.contrast") == "high"
        _load_axe(page)
        result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}})")
        problems += [f"{path}: {v['id']} -> {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    context.close()
    assert problems == []
