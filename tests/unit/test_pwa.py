"""The installable app: icons from their source, the manifest, and what the service worker may keep."""

from __future__ import annotations

import json
import math
import re
import shutil

import pytest
from PIL import Image

from paduko_app import authz, routes, settings
from paduko_app.api.routes import api
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.i18n import translate
from paduko_app.pwa import icons, manifest, offline_page, service_worker

ASSETS = settings.ROOT / "assets"


def test_icons_are_what_the_source_makes():
    assert icons.stale() == [], "run: python -m paduko_app.pwa.icons"


def test_icon_check_notices_an_edited_icon(tmp_path):
    favicon = tmp_path / "favicon.ico"
    icons.write(tmp_path, favicon)
    assert icons.stale(tmp_path, favicon) == []
    image = Image.open(tmp_path / "maskable-192.png").convert("RGB")
    image.putpixel((0, 0), (255, 0, 0))
    image.save(tmp_path / "maskable-192.png")
    (tmp_path / "icon-512.png").unlink()
    assert sorted(icons.stale(tmp_path, favicon)) == ["icon-512.png: missing", "maskable-192.png: differs from the source"]


def test_icon_check_notices_an_edited_favicon(tmp_path):
    favicon = tmp_path / "favicon.ico"
    icons.write(tmp_path, favicon)
    small = Image.open(favicon)
    small.size = (16, 16)  # the 16 px image inside the .ico: an edit there alone is noticed too
    small = small.convert("RGBA")
    small.putpixel((8, 8), (255, 0, 0, 255))
    big = Image.open(favicon).convert("RGBA")
    big.save(favicon, format="ICO", sizes=[(32, 32), (16, 16)], append_images=[small])
    assert icons.stale(tmp_path, favicon) == ["favicon.ico: differs from the source"]
    favicon.unlink()
    assert icons.stale(tmp_path, favicon) == ["favicon.ico: missing"]


def test_favicon_is_small_with_the_tab_sizes():
    # Every first load fetches it, uncompressed (issue 12: 3,422 bytes with four sizes before).
    favicon = ASSETS / "favicon.ico"
    assert favicon.stat().st_size < 2000
    assert sorted(Image.open(favicon).info["sizes"]) == [(16, 16), (32, 32)]


@pytest.mark.parametrize("icon", [i for i in icons.ICONS if i.purpose == "maskable"], ids=lambda i: i.file)
def test_maskable_icons_keep_the_mark_inside_the_safe_zone(icon):
    image = Image.open(ASSETS / "icons" / icon.file).convert("RGB")
    background = icons.background_colour()
    centre, radius = icon.size / 2, icon.size * icons.SAFE_ZONE / 2
    outside = [(x, y) for x in range(icon.size) for y in range(icon.size)
               if math.hypot(x + 0.5 - centre, y + 0.5 - centre) > radius
               and max(abs(a - b) for a, b in zip(image.getpixel((x, y)), background)) > 8]
    assert outside == []
    assert image.getpixel((0, 0)) == background  # full bleed: no transparent corners to mask


def test_any_icons_have_rounded_transparent_corners():
    image = Image.open(ASSETS / "icons" / "icon-192.png").convert("RGBA")  # a palette with transparency
    assert image.getpixel((0, 0))[3] == 0 and image.getpixel((96, 96))[3] == 255


def test_manifest_is_installable_and_names_files_that_exist():
    data = manifest.manifest()
    assert data["name"] == translate("id", "pwa.name") and data["short_name"] == "PADUKO"
    assert data["lang"] == "id" and data["display"] == "standalone"
    assert data["start_url"] == "/" and data["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"]) and re.fullmatch(r"#[0-9a-f]{6}", data["background_color"])
    by_purpose = {(i["purpose"], i["sizes"]) for i in data["icons"]}
    assert by_purpose >= {("any", "192x192"), ("any", "512x512"), ("maskable", "192x192"), ("maskable", "512x512")}
    for icon in data["icons"]:
        size = Image.open(ASSETS / icon["src"].lstrip("/")).size
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
    assert [s["name"] for s in data["shortcuts"]] == ["Ajukan dokumen", "Cek status"]
    assert data["shortcuts"][1]["url"] == "/status"
    group_ids = {f"group-{g.value}" for g in routes.catalogue.Group}
    assert data["shortcuts"][0]["url"].split("#")[1] in group_ids
    for shot in data["screenshots"]:
        assert shot["form_factor"] == "narrow"
        size = Image.open(ASSETS / shot["src"].lstrip("/")).size
        assert f"{size[0]}x{size[1]}" == shot["sizes"]
    json.loads(manifest.manifest_json())


def test_offline_page_has_each_language_and_the_office_contacts():
    html = offline_page.offline_html()
    for lang in LANGUAGES:
        assert f'<section lang="{lang}"' in html
        assert translate(lang, "offline.heading") in html
    assert "tel:085274663857" in html and "https://wa.me/6285274663857" in html
    assert '<a class="button" href="">' in html  # "Coba lagi" reloads the same address without script


# --- What the service worker keeps -------------------------------------------------------------

def _example(path: str) -> str:
    """A concrete address for a route pattern (Reflex's [param] or Starlette's {param:type})."""
    path = re.sub(r"\[[^\]]+\]", "2026-0001", path)
    return re.sub(r"\{[^}]+\}", "1", path)


PAGE_PATHS = [(_example(r.path), r.access) for r in routes.ROUTES]
API_PATHS = [_example(r.path) for r in api.routes]
REFLEX_PATHS = ["/_event", "/_event/abc", "/ping", "/_health", "/_upload/x.jpg", "/sw.js"]
PRIVATE_PAGES = [path for path, access in PAGE_PATHS if access != authz.PUBLIC]
PUBLIC_PAGES = [path for path, access in PAGE_PATHS if access == authz.PUBLIC]
CACHED_PAGES = re.compile(service_worker.cached_pages_pattern())
VOICE = [re.compile(service_worker.VOICE_AUDIO), re.compile(service_worker.VOICE_MANIFEST)]
HASHED = re.compile(service_worker.HASHED_ASSET_PATHS)


def test_the_route_lists_are_complete():
    assert "/akun" in PRIVATE_PAGES and "/petugas/permohonan/2026-0001" in PRIVATE_PAGES
    assert "/api/permohonan/1/tanda-terima" in API_PATHS and "/api/unggah" in API_PATHS
    assert "/" in PUBLIC_PAGES and "/status" in PUBLIC_PAGES


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_kept_for_offline_use(path):
    assert CACHED_PAGES.match(path) and CACHED_PAGES.match(path.rstrip("/") + "/")


@pytest.mark.parametrize("path", PRIVATE_PAGES + API_PATHS + REFLEX_PATHS)
def test_nothing_personal_or_live_is_ever_kept(path):
    for candidate in (path, path + "/"):
        assert not CACHED_PAGES.match(candidate)
        assert not any(rule.match(candidate) for rule in [*VOICE, HASHED])


def test_hashed_code_is_kept_once_loaded():
    assert HASHED.match("/assets/_petugas_._antrian_._index-Qq11Ww22.js")
    assert not HASHED.match("/assets/../api/dokumen/1")


def test_voice_rules_take_only_voice_prompts():
    assert VOICE[0].match("/voice/min/home.heading-1a2b3c.mp3")
    assert not VOICE[0].match("/api/suara/min/home.heading")  # an admin's recording: always fresh
    assert VOICE[1].match("/voice/index/min-1e.json")
    assert not VOICE[1].match("/voice/manifest.json")  # every text in three languages: never fetched


@pytest.fixture(scope="module")
def generated_worker(tmp_path_factory):
    """sw.js generated by Workbox over a small build output, as the plugin does after a build."""
    static = tmp_path_factory.mktemp("client")
    (static / "assets").mkdir()
    (static / "assets" / "root-Ab12Cd34.js").write_text("export {}")
    (static / "assets" / "akun-Zz99Yy88.css").write_text("p{}")
    (static / "assets" / "_petugas_._antrian_._index-Qq11Ww22.js").write_text("export {}")
    (static / "index.html").write_text("<html>home</html>")
    (static / "akun.html").write_text("<html>account</html>")
    (static / "offline.html").write_text(offline_page.offline_html())
    (static / "manifest.webmanifest").write_text(manifest.manifest_json())
    (static / "icons").mkdir()
    for icon in icons.ICONS:
        shutil.copy(ASSETS / "icons" / icon.file, static / "icons" / icon.file)
    (static / "favicon.ico").write_bytes((ASSETS / "favicon.ico").read_bytes())
    (static / "voice.js").write_text("//")
    (static / "index.html.gz").write_bytes(b"gz")
    return service_worker.generate(static).read_text()


def test_the_generated_worker_carries_the_rules(generated_worker):
    for pattern in (service_worker.cached_pages_pattern(), service_worker.VOICE_AUDIO, service_worker.VOICE_MANIFEST,
                    service_worker.HASHED_ASSET_PATHS):
        assert json.dumps(pattern) in generated_worker
    assert '"/offline.html"' in generated_worker  # the fallback for pages when there is no network
    assert '"SKIP_WAITING"' in generated_worker  # a new version waits for "Muat ulang"


def test_the_generated_worker_precaches_the_shell_and_no_page(generated_worker):
    precached = set(re.findall(r'\{url:"([^"]+)",revision:', generated_worker))
    assert {"assets/root-Ab12Cd34.js", "assets/akun-Zz99Yy88.css", "offline.html", "voice.js",
            "manifest.webmanifest", "icons/maskable-512.png"} <= precached
    assert not {p for p in precached if p.endswith((".html", ".gz")) and p != "offline.html"}
    assert not {p for p in precached if "petugas" in p}  # office code is not pushed onto residents' phones
    # Hashed names are versioned by their name, the rest by content.
    assert 'url:"assets/root-Ab12Cd34.js",revision:null' in generated_worker
