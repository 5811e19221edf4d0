"""Browser fixtures (for tests/e2e and tests/a11y): PADUKO's production build served once per session, Debian's Chromium.

The server runs on a free port with its own data folder (fresh SQLite, demo data), exactly as
the README's RUN command starts it. Failing tests keep a screenshot in test-artifacts/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from paduko_app.i18n import translate
from tests.demo_sign_up import code_from_demo_outbox, sign_up  # noqa: F401  (code_from_demo_outbox: tests import it from here)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
# Layout shifts since the page started loading (buffered), as Lighthouse and Chromium count them.
CUMULATIVE_LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""
CHROMIUM = os.environ.get("PADUKO_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out, which this network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUILD_TIMEOUT_S = 900


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


# What the served app uses, for tests that act on it from outside (e.g. hold its database's lock).
SERVED: dict[str, Path] = {}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    port = free_port()
    data = tmp_path_factory.mktemp("paduko-data")
    SERVED["data_dir"] = data
    # Every browser test signs in from 127.0.0.1: the per-address code limit is for real networks.
    # The walks start dozens of applications a minute on a busy CI machine: the service line is
    # tested on its own (tests/e2e/test_service_line.py, room for one), not met by chance here.
    env = dict(os.environ, PADUKO_DATA_DIR=str(data), PADUKO_PORT=str(port), PADUKO_MODE="demo",
               PADUKO_CODE_LIMIT_PER_IP="10000", PADUKO_LINE_CAPACITY="100000")
    env.pop("REFLEX_DB_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    bun_bin = ROOT / "tools" / "bun" / "node_modules" / ".bin"
    if bun_bin.exists():  # as scripts/lib.sh sets it up
        env["PATH"] = f"{bun_bin}:{env['PATH']}"
        env["REFLEX_USE_SYSTEM_BUN"] = "1"
    subprocess.run([sys.executable, "-m", "paduko_app.setup_db"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "server.log").open("w")
    reflex = str(Path(sys.executable).parent / "reflex")
    server = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--backend-port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while not (serving(url + "/") and serving(url + "/ping")):
        if server.poll() is not None or time.monotonic() > deadline:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail(f"PADUKO did not start; see {ARTIFACTS / 'server.log'}")
        time.sleep(1)
    yield url
    stop_server(server, 20)
    log.close()


def stop_server(server: subprocess.Popen, timeout: float) -> None:
    """SIGTERM to the server's process group; SIGKILL when it has not ended within `timeout`."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the README's test command, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url, request):
    marker = request.node.get_closest_marker("browser_context")
    context = browser.new_context(viewport=PHONE, base_url=app_url, locale="id-ID", **(marker.kwargs if marker else {}))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


ENTRY_MODULE = re.compile(r".*/assets/entry\.client-[^/]*\.js$")


@contextmanager
def scripts_held(page):
    """Inside: the next page React's entry module is held back (the page stays its prerendered
    HTML); leaving releases it. Opens that page with `page.goto(path, wait_until="domcontentloaded")`
    inside. A page under the service worker gets the module from its cache, out of reach: use a
    context with `service_workers="block"` after the first visit."""
    held = []
    page.route(ENTRY_MODULE, lambda route: held.append(route))
    yield
    for _ in range(200):  # until the page asks for it (after its first paint)
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for its entry module"
    for route in held:
        route.continue_()
    page.unroute(ENTRY_MODULE)


def signed_in_resident(page, app_url, nik, phone):
    """Sign in through /masuk with the code from the demo outbox."""
    page.goto("/masuk")
    page.get_by_label(translate("id", "signin.nik.label")).fill(nik)
    page.get_by_label(translate("id", "signin.phone.label")).fill(phone)
    page.get_by_role("button", name=translate("id", "signin.send_code")).click()
    expect(page.get_by_label(translate("id", "signin.code.label"))).to_be_visible()  # the code is sent
    page.get_by_label(translate("id", "signin.code.label")).fill(code_from_demo_outbox(page.context, app_url, phone[-3:]))
    page.get_by_role("button", name=translate("id", "signin.code.submit"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/(akun|selamat-datang)/?$"))


def new_resident_cookies(browser, app_url, name: str, nik: str, phone: str) -> list:
    """Sign up a resident of one test module alone (through /daftar, code from the demo outbox):
    the drafts it leaves are nobody else's, so the tests that follow as Rosnah start their own."""
    context = browser.new_context(base_url=app_url)
    sign_up(context.new_page(), app_url, name, nik, phone)
    cookies = context.cookies()
    context.close()
    return cookies


@pytest.fixture(scope="module")
def resident_cookies(browser, app_url):
    """Sign in once per module: one-time codes are rate-limited per person, as they should be."""
    context = browser.new_context(base_url=app_url)
    signed_in_resident(context.new_page(), app_url, "1374015203580001", "081200000001")
    cookies = context.cookies()
    context.close()
    return cookies


@pytest.fixture
def resident(page, resident_cookies):
    """A page signed in as the demo resident Rosnah."""
    page.context.add_cookies(resident_cookies)
    return page


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath) or "/a11y/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
