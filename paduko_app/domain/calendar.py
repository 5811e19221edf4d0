"""Working days for service targets and deadlines in days for reports."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

# Padang Panjang keeps Indonesia's western time (WIB): no daylight saving, so a fixed offset is exact.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The date `days` working days after `start` (Monday to Friday, minus holidays)."""
    off = set(holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            remaining -= 1
    return current
