"""Runtime translation: message id + language (+ parameters) -> text.

Reads the compiled catalogues (locales/*/LC_MESSAGES/messages.mo), compiling them first
when they are missing or older than their .po files, so a fresh clone just works.
Falls back to Indonesian, the source language, then to the id itself (never crashes a page).
"""

from __future__ import annotations

import functools
import gettext
import string
from typing import Any

from paduko_app import i18n_catalogs
from paduko_app.domain.formatting import DEFAULT_LANGUAGE, LANGUAGES


def _stale() -> bool:
    for lang in LANGUAGES:
        po, mo = i18n_catalogs.po_path(lang), i18n_catalogs.mo_path(lang)
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


@functools.cache
def catalogs() -> dict[str, dict[str, str]]:
    if _stale():
        i18n_catalogs.compile_all()
    result: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        with i18n_catalogs.mo_path(lang).open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        result[lang] = {k: v for k, v in translations._catalog.items() if isinstance(k, str) and k}
    return result


class _Params(dict):
    def __missing__(self, key: str) -> str:  # a missing parameter is left out, not a crash
        return ""


def translate(lang: str, message_id: str, **params: Any) -> str:
    tables = catalogs()
    text = tables.get(lang, {}).get(message_id) or tables[DEFAULT_LANGUAGE].get(message_id) or message_id
    if "{" not in text:
        return text
    try:  # always format, so a placeholder is never shown raw to a resident
        return string.Formatter().vformat(text, (), _Params(params))
    except (ValueError, IndexError):  # a translator's stray brace: show the text as written
        return text


def all_languages(message_id: str) -> dict[str, str]:
    return {lang: translate(lang, message_id) for lang in LANGUAGES}
