"""Inline head script: apply the saved language and text size before the first paint."""

from __future__ import annotations

import reflex as rx

from paduko_app.domain.formatting import LANGUAGES
from paduko_app.pwa.manifest import MANIFEST_URL, THEME_COLOUR
from paduko_app.socket_takeover import TAB_PARAM
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
  // #lang-sync[data-lang], which React updates whenever the language changes. Should React
  // draw <html> anew (it did on hydration while a saved Minang did not match the prerendered
  // texts), the data-* attributes set above are dropped: put the text size and contrast back,
  // or a Minang reader at the largest text would see the page at the default size.
  new MutationObserver(function () {{
    var marker = document.getElementById("lang-sync");
    var lang = marker && marker.getAttribute("data-lang");
    if (lang && root.lang !== lang) root.lang = lang;
    if (!root.dataset.textSize || !root.dataset.contrast) applyLook();
  }}).observe(root, {{ subtree: true, childList: true, attributes: true,
                      attributeFilter: ["data-lang", "lang", "data-text-size", "data-contrast"] }});
}})();
"""


# This page load's tab id, sent with every websocket connection to the backend, so the server
# knows a reconnect (or a reload) of this tab from a duplicated tab (paduko_app/cluster/same_tab.py).
# Kept in a variable; put in sessionStorage only while the page is hidden, so a reload finds it
# and a duplicate of a live tab, which copies sessionStorage, does not. Runs before Reflex's bundle,
# whose socket client takes window.WebSocket when it loads.
_TAB_ID = f"""
(function () {{
  var key = "{TAB_PARAM}", tab = null;
  try {{ tab = sessionStorage.getItem(key); sessionStorage.removeItem(key); }} catch (e) {{}}
  if (!/^[0-9a-f]{{32}}$/.test(tab || "")) {{
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    tab = Array.prototype.map.call(bytes, function (b) {{ return (b + 256).toString(16).slice(1); }}).join("");
  }}
  addEventListener("pagehide", function () {{ try {{ sessionStorage.setItem(key, tab); }} catch (e) {{}} }});
  addEventListener("pageshow", function () {{ try {{ sessionStorage.removeItem(key); }} catch (e) {{}} }});
  var Native = window.WebSocket;
  if (!Native) return;
  function Tabbed(url, protocols) {{
    url = String(url);
    if (url.indexOf("/_event") >= 0) url += (url.indexOf("?") >= 0 ? "&" : "?") + key + "=" + tab;
    return protocols === undefined ? new Native(url) : new Native(url, protocols);
  }}
  Tabbed.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {{ Tabbed[name] = Native[name]; }});
  window.WebSocket = Tabbed;
}})();
"""


def head_components() -> list[rx.Component]:
    return [
        rx.el.script(_APPLY_SAVED_SETTINGS),
        rx.el.script(_TAB_ID),
        rx.el.meta(name="theme-color", content=THEME_COLOUR),
        rx.el.link(rel="manifest", href=MANIFEST_URL),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="apple-mobile-web-app-title", content="PADUKO"),
        rx.el.script(src="/pwa.js", defer=True),  # service worker, "Pasang aplikasi", "Versi baru"
    ]
