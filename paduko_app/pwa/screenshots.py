"""The manifest's phone-size screenshots, taken from a served PADUKO in Debian's Chromium.

    python -m paduko_app.pwa.screenshots http://localhost:3000

Writes assets/screenshots/*.png at 390x844 CSS pixels, twice the density (780x1688), in Indonesian.
Run it again when the home page or a service page changes much.
"""

from __future__ import annotations

import os
import sys

from paduko_app import settings
from paduko_app.pwa.manifest import SCREENSHOT_SIZE, SCREENSHOTS

OUT_DIR = settings.ROOT / "assets" / "screenshots"
PAGES = {"screenshot-home.png": "/", "screenshot-service.png": "/layanan/ktp-cetak"}


def take(base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("PADUKO_CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": SCREENSHOT_SIZE[0] // 2, "height": SCREENSHOT_SIZE[1] // 2},
                                      device_scale_factor=2, locale="id-ID", base_url=base_url)
        page = context.new_page()
        for file, _label in SCREENSHOTS:
            page.goto(PAGES[file])
            page.wait_for_function("document.documentElement.dataset.textSize !== undefined")
            page.locator("main h1").wait_for()
            page.wait_for_timeout(1000)  # let fonts and hydration settle before the picture
            page.screenshot(path=str(OUT_DIR / file))
            print(OUT_DIR / file)
        browser.close()


if __name__ == "__main__":
    take(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000")
