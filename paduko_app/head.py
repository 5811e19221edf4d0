"""Inline head script: apply the saved language and text size before the first paint."""

from __future__ import annotations

import reflex as rx

from paduko_app.domain.formatting import LANGUAGES
from paduko_app.pwa.manifest import MANIFEST_URL, THEME_COLOUR
from state.ui import TEXT_SIZES

# Reflex keeps rx.LocalStorage values under their `name` as plain strings.
_APPLY_SAVED_SETTINGS = f"""
(function () {{
  var root = document.documentElement;
  function applyLook() {{
    try {{
      var size = localStorage.getItem("paduko_text_size");
      root.dataset.textSize = {list(TEXT_SIZES)!r}.indexOf(size) >= 0 ? size : "large";
      root.dataset.contrast = localStorage.getItem("paduko_contrast") === "high" ? "high" : "normal";
    }} catch (e) {{ root.dataset.textSize = "large"; }}
  }}
  applyLook();
  try {{
    var lang = localStorage.getItem("paduko_lang");
    if ({list(LANGUAGES)!r}.indexOf(lang) >= 0) root.lang = lang;
  }} catch (e) {{}}
  // Keep <html lang> equal to the language on screen: the page frame carries it in
  // #lang-sync[data-lang], which React updates whenever the language changes. When the saved
  // language is not the server's, React re-renders <html> on hydration and drops the data-*
  // attributes set above: put the text size and contrast back, or a Minang reader at the
  // largest text would see the page at the default size.
  new MutationObserver(function () {{
    var marker = document.getElementById("lang-sync");
    var lang = marker && marker.getAttribute("data-lang");
    if (lang && root.lang !== lang) root.lang = lang;
    if (!root.dataset.textSize || !root.dataset.contrast) applyLook();
  }}).observe(root, {{ subtree: true, childList: true, attributes: true,
                      attributeFilter: ["data-lang", "lang", "data-text-size", "data-contrast"] }});
}})();
"""


def head_components() -> list[rx.Component]:
    return [
        rx.el.script(_APPLY_SAVED_SETTINGS),
        rx.el.meta(name="theme-color", content=THEME_COLOUR),
        rx.el.link(rel="manifest", href=MANIFEST_URL),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="apple-mobile-web-app-title", content="PADUKO"),
        rx.el.script(src="/pwa.js", defer=True),  # service worker, "Pasang aplikasi", "Versi baru"
    ]
