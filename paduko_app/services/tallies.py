"""The monitoring's counts, kept up to date in the same transaction as every change of an
application, so the dashboard reads a few thousand rows whatever the period (issue 10: under 1 s
for three years of 50,000 applications; benchmarks/monitoring.py).

How: a listener on every ORM flush looks at the applications added or changed in it (status,
submission, finish, draft step, ...) and at new timeline events with reasons. For each
application it computes the counts it belongs to now (`keys_of`), compares them with what it
added before (`MonitorContribution`), and moves the difference into `MonitorTally` with atomic
upserts. So `change_status`, submission, drafts, the demo seed and tests are all covered without
each remembering to call something. Rows written with plain SQL (the benchmark's bulk fill, an
old database) are counted by `rebuild`:

    .venv/bin/python -m paduko_app.services.tallies rebuild

Kinds (key columns a, b, c), each by local (WIB) month:
- service / channel / kelurahan (a): applications submitted that month;
- age (a: age group on the day of submission, b: channel);
- status (a: current status, b: "revised" once asked for corrections);
- finished (a: service, b: within/late against the target, c: days to finish in tenths), by month
  of finishing;
- draft (a: service, b: age group, c: step), drafts never sent, by month started;
- reason (a: reason id), reasons given for corrections and refusals, by month given;
- usage (a: what was used), anonymous use of voice, text size, contrast and language
  (services/usage.py; not derived from applications, so `rebuild` keeps it).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from typing import Iterable, Optional

from sqlalchemy import delete, event, exists, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from paduko_app.db.models import (Application, MonitorContribution, MonitorTally, OfficeSetting, Person,
                                  TimelineEvent)
from paduko_app.domain import age, catalogue
from paduko_app.domain.calendar import WIB, add_working_days

FINISHED = ("finished_print", "finished_pickup")
REASON_STATUSES = ("needs_revision", "rejected")
DERIVED = ("service", "channel", "kelurahan", "age", "status", "finished", "draft", "reason")
# The application columns the counts depend on: a flush touching none of them costs nothing.
WATCHED = ("status", "submitted_at", "finished_at", "created_at", "service_code", "channel", "kelurahan_code",
           "person_id", "current_step")
TARGETS_KEY = "service_targets"  # OfficeSetting: {service code: working days}

Key = tuple  # (kind, month, a, b, c)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def local_day(moment: dt.datetime) -> dt.date:
    return _utc(moment).astimezone(WIB).date()


def local_month(moment: dt.datetime) -> str:
    return local_day(moment).strftime("%Y-%m")


def keys_of(app, birth_date: Optional[dt.date], revised: bool, target_days: int) -> list[Key]:
    """The counts one application belongs to now (`app` needs the WATCHED attributes)."""
    if app.submitted_at is not None:
        month, day = local_month(app.submitted_at), local_day(app.submitted_at)
        group = age.age_group(birth_date, day)
        keys = [("service", month, app.service_code, "", 0), ("channel", month, app.channel, "", 0),
                ("kelurahan", month, app.kelurahan_code or "-", "", 0), ("age", month, group, app.channel, 0),
                ("status", month, app.status, "revised" if revised else "", 0)]
        if app.status in FINISHED and app.finished_at is not None:
            days = (_utc(app.finished_at) - _utc(app.submitted_at)).total_seconds() / 86400
            within = local_day(app.finished_at) <= add_working_days(day, target_days)
            keys.append(("finished", local_month(app.finished_at), app.service_code,
                         "within" if within else "late", max(0, round(days * 10))))
        return keys
    if app.status == "draft":
        created = app.created_at
        return [("draft", local_month(created), app.service_code,
                 age.age_group(birth_date, local_day(created)), int(app.current_step or 0))]
    return []


def reason_keys(events: Iterable) -> Counter:
    found = Counter()
    for e in events:
        if e.status in REASON_STATUSES and e.reason_ids:
            for rid in e.reason_ids:
                found[("reason", local_month(e.at), str(rid), "", 0)] += 1
    return found


def target_days(connection, service_code: str, _cache: dict | None = None) -> int:
    """The service's target in working days: the office's own (admin) or the catalogue's."""
    if _cache is None or "targets" not in _cache:
        value = connection.execute(select(OfficeSetting.value).where(OfficeSetting.key == TARGETS_KEY)).scalar()
        targets = value if isinstance(value, dict) else {}
        if _cache is None:
            return int(targets.get(service_code) or catalogue.service(service_code).sla_working_days)
        _cache["targets"] = targets
    return int(_cache["targets"].get(service_code) or catalogue.service(service_code).sla_working_days)


def bump(connection, deltas: Counter) -> None:
    """Add each delta to its tally row, creating it when missing (an atomic upsert on both databases)."""
    rows = [{"kind": k[0], "month": k[1], "a": k[2], "b": k[3], "c": k[4], "n": n} for k, n in deltas.items() if n]
    if not rows:
        return
    table = MonitorTally.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(index_elements=["kind", "month", "a", "b", "c"],
                                                set_={"n": table.c.n + statement.excluded.n})
    connection.execute(statement, rows)


def _as_keys(stored) -> list[Key]:
    return [tuple(k) for k in stored or []]


def _sync(session: Session, apps: list) -> None:
    connection = session.connection()
    ids = [a.id for a in apps]
    before = {row.application_id: _as_keys(row.keys) for row in connection.execute(
        select(MonitorContribution.application_id, MonitorContribution.keys)
        .where(MonitorContribution.application_id.in_(ids)))}
    births = dict(connection.execute(select(Person.id, Person.birth_date)
                                     .where(Person.id.in_({a.person_id for a in apps}))).all())
    cache: dict = {}
    deltas = Counter()
    for app in apps:
        old = before.get(app.id)
        revised = app.status == "needs_revision" or any(k[0] == "status" and k[3] == "revised" for k in old or [])
        new = keys_of(app, births.get(app.person_id), revised, target_days(connection, app.service_code, cache))
        if old == new:
            continue
        deltas.update(new)
        deltas.subtract(old or [])
        if old is None:
            connection.execute(MonitorContribution.__table__.insert().values(application_id=app.id, keys=new))
        else:
            connection.execute(MonitorContribution.__table__.update()
                               .where(MonitorContribution.application_id == app.id).values(keys=new))
    bump(connection, deltas)


def _changed(obj) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED)


def _after_flush(session: Session, _context) -> None:
    # Pre-flush lists and attribute histories are still readable here, and new rows have their ids.
    apps = [o for o in session.new if isinstance(o, Application)]
    apps += [o for o in session.dirty if isinstance(o, Application) and _changed(o)]
    reasons = reason_keys(o for o in session.new if isinstance(o, TimelineEvent))
    if apps:
        _sync(session, apps)
    if reasons:
        bump(session.connection(), reasons)


def _before_flush(session: Session, _context, _instances) -> None:
    # A deleted application (tests tidy up; PADUKO itself never deletes one) takes back its counts
    # before its row goes, as its contribution row refers to it.
    ids = [o.id for o in session.deleted if isinstance(o, Application) and o.id is not None]
    if not ids:
        return
    connection = session.connection()
    deltas = Counter()
    for (stored,) in connection.execute(select(MonitorContribution.keys)
                                        .where(MonitorContribution.application_id.in_(ids))):
        deltas.subtract(_as_keys(stored))
    connection.execute(delete(MonitorContribution).where(MonitorContribution.application_id.in_(ids)))
    bump(connection, deltas)


def install() -> None:
    """Keep the tallies in every ORM flush of any session (services/__init__ calls this once)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)


def compute_all(session) -> tuple[dict[int, list[Key]], Counter]:
    """Every application's counts and the tallies, from the raw tables (rebuild, and the tests'
    check that the kept tallies equal a recomputation)."""
    revised = exists().where(TimelineEvent.application_id == Application.id,
                             TimelineEvent.status == "needs_revision")
    connection = session.connection()
    cache: dict = {}
    contributions, tallies = {}, Counter()
    rows = connection.execute(
        select(Application.id, Application.status, Application.submitted_at, Application.finished_at,
               Application.created_at, Application.service_code, Application.channel, Application.kelurahan_code,
               Application.person_id, Application.current_step, Person.birth_date, revised.label("revised"))
        .join(Person, Person.id == Application.person_id))
    for row in rows:
        keys = keys_of(row, row.birth_date, bool(row.revised), target_days(connection, row.service_code, cache))
        contributions[row.id] = keys
        tallies.update(keys)
    tallies.update(reason_keys(connection.execute(
        select(TimelineEvent.status, TimelineEvent.at, TimelineEvent.reason_ids)
        .where(TimelineEvent.status.in_(REASON_STATUSES), TimelineEvent.reason_ids.is_not(None)))))
    return contributions, tallies


def kept(session) -> tuple[dict[int, list[Key]], Counter]:
    """What the tables hold now, in the shape of `compute_all` (rows at zero left out)."""
    connection = session.connection()
    contributions = {row.application_id: _as_keys(row.keys) for row in
                     connection.execute(select(MonitorContribution.application_id, MonitorContribution.keys))}
    tallies = Counter({(r.kind, r.month, r.a, r.b, r.c): r.n for r in connection.execute(
        select(MonitorTally).where(MonitorTally.kind.in_(DERIVED), MonitorTally.n != 0))})
    return contributions, tallies


def rebuild(session) -> int:
    """Recompute every derived tally from the raw tables (the anonymous usage counts stay).
    Run after filling tables with plain SQL; the caller commits. Returns the applications counted."""
    contributions, tallies = compute_all(session)
    connection = session.connection()
    connection.execute(delete(MonitorContribution))
    connection.execute(delete(MonitorTally).where(MonitorTally.kind.in_(DERIVED)))
    items = [{"application_id": i, "keys": k} for i, k in contributions.items()]
    for start in range(0, len(items), 5000):
        connection.execute(MonitorContribution.__table__.insert(), items[start:start + 5000])
    rows = [{"kind": k[0], "month": k[1], "a": k[2], "b": k[3], "c": k[4], "n": n} for k, n in tallies.items() if n]
    for start in range(0, len(rows), 5000):
        connection.execute(MonitorTally.__table__.insert(), rows[start:start + 5000])
    return len(contributions)


def missing(session) -> bool:
    """Applications exist that no tally counts yet (a database migrated from before the tallies)."""
    connection = session.connection()
    return (connection.execute(select(Application.id).limit(1)).first() is not None
            and connection.execute(select(MonitorContribution.application_id).limit(1)).first() is None)


def main(argv: list[str]) -> int:
    from paduko_app.db.engine import unit_of_work

    if argv[1:] != ["rebuild"]:
        print("usage: python -m paduko_app.services.tallies rebuild", file=sys.stderr)
        return 2
    with unit_of_work() as session:
        counted = rebuild(session)
        session.commit()
    print(f"Monitoring tallies rebuilt from {counted:,} applications.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
