import datetime as dt

from paduko_app.domain import calendar, formatting


def test_dates_in_each_language_min_formats_as_id():
    day = dt.date(1955, 8, 17)
    assert formatting.format_date(day, "id", weekday=True) == "Rabu, 17 Agustus 1955"
    assert formatting.format_date(day, "min") == "17 Agustus 1955"
    assert formatting.format_date(day, "en") == "17 August 1955"


def test_numbers_in_each_language():
    assert formatting.format_number(63895, "id") == "63.895"
    assert formatting.format_number(63895, "min") == "63.895"
    assert formatting.format_number(63895, "en") == "63,895"


def test_working_days_skip_weekends_and_holidays():
    friday = dt.date(2026, 11, 27)
    assert calendar.add_working_days(friday, 1) == dt.date(2026, 11, 30)
    assert calendar.add_working_days(friday, 3, holidays=[dt.date(2026, 12, 1)]) == dt.date(2026, 12, 3)
    assert calendar.add_working_days(friday, 0) == friday
