"""How many use the voice prompts, each text size, high contrast and each language: counts only,
never who. A browser session is counted once per setting it uses (state/usage.py remembers what
it counted in the session's own state, on the server, and forgets it with the session); the
count goes into the monitoring's monthly tallies (kind "usage") with no account, device or time
finer than the month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterable

from sqlmodel import Session

from paduko_app.db.models import utcnow
from paduko_app.domain.messages import m
from paduko_app.services import tallies

# What is counted, in the order the dashboard lists it, with its label.
ITEMS = {
    "voice": m("monitor.usage.voice"), "autoread": m("monitor.usage.autoread"),
    "size:large": m("monitor.usage.size_large"), "size:larger": m("monitor.usage.size_larger"),
    "size:largest": m("monitor.usage.size_largest"),
    "contrast:normal": m("monitor.usage.contrast_normal"), "contrast:high": m("monitor.usage.contrast_high"),
    "lang:id": m("monitor.usage.lang_id"), "lang:min": m("monitor.usage.lang_min"), "lang:en": m("monitor.usage.lang_en"),
}


def count(session: Session, items: Iterable[str], now: dt.datetime | None = None) -> list[str]:
    """Add one to each known item for this month; returns those counted. Commits."""
    counted = [i for i in dict.fromkeys(items) if i in ITEMS]
    if counted:
        month = tallies.local_month(now or utcnow())
        tallies.bump(session.connection(), Counter({("usage", month, i, "", 0): 1 for i in counted}))
        session.commit()
    return counted
