import datetime as dt

from paduko_app.domain.age import age_group


def test_age_groups_change_on_the_birthday():
    born = dt.date(1966, 3, 12)
    assert age_group(born, dt.date(2026, 3, 11)) == "17_59"
    assert age_group(born, dt.date(2026, 3, 12)) == "60_plus"
    assert age_group(dt.date(2009, 3, 12), dt.date(2026, 3, 11)) == "under_17"
    assert age_group(dt.date(2009, 3, 12), dt.date(2026, 3, 12)) == "17_59"
    assert age_group(None, dt.date(2026, 3, 12)) == "unknown"
