"""Security headers on every HTTP response: pages, API routes and Reflex's own endpoints.

Wraps the whole backend ASGI app (rx.App api_transformer), so it also covers the production
build that Reflex serves on the same port. Websocket traffic passes untouched.

The pages' Content-Security-Policy:
- script-src: 'self' plus the SHA-256 of every inline script in the production build. Reflex
  (React Router) writes inline scripts into each prerendered page (router context, stream
  chunks, route imports) and PADUKO adds two (head.py: saved language and text size before the
  first paint; the tab id sent with the websocket). Their hashes are read from .web/build/client
  once, at the first page served, so no 'unsafe-inline' for scripts. A page served from its own
  built file lists only that file's hashes (headers are not compressed: the list for all pages was
  about 4 KB on every page load); any other HTML (the SPA fallback of pages with a parameter, 404)
  lists them all. A page's later client-side navigations add no inline script, so its first
  document's policy suffices. 'unsafe-eval' is needed because Reflex runs rx.call_script
  (focus moves, the sign-in hand-off) with eval(); the code comes only from our server over
  the app's own websocket, never from the page.
- style-src 'unsafe-inline': React and Reflex set style elements and attributes at run time,
  whose content cannot be hashed ahead. CSS cannot run script, and img-src/font-src/connect-src
  'self' stop CSS from sending anything to another site.
The service worker script gets a policy of its own (fetches from PADUKO only).
Other responses (JSON, images, files) get a policy that allows nothing to run or frame them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders

from paduko_app import settings

BUILD_DIR = settings.ROOT / ".web" / "build" / "client"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # no page address (with a number) to other sites
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), microphone=(), payment=(), usb=()",
}
NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Chromium shows an inline PDF (the receipt) in its built-in viewer inside the document; a
# default-src 'none' there risks a blank page, so PDFs only refuse to be framed by other sites.
PDF_CSP = "frame-ancestors 'none'"
# The service worker (paduko_app/pwa) runs under its own script's policy: it fetches from PADUKO
# itself (precache, pages, voice) and nothing else; Workbox's runtime is inlined in the one file.
WORKER_PATH = "/sw.js"
WORKER_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"


def inline_script_hashes(build_dir: Path = BUILD_DIR) -> list[str]:
    """'sha256-...' of every distinct inline script in the built pages, sorted."""
    return sorted({digest for digests in hashes_by_page(build_dir).values() for digest in digests})


def hashes_by_page(build_dir: Path = BUILD_DIR) -> dict[str, list[str]]:
    """{built page relative to the build folder ("masuk/index.html"): its inline scripts' hashes}."""
    pages = {}
    for page in sorted(build_dir.rglob("*.html")) if build_dir.exists() else []:
        pages[page.relative_to(build_dir).as_posix()] = sorted({
            "'sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode() + "'"
            for match in _INLINE_SCRIPT.finditer(page.read_bytes())})
    return pages


def built_page(path: str) -> str:
    """The built file a request path is answered with, when it is a page of its own."""
    path = path.strip("/")
    if path.endswith(".html"):
        return path
    return f"{path}/index.html" if path else "index.html"


def page_csp(script_hashes: list[str], public_url: str) -> str:
    parts = urlsplit(public_url)
    websocket = ("wss://" if parts.scheme == "https" else "ws://") + parts.netloc
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self' 'unsafe-eval'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",  # data: the TOTP QR code; blob: photo previews
        "media-src 'self' blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {websocket}",  # the Reflex websocket, named for older Safari
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """ASGI middleware adding the headers to every HTTP response that lacks them."""

    def __init__(self, app, *, public_url: str | None = None, build_dir: Path = BUILD_DIR):
        self.app = app
        self._public_url = public_url
        self._build_dir = build_dir
        self._page_csp: dict[str, str] | None = None  # built page -> policy; "" -> every page's hashes

    def _csp_for_page(self, path: str) -> str:
        if self._page_csp is None:  # the build exists once the first page is served
            public_url = self._public_url or settings.load().public_url
            pages = hashes_by_page(self._build_dir)
            every = sorted({digest for digests in pages.values() for digest in digests})
            self._page_csp = {name: page_csp(digests, public_url) for name, digests in pages.items()}
            self._page_csp[""] = page_csp(every, public_url)
        return self._page_csp.get(built_page(path), self._page_csp[""])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            # Not on 304: a browser merges its headers into the cached page's, and the policy for
            # "not a page" would replace the page's own.
            if message["type"] == "http.response.start" and message.get("status") != 304:
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    if name not in headers:
                        headers[name] = value
                if "content-security-policy" not in headers:
                    content_type = headers.get("content-type", "")
                    headers["Content-Security-Policy"] = (
                        WORKER_CSP if scope.get("path") == WORKER_PATH
                        else self._csp_for_page(scope.get("path", "")) if content_type.startswith("text/html")
                        else PDF_CSP if content_type.startswith("application/pdf") else NOT_A_PAGE_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def with_security_headers(app):
    """For rx.App(api_transformer=[..., with_security_headers]): wraps the whole backend."""
    return SecurityHeaders(app)
