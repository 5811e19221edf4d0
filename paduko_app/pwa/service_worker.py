"""The service worker's rules, and its generation with Workbox after each production build.

What the worker keeps on the phone, and nothing else:
- precached: the app shell (Reflex's content-hashed JS and CSS but the office's, our own scripts
  and stylesheet), the offline page, the manifest and the icons;
- any other content-hashed JS or CSS (office pages), once loaded (cache first: a name never changes);
- public pages (routes.py access PUBLIC, no query string): network first, the saved copy offline;
- voice prompt audio, once played (cache first), and the voice index (refreshed in the background).
Every other request goes to the network untouched: the websocket and /_event, /ping, /_health,
every /api/ route (uploads, receipts, documents, evidence, session), signed-in pages, and any
address with a query string. A page that cannot be loaded shows the offline page.
`tests/unit/test_pwa.py` lists every route of the app and checks these rules.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from paduko_app import authz, settings

SW_FILE = "sw.js"
WORKBOX_DIR = settings.ROOT / "tools" / "workbox"
BUILD_SCRIPT = Path(__file__).with_name("build-sw.mjs")

PRECACHE_GLOBS = [
    "assets/**/*.{js,css}",  # Reflex's build output, content-hashed names
    "*.{js,css}",  # our scripts and stylesheet (Workbox versions them by content)
    "offline.html",
    "manifest.webmanifest",
    "icons/{icon,maskable}-*.png",
    "favicon.ico",
]
# Office, admin, kiosk and demo pages' code is not downloaded ahead onto residents' phones (data
# costs them money); an officer's browser keeps it once loaded (the hashed-assets rule below).
PRECACHE_IGNORES = ["sw.js", "workbox-*.js", "**/*.gz", "**/*.br",
                    "assets/_petugas_*", "assets/_admin_*", "assets/_kiosk_*", "assets/_demo_*",
                    "assets/office-*", "assets/office_settings-*"]
HASHED_ASSETS = r"^assets/.+-[A-Za-z0-9_-]{8,}\.(js|css)$"  # Vite's names: no cache-busting needed
HASHED_ASSET_PATHS = r"^/assets/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css)$"  # never change: cache first
VOICE_AUDIO = r"^/voice/(id|min|en)/[^/]+\.mp3$"
VOICE_MANIFEST = r"^/voice/index/(id|min|en)-[0-9a-f]{2}\.json$"  # which file says a prompt (paduko_app.voice)
NETWORK_TIMEOUT_SECONDS = 4  # on a slow connection, the saved page rather than a long blank wait

# Never stored by the worker, whatever the rules above say (checked by the unit test).
NEVER_CACHED_PREFIXES = ("/_event", "/ping", "/_health", "/_upload", "/api/", "/demo/", "/sw.js")


def _page_paths() -> list[tuple[str, str]]:
    from paduko_app import routes

    return [(route.path, route.access) for route in routes.ROUTES]


def cached_pages_pattern(pages: list[tuple[str, str]] | None = None) -> str:
    """Public pages without parameters, with or without the trailing slash Reflex may add."""
    public = sorted(path for path, access in (pages or _page_paths())
                    if access == authz.PUBLIC and "[" not in path)
    alternatives = "|".join(re.escape(path.strip("/")) for path in public if path != "/")
    return rf"^/(?:(?:{alternatives})/?)?$"


def rules(static_dir: Path, sw_dest: Path) -> dict:
    from paduko_app.pwa.offline_page import OFFLINE_URL

    return {
        "swDest": str(sw_dest),
        "globDirectory": str(static_dir),
        "precacheGlobs": PRECACHE_GLOBS,
        "precacheIgnores": PRECACHE_IGNORES,
        "hashedAssets": HASHED_ASSETS,
        "offlineUrl": OFFLINE_URL,
        "cachedPages": cached_pages_pattern(),
        "hashedAssetPaths": HASHED_ASSET_PATHS,
        "voiceAudio": VOICE_AUDIO,
        "voiceManifest": VOICE_MANIFEST,
        "networkTimeoutSeconds": NETWORK_TIMEOUT_SECONDS,
    }


def _js_runtime() -> str:
    bun_bin = settings.ROOT / "tools" / "bun" / "node_modules" / ".bin" / "bun"
    for candidate in (shutil.which("bun"), str(bun_bin) if bun_bin.exists() else None, shutil.which("node")):
        if candidate:
            return candidate
    raise RuntimeError("No Bun (or Node) to generate the service worker: run scripts/run or scripts/test")


LOCK_DIR = Path(__file__).with_name("workbox")  # package.json and bun.lock, committed


def ensure_workbox() -> None:
    """Install workbox-build from the committed lockfile when missing or changed, as scripts/lib.sh
    does, so a build started without scripts/run (e.g. `pytest tests/e2e`) works the same."""
    installed = WORKBOX_DIR / "bun.lock"
    if (WORKBOX_DIR / "node_modules" / "workbox-build").exists() and installed.exists() \
            and installed.read_bytes() == (LOCK_DIR / "bun.lock").read_bytes():
        return
    bun = shutil.which("bun") or str(settings.ROOT / "tools" / "bun" / "node_modules" / ".bin" / "bun")
    WORKBOX_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "bun.lock"):
        shutil.copy(LOCK_DIR / name, WORKBOX_DIR / name)
    subprocess.run([bun, "install", "--frozen-lockfile", "--silent"], cwd=WORKBOX_DIR, check=True)


def generate(static_dir: Path, sw_dest: Path | None = None) -> Path:
    """Write sw.js into static_dir (or sw_dest) with Workbox; raise when it cannot."""
    ensure_workbox()
    sw_dest = sw_dest or static_dir / SW_FILE
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(rules(static_dir, sw_dest), handle)
    try:
        subprocess.run([_js_runtime(), str(BUILD_SCRIPT), handle.name, str(WORKBOX_DIR)], check=True,
                       env=dict(os.environ, NODE_ENV="production"))
    finally:
        os.unlink(handle.name)
    return sw_dest
