"""Abuse limits: how often a device, a network address, a NIK or everyone together may do
something in a time window (sending codes, trying status PINs).

Counters live in one compact table, one row per key and window, incremented in place, so a
flood of attempts adds no rows and a check is one indexed read. Keys hold a keyed hash of the
device token or address, never the value itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from paduko_app.db.models import AbuseCounter, AuditLog, utcnow
from paduko_app.domain.messages import m
from paduko_app.services import audit

ERR_CODES_LATER = m("limit.codes.later")  # this device or network asked too often
ERR_CODES_BUSY = m("limit.codes.busy")  # everyone together: the hourly budget of messages is spent
ERR_STATUS_LATER = m("limit.status.later")
ALARM_ACTION = "limit.tripped"
KEEP_COUNTERS = dt.timedelta(days=2)

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    name: str  # also the start of every key of this limit
    max_count: int
    window: dt.timedelta
    message_id: str


# Sending sign-in/sign-up codes. Per device: the incident was one browser asking 25 numbers in
# 18 s. Per address: generous, because mobile carriers put many phones behind one address.
CODES_PER_CLIENT = Limit("codes.client", 5, HOUR, ERR_CODES_LATER)
CODES_PER_IP_DEFAULT = 30  # per hour and address; PADUKO_CODE_LIMIT_PER_IP
CODES_GLOBAL_DEFAULT = 300  # per hour, all of Padang Panjang; PADUKO_CODE_LIMIT_PER_HOUR
# Failed status look-ups (number + PIN): counted per device and address, never per number, so a
# stranger cannot close someone else's application page.
STATUS_PER_CLIENT = Limit("status.client", 10, DAY, ERR_STATUS_LATER)
STATUS_PER_IP = Limit("status.ip", 50, DAY, ERR_STATUS_LATER)
# The notice "someone tried to sign up with your NIK": at most one a day per NIK.
SIGNUP_NOTICE_PER_NIK = Limit("notice.nik", 1, DAY, "")


def codes_per_ip(per_hour: int) -> Limit:
    return Limit("codes.ip", per_hour, HOUR, ERR_CODES_LATER)


def codes_global(per_hour: int) -> Limit:
    return Limit("codes.global", per_hour, HOUR, ERR_CODES_BUSY)


class LimitReached(Exception):
    def __init__(self, limit: Limit):
        super().__init__(limit.message_id)
        self.limit, self.message_id = limit, limit.message_id


def _window_start(limit: Limit, now: dt.datetime) -> int:
    seconds = int(limit.window.total_seconds())
    return int(now.timestamp()) // seconds * seconds


def _key(limit: Limit, subject: str, secret: str) -> str:
    digest = hashlib.blake2b(f"{limit.name}\x00{subject}".encode(), key=secret.encode()[:64],
                             digest_size=24).hexdigest()
    return f"{limit.name}:{digest}"


def count(session: Session, limit: Limit, subject: str, *, secret: str, now: dt.datetime | None = None) -> int:
    row = session.exec(select(AbuseCounter.count).where(
        AbuseCounter.key == _key(limit, subject, secret),
        AbuseCounter.window_start == _window_start(limit, now or utcnow()))).first()
    return row or 0


def hit(session: Session, limit: Limit, subject: str, *, secret: str, now: dt.datetime | None = None) -> int:
    """Add one to the counter of this subject's current window; the new count.

    An UPDATE first (the common case, atomic on both databases); when the row does not exist yet,
    an INSERT in a savepoint, and if a concurrent request inserted it first, the UPDATE again.
    """
    key, window = _key(limit, subject, secret), _window_start(limit, now or utcnow())
    where = (AbuseCounter.key == key, AbuseCounter.window_start == window)
    increment = update(AbuseCounter).where(*where).values(count=AbuseCounter.count + 1)
    if session.execute(increment).rowcount == 0:
        try:
            with session.begin_nested():
                session.add(AbuseCounter(key=key, window_start=window, count=1))
        except IntegrityError:
            session.execute(increment)
    return session.exec(select(AbuseCounter.count).where(*where)).one()


def take(session: Session, limit: Limit, subject: str, *, secret: str, now: dt.datetime | None = None) -> None:
    """Count one use; raise LimitReached when it goes past the limit (the use is still counted)."""
    if hit(session, limit, subject, secret=secret, now=now) > limit.max_count:
        raise LimitReached(limit)


def take_global(session: Session, limit: Limit, *, secret: str, now: dt.datetime | None = None) -> None:
    """Like `take` for everyone together; the first refusal in a window leaves an alarm for admins."""
    now = now or utcnow()
    used = hit(session, limit, "*", secret=secret, now=now)
    if used > limit.max_count:
        if used == limit.max_count + 1:
            audit.record(session, ALARM_ACTION, actor_account_id=None,
                         detail={"limit": limit.name, "max": limit.max_count,
                                 "window_start": _window_start(limit, now)})
        raise LimitReached(limit)


def recent_alarms(session: Session, *, days: int = 7, now: dt.datetime | None = None) -> list[AuditLog]:
    """The global limits that tripped lately, newest first (the admin page lists them)."""
    since = (now or utcnow()) - dt.timedelta(days=days)
    return list(session.exec(select(AuditLog).where(AuditLog.action == ALARM_ACTION, AuditLog.at > since)
                             .order_by(AuditLog.id.desc())).all())


def purge(session: Session, now: dt.datetime | None = None) -> int:
    """Forget windows older than any limit needs."""
    cutoff = int(((now or utcnow()) - KEEP_COUNTERS).timestamp())
    return session.execute(delete(AbuseCounter).where(AbuseCounter.window_start < cutoff)).rowcount
