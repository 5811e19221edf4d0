"""Dates and numbers for each interface language, through Babel.

CLDR has no Minangkabau locale, so `min` formats as `id` (as MediaWiki does).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

LANGUAGES = ("id", "min", "en")
DEFAULT_LANGUAGE = "id"
_BABEL_LOCALE = {"id": "id_ID", "min": "id_ID", "en": "en_GB"}


def babel_locale(lang: str) -> str:
    return _BABEL_LOCALE.get(lang, _BABEL_LOCALE[DEFAULT_LANGUAGE])


def format_date(value: dt.date, lang: str, *, weekday: bool = False) -> str:
    """"17 Agustus 1955" (id, min) or "17 August 1955" (en); with weekday when asked."""
    pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
    return _format_date(value, pattern, locale=babel_locale(lang))


def format_number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))
