"""The web app manifest, written into the build by the PWA plugin (never edited by hand).

Every text comes from the catalogues in Indonesian (a manifest has one language; `lang` says so).
"""

from __future__ import annotations

import json

from paduko_app.domain import catalogue
from paduko_app.domain.messages import m
from paduko_app.i18n import translate
from paduko_app.pwa import icons

MANIFEST_URL = "/manifest.webmanifest"
THEME_COLOUR = "#00573d"  # --brand in assets/paduko.css, and the theme-color meta in head.py
BACKGROUND_COLOUR = "#ffffff"  # --paper: the splash screen matches the page that follows

# Phone-size screenshots (390x844 CSS px at 2x), taken from the served app by
# `python -m paduko_app.pwa.screenshots URL`; Chromium shows them in its richer install dialog.
SCREENSHOTS = (
    ("screenshot-home.png", m("pwa.screenshot.home")),
    ("screenshot-service.png", m("pwa.screenshot.service")),
)
SCREENSHOT_SIZE = (780, 1688)


def manifest() -> dict:
    def text(message_id: str) -> str:
        return translate("id", message_id)

    first_group = next(iter(catalogue.Group)).value
    return {
        "id": "/",
        "name": text(m("pwa.name")),
        "short_name": text(m("pwa.short_name")),
        "description": text(m("pwa.description")),
        "lang": "id",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["government", "utilities"],
        "icons": [
            {"src": icon.url, "sizes": f"{icon.size}x{icon.size}", "type": "image/png", "purpose": icon.purpose}
            for icon in icons.ICONS if icon.purpose in ("any", "maskable")
        ],
        "shortcuts": [
            {"name": text(m("pwa.shortcut.apply")), "short_name": text(m("pwa.shortcut.apply")),
             "url": f"/#group-{first_group}",
             "icons": [{"src": icons.ICONS[0].url, "sizes": "192x192", "type": "image/png"}]},
            {"name": text(m("pwa.shortcut.status")), "short_name": text(m("pwa.shortcut.status")),
             "url": "/status",
             "icons": [{"src": icons.ICONS[0].url, "sizes": "192x192", "type": "image/png"}]},
        ],
        "screenshots": [
            {"src": f"/screenshots/{file}", "sizes": f"{SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]}", "type": "image/png",
             "form_factor": "narrow", "label": text(label)}
            for file, label in SCREENSHOTS
        ],
    }


def manifest_json() -> str:
    return json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n"
