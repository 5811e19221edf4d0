"""Issue 11: the reverse-proxy example (docs/nginx-paduko.conf) as written, nginx from Debian in
front of scripts/serve with two workers on PostgreSQL and Redis, the public address the proxy's.

A resident signs in and applies through the proxy (the websocket upgraded by nginx, the sign-in's
form post accepted from the proxy's origin); hashed assets are cached for a year, pages and the
service worker are asked for again; a body over the proxy's limit is refused there.

(Named to run after the other cluster tests: its public address differs, so its server builds
the frontend again, and the next server on the shared port would have to build once more.)
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import PHONE, ROOT, free_port, signed_in_resident
from tests.cluster_server import print_server_log, serve_two_workers
from tests.e2e.wizard_walker import tr

pytestmark = pytest.mark.cluster

ROSNAH = ("1374015203580001", "081200000001")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, redis_url, cluster_port):
    port = free_port()
    public = f"http://localhost:{port}"
    folder = tmp_path_factory.mktemp("nginx")
    with serve_two_workers(tmp_path_factory.mktemp("paduko-data"), redis_url, cluster_port, "proxied",
                           PADUKO_PUBLIC_URL=public, REFLEX_TRUSTED_PROXY_HOPS="1") as served:
        subprocess.run(["bash", "scripts/nginx-for-tests", "start", str(folder), str(port), str(cluster_port)],
                       cwd=ROOT, check=True, capture_output=True, text=True)
        try:
            yield public, folder, served
        finally:
            subprocess.run(["bash", "scripts/nginx-for-tests", "stop", str(folder)], cwd=ROOT, check=False)


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_resident_signs_in_and_applies_through_the_proxy(proxy, browser):
    public, folder, served = proxy
    context = browser.new_context(viewport=PHONE, base_url=public, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        signed_in_resident(page, public, *ROSNAH)
        page.goto("/layanan/ktp-cetak")
        page.get_by_role("button", name=tr("service_page.apply.start")).click()
        expect(page).to_have_url(re.compile(r"/permohonan/?$"))
        expect(page.locator(".step-count")).to_be_visible()  # a question, drawn over the websocket
    except BaseException:
        page.screenshot(path=str(served.log_path.with_name("through-the-proxy.png")), full_page=True)
        print_server_log(served.log_path)
        raise
    finally:
        context.close()
    access = (folder / "access.log").read_text()
    assert re.search(r'"GET /_event/\?[^"]*transport=websocket[^"]*" 101 ', access), "no websocket through nginx"
    assert re.search(r'"POST /api/sesi HTTP/1.1" 303 ', access), "the sign-in's form post did not pass"


def test_caching_and_the_body_limit_are_the_proxys(proxy):
    public, folder, _served = proxy
    status, headers, page = _get(public + "/")
    assert status == 200 and "no-cache" in headers["Cache-Control"]
    asset = re.search(r'/assets/[\w./-]+\.js', page.decode()).group(0)
    status, headers, _ = _get(public + asset)
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _ = _get(public + "/sw.js")
    assert status == 200 and "no-cache" in headers["Cache-Control"]
    too_big = urllib.request.Request(public + "/api/unggah?untuk=document", data=b"\0" * (17 * 2**20),
                                     method="POST", headers={"Content-Type": "image/jpeg"})
    try:  # nginx answers 413, or closes the connection while the body is still being sent
        urllib.request.urlopen(too_big, timeout=30)
    except (urllib.error.URLError, ConnectionError):
        pass
    # Refused by nginx itself (client_max_body_size), not passed on for PADUKO to refuse.
    refused = re.compile(r"client intended to send too large body: 17825792 bytes")
    deadline = time.monotonic() + 40
    while not refused.search((folder / "error.log").read_text()):
        assert time.monotonic() < deadline, "nginx did not refuse the body"
        time.sleep(0.5)
