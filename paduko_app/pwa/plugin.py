"""The Reflex plugin that makes PADUKO an installable web app, the same way in every build.

Every compile writes the manifest and the offline page into the public folder (from the
catalogues, so they never go stale); every production build (`reflex run --env prod`, as
scripts/run and the browser tests start it, or `reflex export`) then generates the service worker
with Workbox over the finished output, so its precache list names the files of that very build
(after minifying PADUKO's own scripts there, paduko_app/script_minify.py, and letting every page
paint before its JavaScript runs, paduko_app/paint_first.py).
"""

from __future__ import annotations

from pathlib import Path

from reflex_base.plugins.base import Plugin


class PwaPlugin(Plugin):
    def get_static_assets(self, **context):
        # Imported here: rxconfig loads this module before the app and its catalogues.
        from paduko_app.pwa.manifest import manifest_json
        from paduko_app.pwa.offline_page import offline_html

        return [(Path("public") / "manifest.webmanifest", manifest_json()),
                (Path("public") / "offline.html", offline_html())]

    def post_build(self, **context):
        from paduko_app import paint_first, script_minify
        from paduko_app.pwa import service_worker

        # Both first: the worker's precache list carries each file's revision.
        script_minify.minify(Path(context["static_dir"]))
        paint_first.rewrite_build(Path(context["static_dir"]))
        service_worker.generate(Path(context["static_dir"]))
