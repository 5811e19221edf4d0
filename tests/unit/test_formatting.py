import datetime as dt

from paduko_app.domain import calendar, formatting


def test_dates_in_each_language():
    day = dt.date(1955, 8, 17)
    assert formatting.format_date(day, "id", weekday=True) == "Rabu, 17 Agustus 1955"
    assert formatting.format_date(day, "en") == "17 August 1955"


def test_minang_dates_use_minang_day_and_month_names():
    assert formatting.format_date(dt.date(2026, 12, 2), "min", weekday=True) == "Rabaa, 2 Desember 2026"
    assert formatting.format_date(dt.date(1955, 8, 17), "min") == "17 Agustuih 1955"
    # Monday to Sunday, the week the help text speaks of ("Sinayan ... Jumaik")
    week = [formatting.format_date(dt.date(2026, 11, 30) + dt.timedelta(days=i), "min", weekday=True).split(",")[0]
            for i in range(7)]
    assert week == ["Sinayan", "Salasa", "Rabaa", "Kamih", "Jumaik", "Sabtu", "Akaik"]


def test_minang_day_and_month_names_are_listed_for_review():
    from paduko_app import i18n_catalogs

    pending = dict(i18n_catalogs.awaiting_review())
    assert pending["date.weekday.0"] == "Sinayan" and pending["date.month.8"] == "Agustuih"


def test_numbers_in_each_language():
    assert formatting.format_number(63895, "id") == "63.895"
    assert formatting.format_number(63895, "min") == "63.895"
    assert formatting.format_number(63895, "en") == "63,895"


def test_working_days_skip_weekends_and_holidays():
    friday = dt.date(2026, 11, 27)
    assert calendar.add_working_days(friday, 1) == dt.date(2026, 11, 30)
    assert calendar.add_working_days(friday, 3, holidays=[dt.date(2026, 12, 1)]) == dt.date(2026, 12, 3)
    assert calendar.add_working_days(friday, 0) == friday
