"""Issue 12 in the real production build: installable, the service worker Workbox generated, the
offline page, voice kept once played, "Pasang aplikasi" and "Versi baru tersedia - Muat ulang"."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from paduko_app import authz, routes
from paduko_app.i18n import translate
from paduko_app.pwa import service_worker
from tests.a11y.test_axe import AXE, _axe, _prefs, _settle
from tests.browser_fixtures import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.e2e.wizard_walker import tr

ROOT = Path(__file__).resolve().parents[2]
SW_FILE = ROOT / ".web" / "build" / "client" / "sw.js"

CACHED_URLS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) found.push(request.url);
  }
  return found;
}"""


def _controlled(page) -> None:
    """The worker has installed (precache done) and controls the page."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)


def _never_cached(urls: list[str]) -> list[str]:
    # Workbox keys its precache by content revision: that query is its own, not the page's.
    paths = [re.sub(r"[?&]__WB_REVISION__=[0-9a-f]+$", "", re.sub(r"^https?://[^/]+", "", url)) for url in urls]
    assert any(p == "/offline.html" for p in paths) and any(p == "/status" for p in paths)
    private = {r.path for r in routes.ROUTES if r.access != authz.PUBLIC}
    return [p for p in paths if p.startswith(service_worker.NEVER_CACHED_PREFIXES)
            or "?" in p or p.rstrip("/") in private or p.startswith("/petugas/permohonan/")]


def test_chromium_finds_the_app_installable(browser, app_url, tmp_path):
    # A persistent profile: Chromium never offers installation in an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE, base_url=app_url)
    try:
        page = context.new_page()
        page.goto("/")
        _controlled(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")
    finally:
        context.close()


def test_offline_a_saved_public_page_opens_and_any_other_shows_the_offline_page(page):
    page.goto("/")
    _controlled(page)
    page.goto("/status")  # through the worker now: kept for offline use
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/")
    page.context.set_offline(True)
    try:
        page.goto("/status")
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("status.heading"))
        page.goto("/akun")  # never kept: the offline page, with the office's contacts
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("offline.heading"))
        expect(page.get_by_role("link", name="0852-7466-3857").first).to_be_visible()
        expect(page.get_by_role("link", name=tr("offline.retry"))).to_be_visible()
        page.evaluate("localStorage.setItem('paduko_lang', 'min')")
        page.goto("/layanan/kia/ajukan")
        expect(page.get_by_role("heading", level=1)).to_have_text(translate("min", "offline.heading"))
        expect(page.locator("html")).to_have_attribute("lang", "min")
    finally:
        page.context.set_offline(False)
    # "Coba lagi" once the network is back opens the page asked for.
    page.evaluate("localStorage.setItem('paduko_lang', 'id')")
    page.get_by_role("link", name=translate("min", "offline.retry")).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(translate("min", "offline.heading"))
    assert _never_cached(page.evaluate(CACHED_URLS)) == []


def test_a_voice_prompt_played_once_plays_again_offline(page):
    # No speech voice on the device: PADUKO plays its recorded prompts.
    page.add_init_script("""
      window.__played = [];
      Object.defineProperty(window, 'speechSynthesis', { value: {
        getVoices: () => [], speak: () => {}, cancel: () => {}, addEventListener: () => {} } });
      HTMLMediaElement.prototype.play = function () {
        window.__played.push(this.dataset.source || this.src); return Promise.resolve(); };
    """)
    page.goto("/")
    _controlled(page)
    page.reload()
    page.wait_for_function("window.__padukoVoice !== undefined")
    page.get_by_role("button", name=tr("voice.listen")).first.click()
    page.wait_for_function("window.__played.length > 0")
    first = page.evaluate("window.__played[0]")
    assert first.startswith("/voice/id/") and first.endswith(".mp3")
    page.wait_for_function(f"""async () => (await caches.open('paduko-voice')).keys()
        .then(keys => keys.some(r => r.url.endsWith({first!r})))""")
    page.context.set_offline(True)
    try:
        page.evaluate("window.__played = []")
        page.get_by_role("button", name=tr("voice.listen")).first.click()
        page.wait_for_function("window.__played.length > 0")
        assert page.evaluate("window.__played[0]") == first
    finally:
        page.context.set_offline(False)


FAKE_INSTALL_PROMPT = """() => {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  window.__prompted = 0;
  event.prompt = () => { window.__prompted += 1; return Promise.resolve(); };
  event.userChoice = Promise.resolve({ outcome: 'accepted' });
  window.dispatchEvent(event);
}"""


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_install_offer_shows_only_when_the_browser_offers_it_and_is_accessible(page, lang):
    assert AXE.exists(), "axe-core missing: run scripts/test, which installs it"
    _prefs(page, lang)  # largest text, this language
    page.goto("/")
    _settle(page)
    button = page.get_by_role("button", name=translate(lang, "pwa.install.button"))
    expect(button).to_be_hidden()
    expect(page.get_by_text(translate(lang, "pwa.install.ios.summary"))).to_be_hidden()  # not an iPhone
    page.wait_for_function("window.__padukoPwa !== undefined")
    page.evaluate(FAKE_INSTALL_PROMPT)
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 48
    assert _axe(page, f"{lang} / with Pasang aplikasi") == []
    button.click()
    assert page.evaluate("window.__prompted") == 1
    expect(button).to_be_hidden()  # accepted: the browser installs it


def test_iphone_gets_add_to_home_screen_steps(browser, app_url):
    context = browser.new_context(viewport=PHONE, base_url=app_url, user_agent=(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
    try:
        page = context.new_page()
        page.goto("/")
        summary = page.get_by_text(tr("pwa.install.ios.summary"))
        expect(summary).to_be_visible()
        summary.click()
        expect(page.get_by_text(tr("pwa.install.ios.steps"))).to_be_visible()
        assert summary.bounding_box()["height"] >= 48
    finally:
        context.close()


def test_a_new_version_waits_for_muat_ulang(page):
    page.goto("/")
    _controlled(page)
    banner = page.get_by_role("region", name=tr("pwa.update.title"))
    expect(banner).to_be_hidden()
    original = SW_FILE.read_bytes()
    compressed = SW_FILE.with_name("sw.js.gz")
    original_gz = compressed.read_bytes() if compressed.exists() else None
    newer = original + b"\n// a newer build\n"
    try:
        SW_FILE.write_bytes(newer)
        if original_gz is not None:
            compressed.write_bytes(gzip.compress(newer))
        page.evaluate("window.__padukoPwa.registration.update()")
        expect(banner).to_be_visible(timeout=60_000)
        assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"  # old code still runs
        with page.expect_navigation():
            banner.get_by_role("button", name=tr("pwa.update.reload")).click()
        _controlled(page)
        page.wait_for_function("window.__padukoPwa && window.__padukoPwa.registration")
        assert page.evaluate("window.__padukoPwa.registration.waiting") is None
        expect(page.get_by_role("region", name=tr("pwa.update.title"))).to_be_hidden()
    finally:
        SW_FILE.write_bytes(original)
        if original_gz is not None:
            compressed.write_bytes(original_gz)


def test_typed_addresses_are_served_without_a_redirect(page):
    for path in ("/masuk", "/status", "/layanan/kia"):
        response = page.request.get(path, max_redirects=0)
        assert response.status == 200 and "text/html" in response.headers["content-type"], path


def test_a_first_load_fetches_no_script_the_page_does_not_use(resident):
    """Issue 12's weight: the kiosk's idle timer only in a kiosk session, the upload script only on
    a photo step (tests/e2e/test_kiosk_and_care.py and the photo steps show both still work there);
    PADUKO's own scripts arrive minified."""
    page = resident

    def scripts() -> list[str]:
        # The page's script elements, not its requests: a script the browser already holds in its
        # cache (an earlier test of this session loaded it) is fetched from no network at all.
        return page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")

    page.goto("/")
    page.wait_for_load_state("networkidle")
    loaded = scripts()
    assert any("voice.js" in src for src in loaded)
    assert not any("kiosk-idle.js" in src or "upload.js" in src for src in loaded)
    page.goto("/layanan/ktp-cetak")
    page.get_by_role("button", name=tr("service_page.apply.start")).click()
    expect(page.locator(".step-count")).to_be_visible()
    expect(page.locator("#question-heading")).to_be_visible()  # a question, not a photo step
    page.wait_for_load_state("networkidle")
    assert not any("kiosk-idle.js" in src or "upload.js" in src for src in scripts())
    voice = page.request.get("/voice.js").text()
    assert voice.startswith("(function(){") and "\n//" not in voice


@pytest.mark.parametrize("path", ["/", "/masuk", "/layanan/ktp-cetak"])
def test_a_page_paints_its_text_before_its_scripts_run_and_still_comes_alive(page, path):
    """Issue 12's LCP (paduko_app/paint_first.py): the prerendered text is on screen before
    React's ~200 KB are evaluated, and the page then hydrates as before."""
    page.goto(path)
    page.wait_for_function("() => performance.getEntriesByName('paduko:scripts').length > 0")
    painted = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    scripts_began = page.evaluate("performance.getEntriesByName('paduko:scripts')[0].startTime")
    assert painted <= scripts_began
    # Alive: a language switch (a Reflex event over the websocket) changes the page.
    page.locator("details.settings summary").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
