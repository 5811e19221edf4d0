"""NIK and Nomor KK: cleaning, validation, and what a NIK says of its holder.

A NIK is PP KK CC DDMMYY SSSS (see shared reference): region of first registration, birth
date with 40 added to the day for women, and a serial from 0001. It has no checksum.
python-stdnum checks the length, the date part and the region table; we add the serial,
the sex, and a century rule that never yields a birth date in the future.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from stdnum import numdb
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

from .messages import MessageError, m

_SEPARATORS = re.compile(r"[\s.\-]+")


class Sex(str, Enum):
    MALE = "L"  # laki-laki
    FEMALE = "P"  # perempuan


class IdentityError(MessageError):
    """An identity number was refused."""


ERR_NIK_LETTERS = m("error.nik.not_digits")
ERR_NIK_LENGTH = m("error.nik.length")
ERR_NIK_DATE = m("error.nik.date")
ERR_NIK_REGION = m("error.nik.region")
ERR_NIK_SERIAL = m("error.nik.serial")
ERR_KK_LETTERS = m("error.kk.not_digits")
ERR_KK_LENGTH = m("error.kk.length")
ERR_KK_REGION = m("error.kk.region")


def is_digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits."""
    return text.isascii() and text.isdigit()


def clean_number(raw: str) -> str:
    """Drop the spaces, dots and dashes people type or paste into numbers."""
    return _SEPARATORS.sub("", raw or "")


@dataclass(frozen=True)
class NikInfo:
    nik: str
    sex: Sex
    birth_date: dt.date
    region_code: str  # six digits: province, kabupaten/kota, kecamatan of first registration
    serial: str


def _birth_date(day_part: int, month: int, yy: int, today: dt.date) -> dt.date:
    """The birth date for DD (already minus 40 for women), MM, YY; never in the future."""
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day_part)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise IdentityError(ERR_NIK_DATE)


def parse_nik(raw: str, today: dt.date | None = None) -> NikInfo:
    """Validate a NIK and return what it encodes, or raise IdentityError."""
    today = today or dt.date.today()
    number = clean_number(raw)
    if not number:
        raise IdentityError(ERR_NIK_LENGTH)  # "Masukkan NIK 16 angka ..." also fits an empty box
    if not is_digits(number):
        raise IdentityError(ERR_NIK_LETTERS)
    if len(number) != 16:
        raise IdentityError(ERR_NIK_LENGTH)
    day = int(number[6:8])
    sex = Sex.FEMALE if day > 40 else Sex.MALE
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise IdentityError(ERR_NIK_DATE)
    birth = _birth_date(day - 40 if sex is Sex.FEMALE else day, int(number[8:10]), int(number[10:12]), today)
    if not _region_known(number[:4]):
        raise IdentityError(ERR_NIK_REGION)
    serial = number[12:]
    if serial == "0000":
        raise IdentityError(ERR_NIK_SERIAL)
    try:  # stdnum as a second opinion on format and region
        stdnum_nik.validate(number)
    except ValidationError as exc:  # pragma: no cover - our checks above are stricter
        raise IdentityError(ERR_NIK_REGION) from exc
    return NikInfo(nik=number, sex=sex, birth_date=birth, region_code=number[:6], serial=serial)


def _region_known(first_four: str) -> bool:
    return bool(numdb.get("id/loc").info(first_four)[0][1])


def validate_nik(raw: str, today: dt.date | None = None) -> str:
    """The cleaned NIK, or IdentityError."""
    return parse_nik(raw, today).nik


def validate_kk(raw: str) -> str:
    """Nomor KK: 16 digits with a known region prefix (SIAK assigns the rest)."""
    number = clean_number(raw)
    if not number:
        raise IdentityError(ERR_KK_LENGTH)
    if not is_digits(number):
        raise IdentityError(ERR_KK_LETTERS)
    if len(number) != 16:
        raise IdentityError(ERR_KK_LENGTH)
    if not _region_known(number[:4]):
        raise IdentityError(ERR_KK_REGION)
    return number


def clean_person(nik: str, name: str, name_error: str) -> tuple[str, str, dict[str, str]]:
    """A NIK and a full name as typed: (clean NIK, clean name, {field: message id} of problems)."""
    errors: dict[str, str] = {}
    clean_nik = ""
    try:
        clean_nik = validate_nik(nik)
    except IdentityError as exc:
        errors["nik"] = exc.message_id
    clean_name = " ".join((name or "").split())
    if not 2 <= len(clean_name) <= 120:
        errors["name"] = name_error
    return clean_nik, clean_name, errors


def mask_number(number: str) -> str:
    """Partial view for lists and logs (UU Adminduk Pasal 84): 1374xxxxxxxx0001."""
    if len(number) != 16:
        return "x" * len(number)
    return number[:4] + "x" * 8 + number[12:]
