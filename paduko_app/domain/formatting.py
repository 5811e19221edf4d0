"""Dates and numbers for each interface language, through Babel.

CLDR has no Minangkabau locale: numbers format as `id` (as MediaWiki does), and dates for a
Minang reader take their day and month names from the small tables below.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

LANGUAGES = ("id", "min", "en")
DEFAULT_LANGUAGE = "id"
_BABEL_LOCALE = {"id": "id_ID", "min": "id_ID", "en": "en_GB"}

# Monday first, as date.weekday() counts. Attested in shared/reference/language.md (the help
# text already says "Sinayan ... Jumaik"); still listed by `i18n_catalogs review` with the months.
MINANG_WEEKDAYS = ("Sinayan", "Salasa", "Rabaa", "Kamih", "Jumaik", "Sabtu", "Akaik")
# Not attested: derived by the regular sound patterns (-us -> -uih); awaiting a native speaker.
MINANG_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustuih",
                 "September", "Oktober", "November", "Desember")


def minang_names_awaiting_review() -> list[tuple[str, str]]:
    """(key, text) of every Minang day and month name, for the review list beside the catalogue's."""
    return ([(f"date.weekday.{i}", name) for i, name in enumerate(MINANG_WEEKDAYS)]
            + [(f"date.month.{i + 1}", name) for i, name in enumerate(MINANG_MONTHS)])


def babel_locale(lang: str) -> str:
    return _BABEL_LOCALE.get(lang, _BABEL_LOCALE[DEFAULT_LANGUAGE])


def format_date(value: dt.date, lang: str, *, weekday: bool = False) -> str:
    """"17 Agustus 1955" (id), "17 Agustuih 1955" (min) or "17 August 1955" (en); with weekday when asked."""
    if lang == "min":
        text = f"{value.day} {MINANG_MONTHS[value.month - 1]} {value.year}"
        return f"{MINANG_WEEKDAYS[value.weekday()]}, {text}" if weekday else text
    pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
    return _format_date(value, pattern, locale=babel_locale(lang))


def format_number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))
