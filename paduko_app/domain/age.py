"""Age groups the monitoring reports by (the person a document is for, on a given day)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

UNDER_17, ADULT, SENIOR, UNKNOWN = "under_17", "17_59", "60_plus", "unknown"
AGE_GROUPS = (UNDER_17, ADULT, SENIOR)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_group(birth_date: Optional[dt.date], day: dt.date) -> str:
    if birth_date is None:
        return UNKNOWN
    age = age_on(birth_date, day)
    return UNDER_17 if age < 17 else SENIOR if age >= 60 else ADULT
