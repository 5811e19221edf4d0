import datetime as dt

import pytest

from paduko_app.domain import identity
from paduko_app.domain.identity import IdentityError, Sex, parse_nik, validate_kk

TODAY = dt.date(2026, 11, 29)


def test_valid_man():
    info = parse_nik("1374020506850002", TODAY)
    assert info.sex is Sex.MALE
    assert info.birth_date == dt.date(1985, 6, 5)
    assert info.region_code == "137402"
    assert info.serial == "0002"


def test_valid_woman_has_day_plus_40():
    info = parse_nik("1374015203580001", TODAY)
    assert info.sex is Sex.FEMALE
    assert info.birth_date == dt.date(1958, 3, 12)


@pytest.mark.parametrize("typed", ["1374 0152 0358 0001", "1374-0152-0358-0001", "1374.0152.0358.0001",
                                   " 1374015203580001 ", "1374 01-52.0358 0001"])
def test_spaces_dots_and_dashes_are_ignored(typed):
    assert identity.validate_nik(typed, TODAY) == "1374015203580001"


@pytest.mark.parametrize("nik, reason", [
    ("137401520358000", identity.ERR_NIK_LENGTH),   # 15 digits
    ("13740152035800011", identity.ERR_NIK_LENGTH),  # 17 digits
    ("", identity.ERR_NIK_LENGTH),
    ("13740152035800O1", identity.ERR_NIK_LETTERS),  # letter O for zero
    ("1374abcd03580001", identity.ERR_NIK_LETTERS),
    ("1374013202580001", identity.ERR_NIK_DATE),     # day 32
    ("1374017202580001", identity.ERR_NIK_DATE),     # day 72 (woman's 32)
    ("1374010013580001", identity.ERR_NIK_DATE),     # month 13
    ("1374000003580001", identity.ERR_NIK_DATE),     # day 00
    ("1374013002580001", identity.ERR_NIK_DATE),     # 30 February
    ("1374017002580001", identity.ERR_NIK_DATE),     # woman, 30 February
    ("1374012902010001", identity.ERR_NIK_DATE),     # 29 Feb 2001 and 1901 do not exist
    ("1374015203580000", identity.ERR_NIK_SERIAL),
    ("9974015203580001", identity.ERR_NIK_REGION),   # no province 99
])
def test_refused(nik, reason):
    with pytest.raises(IdentityError) as caught:
        parse_nik(nik, TODAY)
    assert caught.value.message_id == reason


def test_leap_day_of_a_real_leap_year():
    assert parse_nik("1374012902000001", TODAY).birth_date == dt.date(2000, 2, 29)


def test_century_is_never_in_the_future():
    # "27" could be 2027 or 1927: 2027 is in the future, so 1927.
    assert parse_nik("1374010101270001", TODAY).birth_date == dt.date(1927, 1, 1)
    assert parse_nik("1374010101260001", TODAY).birth_date == dt.date(2026, 1, 1)
    # A 2026 birthday after today belongs to 1926.
    assert parse_nik("1374012512260001", TODAY).birth_date == dt.date(1926, 12, 25)


def test_kk_number():
    assert validate_kk("1374 0101 0109 0001") == "1374010101090001"
    for bad, reason in [("137401010109000", identity.ERR_KK_LENGTH), ("13740101010900A1", identity.ERR_KK_LETTERS),
                        ("9974010101090001", identity.ERR_KK_REGION)]:
        with pytest.raises(IdentityError) as caught:
            validate_kk(bad)
        assert caught.value.message_id == reason


def test_mask_keeps_only_region_and_serial():
    assert identity.mask_number("1374015203580001") == "1374xxxxxxxx0001"
    assert identity.mask_number("123") == "xxx"
