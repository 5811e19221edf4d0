"""Field types and server-side validation of one answer.

Each validator takes what the person typed and returns the clean value or raises
AnswerError with a message id that says how to fix it. Spaces, dots and dashes in numbers
are ignored. Validation happens when the person presses the button, never while typing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable

from . import identity
from .messages import MessageError, m
from .regions import kelurahan_by_code
from .rules import years_between

UNKNOWN = "__unknown__"  # the answer "Saya tidak tahu"


class FieldType(str, Enum):
    TEXT = "text"  # one line: names, places, numbers of letters
    LONG_TEXT = "long_text"  # addresses, explanations
    NIK = "nik"
    KK = "kk"
    DATE = "date"  # three boxes: day, month, year
    TIME = "time"  # HH:MM
    CHOICE = "choice"  # large choice cards (radios)
    YES_NO = "yes_no"
    NUMBER = "number"  # whole numbers within a range
    PHONE = "phone"  # Indonesian mobile number
    KELURAHAN = "kelurahan"  # one of the 16 kelurahan of Padang Panjang


class AnswerError(MessageError):
    """An answer was refused."""


ERR_REQUIRED = m("error.required")
ERR_TEXT_LONG = m("error.text.too_long")
ERR_TEXT_CHARS = m("error.text.bad_characters")
ERR_DATE_INVALID = m("error.date.invalid")
ERR_DATE_FUTURE = m("error.date.future")
ERR_DATE_TOO_OLD = m("error.date.too_old")
ERR_DATE_AGE_MAX = m("error.date.age_max")
ERR_TIME = m("error.time.invalid")
ERR_CHOICE = m("error.choice.invalid")
ERR_NUMBER = m("error.number.invalid")
ERR_NUMBER_RANGE = m("error.number.range")
ERR_PHONE = m("error.phone.invalid")
ERR_KELURAHAN = m("error.kelurahan.invalid")

YES, NO = "ya", "tidak"

# Month names people write, in Indonesian, Minang and English (full and short forms).
_MONTHS = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "agustuih", "august", "agu", "agt", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
_MONTH_BY_NAME = {name: num for num, names in _MONTHS.items() for name in names}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class DateParts:
    day: str
    month: str
    year: str


def clean_text(raw: Any, max_length: int) -> str:
    text = unicodedata.normalize("NFC", str(raw or "")).strip()
    text = re.sub(r"[ \t]+", " ", text)
    if _CONTROL.search(text.replace("\n", "")):
        raise AnswerError(ERR_TEXT_CHARS)
    if len(text) > max_length:
        raise AnswerError(ERR_TEXT_LONG)
    return text


def parse_month(raw: str) -> int | None:
    token = str(raw or "").strip().lower().rstrip(".")
    if identity.is_digits(token):
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTH_BY_NAME.get(token)


def parse_date(parts: Any, today: dt.date) -> dt.date:
    """Three boxes (day, month as number or name, four-digit year) to a date."""
    if isinstance(parts, str):
        try:
            return dt.date.fromisoformat(parts)
        except ValueError as exc:
            raise AnswerError(ERR_DATE_INVALID) from exc
    if isinstance(parts, dict):
        parts = DateParts(parts.get("day", ""), parts.get("month", ""), parts.get("year", ""))
    if not isinstance(parts, DateParts):
        raise AnswerError(ERR_DATE_INVALID)
    day, year = str(parts.day).strip(), str(parts.year).strip()
    month = parse_month(parts.month)
    if not (identity.is_digits(day) and identity.is_digits(year) and len(year) == 4 and month):
        raise AnswerError(ERR_DATE_INVALID)
    try:
        return dt.date(int(year), month, int(day))
    except ValueError as exc:
        raise AnswerError(ERR_DATE_INVALID) from exc


def normalise_phone(raw: str) -> str:
    """Indonesian mobile number to 08... form; accepts +62, 62 and separators."""
    digits = identity.clean_number(str(raw or "")).replace("(", "").replace(")", "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not (identity.is_digits(digits) and digits.startswith("08") and 10 <= len(digits) <= 13):
        raise AnswerError(ERR_PHONE)
    return digits


Validator = Callable[["QuestionLike", Any, dt.date], Any]


class QuestionLike:  # for typing only: what validators read of a question
    options: tuple
    max_length: int
    min_value: int | None
    max_value: int | None
    max_age_years: int | None
    not_before_years: int | None


def _text(q, raw, today):
    return clean_text(raw, q.max_length)


def _nik(q, raw, today):
    try:
        return identity.validate_nik(str(raw), today)
    except identity.IdentityError as exc:
        raise AnswerError(exc.message_id) from exc


def _kk(q, raw, today):
    try:
        return identity.validate_kk(str(raw))
    except identity.IdentityError as exc:
        raise AnswerError(exc.message_id) from exc


def _date(q, raw, today):
    value = parse_date(raw, today)
    if value > today:
        raise AnswerError(ERR_DATE_FUTURE)
    if value.year < today.year - (q.not_before_years or 130):
        raise AnswerError(ERR_DATE_TOO_OLD)
    if q.max_age_years is not None and years_between(value, today) >= q.max_age_years:
        raise AnswerError(ERR_DATE_AGE_MAX)
    return value.isoformat()


def _time(q, raw, today):
    text = str(raw or "").strip().replace(".", ":")
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise AnswerError(ERR_TIME)
    return f"{int(match[1]):02d}:{match[2]}"


def _choice(q, raw, today):
    value = str(raw or "").strip()
    if value not in {opt.value for opt in q.options}:
        raise AnswerError(ERR_CHOICE)
    return value


def _yes_no(q, raw, today):
    value = str(raw or "").strip().lower()
    if value not in (YES, NO):
        raise AnswerError(ERR_CHOICE)
    return value


def _number(q, raw, today):
    text = identity.clean_number(str(raw or ""))
    if not identity.is_digits(text) or len(text) > 9:
        raise AnswerError(ERR_NUMBER)
    value = int(text)
    if (q.min_value is not None and value < q.min_value) or (q.max_value is not None and value > q.max_value):
        raise AnswerError(ERR_NUMBER_RANGE)
    return value


def _phone(q, raw, today):
    return normalise_phone(str(raw))


def _kelurahan(q, raw, today):
    value = str(raw or "").strip()
    if kelurahan_by_code(value) is None:
        raise AnswerError(ERR_KELURAHAN)
    return value


VALIDATORS: dict[FieldType, Validator] = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.NIK: _nik,
    FieldType.KK: _kk,
    FieldType.DATE: _date,
    FieldType.TIME: _time,
    FieldType.CHOICE: _choice,
    FieldType.YES_NO: _yes_no,
    FieldType.NUMBER: _number,
    FieldType.PHONE: _phone,
    FieldType.KELURAHAN: _kelurahan,
}


def is_blank(raw: Any) -> bool:
    if isinstance(raw, DateParts):
        return not any(str(p).strip() for p in (raw.day, raw.month, raw.year))
    if isinstance(raw, dict):
        return not any(str(v).strip() for v in raw.values())
    return raw is None or str(raw).strip() == ""
