"""Typed page addresses without a redirect: /masuk serves the page, not a 307 to /masuk/.

Reflex's production build keeps each page as <page>/index.html, and its static file server sends
a folder's address without the final slash to the address with it: one more round trip on a slow
connection for every address a person types or a shortcut opens, and the service worker would
keep the page under the second address only. This middleware, around the whole backend, serves
<page>/index.html for GET/HEAD of /<page> when the build has it; nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

from paduko_app.api.headers import BUILD_DIR


class PagePaths:
    def __init__(self, app, *, build_dir: Path = BUILD_DIR):
        self.app = app
        self._build_dir = build_dir

    def _is_page_folder(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        if not name or "." in name or ".." in path.split("/"):
            return False
        return (self._build_dir / path.lstrip("/") / "index.html").is_file()

    async def __call__(self, scope, receive, send):
        if (scope["type"] == "http" and scope.get("method") in ("GET", "HEAD")
                and self._is_page_folder(scope["path"])):
            path = scope["path"] + "/"
            scope = dict(scope, path=path, raw_path=path.encode())
        await self.app(scope, receive, send)


def without_slash_redirects(app):
    """For rx.App(api_transformer=[...]): wraps the whole backend, pages included."""
    return PagePaths(app)
