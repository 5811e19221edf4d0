"""The texts of errors and limits, one small JSON file per language, fetched by the browser only
when a person starts using a form (not on a page's first load).

Errors are message ids held in state (`components.i18n.t_error`). Compiled as a table literal, the
114 texts x 3 languages (31 KB, 8.4 KB gzip) were part of every page module that can show an
error: /masuk, /status, the wizard. Now the build writes `public/texts/errors-<lang>-<hash>.json`
(a content hash in the name, so a changed text is never served from an old cache) and the page
fetches the active language's file at the first focus, touch or key press (`BROWSER_CODE`), well
before the server can answer with an error. A text not yet loaded renders as "" and the component
renders again when it arrives; a failed fetch is retried.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reflex_base.plugins.base import Plugin

PREFIXES = ("error.", "limit.")
FOLDER = "texts"
JS_NAME = "padukoErrors"  # the module-level object of every compiled module that shows errors


def tables() -> dict[str, dict[str, str]]:
    from paduko_app.i18n import catalogs

    return {lang: {mid: text for mid, text in sorted(table.items()) if mid.startswith(PREFIXES)}
            for lang, table in catalogs().items()}


def files() -> dict[str, tuple[str, str]]:
    """{lang: (address, JSON text)}."""
    result = {}
    for lang, table in tables().items():
        text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        result[lang] = (f"/{FOLDER}/errors-{lang}-{digest}.json", text)
    return result


def browser_code() -> str:
    """Module-level JavaScript: one store per page (on window, shared by its modules)."""
    addresses = json.dumps({lang: address for lang, (address, _) in files().items()})
    return f"""const {JS_NAME} = (typeof window === 'undefined') ? {{text: () => '', version: () => 0, subscribe: () => () => {{}}}} :
  (window.__{JS_NAME} = window.__{JS_NAME} || (() => {{
    const files = {addresses}, tables = {{}}, loading = {{}}, listeners = new Set();
    let version = 0;
    const changed = () => {{ version += 1; listeners.forEach((f) => f()); }};
    const load = (lang) => {{
      if (tables[lang] || loading[lang] || !files[lang]) return;
      loading[lang] = fetch(files[lang]).then((r) => r.ok ? r.json() : Promise.reject(r.status))
        .then((table) => {{ tables[lang] = table; changed(); }})
        .catch(() => {{ delete loading[lang]; setTimeout(changed, 2000); }});
    }};
    const active = () => document.documentElement.lang || 'id';
    ['focusin', 'pointerdown', 'keydown'].forEach((name) =>
      document.addEventListener(name, () => load(active()), {{capture: true, once: true}}));
    return {{
      text: (lang, id) => {{ if (!id) return ''; load(lang); return (tables[lang] || {{}})[id] || ''; }},
      version: () => version,
      subscribe: (f) => {{ listeners.add(f); return () => listeners.delete(f); }},
    }};
  }})());"""


HOOK = f"useSyncExternalStore({JS_NAME}.subscribe, {JS_NAME}.version, {JS_NAME}.version);"


class ErrorTextsPlugin(Plugin):
    """Writes the files into the public folder at every compile (from the catalogues: never stale)."""

    def get_static_assets(self, **context):
        return [(Path("public") / address.lstrip("/"), text) for address, text in files().values()]
