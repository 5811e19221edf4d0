"""The verifikator's queue: submitted and resubmitted applications, oldest first, with filters,
counts per filter, target times, and "Ambil" so two officers never work the same one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy import case, func, or_, update
from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, Person, utcnow
from paduko_app.domain import catalogue
from paduko_app.domain.calendar import WIB, add_working_days
from paduko_app.domain.lifecycle import Role, Status
from paduko_app.domain.messages import MessageError, m
from paduko_app.services import applications, audit, office_settings
from paduko_app.services.office_settings import target_days

QUEUE_STATUSES = (Status.SUBMITTED.value, Status.IN_REVIEW.value)
CHANNELS = ("own", "caregiver", "kiosk", "counter")
PAGE_SIZE = 50
ERR_TAKEN = m("office.queue.taken_by")
ERR_NOT_IN_QUEUE = m("error.office.not_in_queue")
ERR_NOT_YOURS = m("error.office.not_yours")
NO_TARGETS: Mapping[str, int] = {}  # the catalogue's default target for every service


class QueueError(MessageError):
    def __init__(self, message_id: str, **params):
        super().__init__(message_id)
        self.params = params


def local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(WIB).date()


def today_local() -> dt.date:
    return local_date(utcnow())


def due_date(service_code: str, submitted_at: dt.datetime, targets: Mapping[str, int] = NO_TARGETS) -> dt.date:
    """The service's target: its working days (the office's own, else the catalogue's) after the
    day of submission. `targets` is `office_settings.targets(session)`."""
    return add_working_days(local_date(submitted_at), target_days(service_code, targets))


def days_left(service_code: str, submitted_at: dt.datetime | None, today: dt.date,
              targets: Mapping[str, int] = NO_TARGETS) -> int:
    """Positive: days left; negative: days overdue (calendar days, as people count them)."""
    if submitted_at is None:
        return 0
    return (due_date(service_code, submitted_at, targets) - today).days


def _overdue_cutoff(service_code: str, today: dt.date, targets: Mapping[str, int]) -> dt.datetime:
    """Submitted before this moment means overdue today: the latest day whose due date is past."""
    day = today
    while add_working_days(day, target_days(service_code, targets)) >= today:
        day -= dt.timedelta(days=1)
    next_day = day + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(), tzinfo=WIB).astimezone(dt.timezone.utc)


def overdue_clause(today: dt.date, targets: Mapping[str, int] = NO_TARGETS):
    return or_(*[(Application.service_code == code) & (Application.submitted_at < _overdue_cutoff(code, today, targets))
                 for code in catalogue.SERVICES_BY_CODE])


@dataclass(frozen=True)
class Filters:
    service: str = ""
    status: str = ""
    kelurahan: str = ""
    channel: str = ""
    overdue: bool = False

    def clean(self) -> "Filters":
        """Unknown values are ignored rather than trusted."""
        return Filters(self.service if self.service in catalogue.SERVICES_BY_CODE else "",
                       self.status if self.status in QUEUE_STATUSES else "",
                       self.kelurahan if self.kelurahan.replace(".", "").isdigit() and len(self.kelurahan) < 17 else "",
                       self.channel if self.channel in CHANNELS else "", bool(self.overdue))


@dataclass(frozen=True)
class Row:
    id: int
    number: str
    service_code: str
    status: str
    channel: str
    kelurahan_code: str
    person_name: str
    submitted_at: dt.datetime | None
    days_left: int
    assigned_account_id: int | None
    assigned_name: str


@dataclass(frozen=True)
class QueueView:
    rows: tuple[Row, ...]
    total: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # filter -> value -> count
    overdue_count: int = 0


def _where(filters: Filters, today: dt.date, skip: str = "", targets: Mapping[str, int] = NO_TARGETS) -> list:
    clauses = [Application.status.in_(QUEUE_STATUSES)]
    if filters.service and skip != "service":
        clauses.append(Application.service_code == filters.service)
    if filters.status and skip != "status":
        clauses.append(Application.status == filters.status)
    if filters.kelurahan and skip != "kelurahan":
        clauses.append(Application.kelurahan_code == filters.kelurahan)
    if filters.channel and skip != "channel":
        clauses.append(Application.channel == filters.channel)
    if filters.overdue and skip != "overdue":
        clauses.append(overdue_clause(today, targets))
    return clauses


_FILTER_COLUMNS = (("service", Application.service_code), ("status", Application.status),
                   ("kelurahan", Application.kelurahan_code), ("channel", Application.channel))


def _counts(session: Session, filters: Filters, today: dt.date,
            targets: Mapping[str, int] = NO_TARGETS) -> tuple[int, dict[str, dict[str, int]], int]:
    """The total, each filter's counts (as if that filter were not set) and the overdue count, from
    ONE grouped scan of the waiting applications (six queries before; the queue is ~2% of all)."""
    overdue = case((overdue_clause(today, targets), 1), else_=0)
    groups = session.exec(select(*(c for _, c in _FILTER_COLUMNS), overdue, func.count())
                          .where(Application.status.in_(QUEUE_STATUSES))
                          .group_by(*(c for _, c in _FILTER_COLUMNS), overdue)).all()
    wanted = [(i, name, want) for i, (name, want) in enumerate((
        ("service", filters.service), ("status", filters.status), ("kelurahan", filters.kelurahan),
        ("channel", filters.channel))) if want]
    names = [name for name, _ in _FILTER_COLUMNS]
    total, overdue_count = 0, 0
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for *columns, is_overdue, count in groups:
        values = [str(value or "") for value in columns]
        # The filters this group fails: it counts for a filter's choices when it fails no other.
        failed = [name for i, name, want in wanted if values[i] != want]
        if filters.overdue and not is_overdue:
            failed.append("overdue")
        if len(failed) > 1:
            continue
        if not failed:
            total += count
            overdue_count += count if is_overdue else 0
        for i, name in enumerate(names):
            if not failed or failed[0] == name:
                counts[name][values[i]] = counts[name].get(values[i], 0) + count
    return total, counts, overdue_count


def queue(session: Session, filters: Filters = Filters(), *, today: dt.date | None = None,
          limit: int = PAGE_SIZE, offset: int = 0) -> QueueView:
    """One page of the queue and, for each filter, how many each choice would show."""
    today = today or today_local()
    filters = filters.clean()
    targets = office_settings.targets(session)
    where = _where(filters, today, targets=targets)
    assignee = Account.__table__.alias("assignee")
    rows = session.exec(
        select(Application.id, Application.number, Application.service_code, Application.status,
               Application.channel, Application.kelurahan_code, Person.name, Application.submitted_at,
               Application.assigned_account_id, assignee.c.display_name)
        .join(Person, Person.id == Application.person_id)
        .outerjoin(assignee, assignee.c.id == Application.assigned_account_id)
        .where(*where).order_by(Application.submitted_at, Application.id).offset(offset).limit(limit)).all()
    total, counts, overdue_count = _counts(session, filters, today, targets)
    return QueueView(tuple(Row(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], r[7],
                               days_left(r[2], r[7], today, targets), r[8], r[9] or "") for r in rows),
                     total, counts, overdue_count)


def claim(session: Session, application_id: int, officer: Account) -> Application:
    """"Ambil": one atomic update, so of two officers pressing at once exactly one gets it.
    A submitted application moves to "sedang diperiksa". Commits."""
    now = utcnow()
    result = session.execute(
        update(Application)
        .where(Application.id == application_id, Application.status.in_(QUEUE_STATUSES),
               or_(Application.assigned_account_id.is_(None), Application.assigned_account_id == officer.id))
        .values(assigned_account_id=officer.id, assigned_at=now))
    application = session.get(Application, application_id)
    if result.rowcount != 1:
        session.rollback()
        application = session.get(Application, application_id)
        if application is None or application.status not in QUEUE_STATUSES:
            raise QueueError(ERR_NOT_IN_QUEUE)
        holder = session.get(Account, application.assigned_account_id)
        raise QueueError(ERR_TAKEN, name=holder.display_name if holder else "?")
    session.refresh(application)
    if application.status == Status.SUBMITTED.value:
        applications.change_status(session, application_id, Status.IN_REVIEW, role=Role.VERIFIKATOR,
                                   actor_account_id=officer.id)
    audit.record(session, "application.claim", actor_account_id=officer.id, target_type="application",
                 target_id=application_id)
    session.commit()
    return application


def release(session: Session, application_id: int, admin: Account) -> None:
    """An admin frees an application an officer holds (someone on leave, say). Commits."""
    application = session.get(Application, application_id)
    if application is None or application.assigned_account_id is None:
        raise QueueError(ERR_NOT_IN_QUEUE)
    previous = application.assigned_account_id
    application.assigned_account_id, application.assigned_at = None, None
    session.add(application)
    audit.record(session, "application.release", actor_account_id=admin.id, target_type="application",
                 target_id=application_id, detail={"from": previous})
    session.commit()


def held_by(session: Session, application_id: int, officer_id: int) -> Application:
    """The application if this officer holds it and it awaits a decision; QueueError otherwise."""
    application = session.get(Application, application_id)
    if application is None or application.status != Status.IN_REVIEW.value:
        raise QueueError(ERR_NOT_IN_QUEUE)
    if application.assigned_account_id != officer_id:
        holder = session.get(Account, application.assigned_account_id) if application.assigned_account_id else None
        raise QueueError(ERR_TAKEN if holder else ERR_NOT_YOURS, name=holder.display_name if holder else "")
    return application
