"""The page the service worker shows when a page cannot be loaded and is not saved on the phone.

Plain HTML in all three languages (the saved language is shown, as in head.py), the office's
phone, WhatsApp, hours and the kelurahan kiosk; "Coba lagi" is a link to the same address, so it
works without any script. Written into the build by the PWA plugin and precached by the worker.
"""

from __future__ import annotations

from html import escape

from paduko_app.domain.formatting import LANGUAGES
from paduko_app.domain.messages import m
from paduko_app.i18n import translate
from paduko_app.office import OFFICE_PHONE, OFFICE_WHATSAPP
from paduko_app.pwa.manifest import MANIFEST_URL, THEME_COLOUR

OFFLINE_URL = "/offline.html"
# Named here: message ids inside f-strings are invisible to the catalogue extraction.
HEADING, BODY, RETRY = m("offline.heading"), m("offline.body"), m("offline.retry")
HELP = (m("help.heading"), m("help.phone"), m("help.whatsapp"), m("help.hours"), m("help.kiosk"))

# Show the saved language's section only; the same keys head.py reads.
_CHOOSE_LANGUAGE = """
(function () {
  var root = document.documentElement, lang = "id", size = "large";
  try {
    lang = localStorage.getItem("paduko_lang") || "id";
    size = localStorage.getItem("paduko_text_size") || "large";
    if (localStorage.getItem("paduko_contrast") === "high") root.dataset.contrast = "high";
  } catch (e) {}
  root.dataset.textSize = size;
  var section = document.querySelector('section[lang="' + lang + '"]');
  if (!section) return;
  root.lang = lang;
  document.querySelectorAll("section[lang]").forEach(function (s) { s.hidden = s !== section; });
  document.title = section.querySelector("h1").textContent;
})();
""".strip()


def _section(lang: str) -> str:
    def text(message_id: str) -> str:
        return escape(translate(lang, message_id))

    tel = OFFICE_PHONE.replace("-", "")
    hidden = "" if lang == "id" else " hidden"
    return f"""<section lang="{lang}"{hidden} aria-labelledby="offline-heading-{lang}">
<h1 id="offline-heading-{lang}">{text(HEADING)}</h1>
<p class="lead">{text(BODY)}</p>
<p><a class="button" href="">{text(RETRY)}</a></p>
<aside class="help" aria-labelledby="offline-help-{lang}">
<h2 id="offline-help-{lang}">{text(HELP[0])}</h2>
<p>{text(HELP[1])} <a href="tel:{tel}">{escape(OFFICE_PHONE)}</a></p>
<p>{text(HELP[2])} <a href="https://wa.me/{OFFICE_WHATSAPP}" rel="noopener">{escape(OFFICE_PHONE)}</a></p>
<p>{text(HELP[3])}</p>
<p>{text(HELP[4])}</p>
</aside>
</section>"""


def offline_html() -> str:
    sections = "\n".join(_section(lang) for lang in LANGUAGES)
    return f"""<!DOCTYPE html>
<html lang="id" data-text-size="large">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="{THEME_COLOUR}">
<title>{escape(translate("id", HEADING))} · PADUKO</title>
<link rel="stylesheet" href="/paduko.css">
<link rel="manifest" href="{MANIFEST_URL}">
</head>
<body>
<div class="page">
<header class="site-header site-header-slim"><span class="brand"><span class="brand-name">PADUKO</span></span></header>
<main id="main" class="content">
{sections}
</main>
</div>
<script>{_CHOOSE_LANGUAGE}</script>
</body>
</html>
"""
