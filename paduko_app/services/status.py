"""The status of applications in plain words: for the signed-in person, or by number + PIN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Application, Document, RevisionReason, TimelineEvent, utcnow
from paduko_app.domain import numbers
from paduko_app.domain.messages import m
from paduko_app.services import limits

ERR_NOT_FOUND = m("error.status.not_found")


class StatusError(Exception):
    def __init__(self, message_id: str, field: str):
        super().__init__(message_id)
        self.message_id, self.field = message_id, field


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    status: str
    event: str  # message id
    reason: str
    place: str
    reason_texts: dict[str, str]  # the officer's reasons in each language (from the admin's list)


@dataclass(frozen=True)
class StatusView:
    application_id: int
    number: str
    service_code: str
    status: str
    events: tuple[Event, ...]
    result_document_id: int | None  # the finished PDF to print at home


def result_document_of(session: Session, application_id: int) -> int | None:
    """The finished PDF to print at home, if the office has uploaded it."""
    return result_documents_of(session, [application_id]).get(application_id)


def result_documents_of(session: Session, application_ids: list[int]) -> dict[int, int]:
    """application id -> its finished PDF, for a whole list in one query."""
    if not application_ids:
        return {}
    return {application_id: document_id for application_id, document_id in session.exec(
        select(Document.application_id, Document.id).where(Document.application_id.in_(application_ids),
                                                           Document.kind == "result")
        .order_by(Document.id)).all()}


def view(session: Session, application: Application) -> StatusView:
    return views_of(session, [application])[0]


def views_of(session: Session, applications: list[Application]) -> list[StatusView]:
    """Status views for a list in three queries whatever its length (timelines, reasons, PDFs)."""
    ids = [a.id for a in applications]
    events: dict[int, list[TimelineEvent]] = {i: [] for i in ids}
    for event in session.exec(select(TimelineEvent).where(TimelineEvent.application_id.in_(ids or [-1]))
                              .order_by(TimelineEvent.id)).all():
        events[event.application_id].append(event)
    reason_ids = {rid for rows in events.values() for e in rows for rid in (e.reason_ids or [])}
    reasons = {r.id: r for r in session.exec(select(RevisionReason).where(
        RevisionReason.id.in_(reason_ids or [-1]))).all()} if reason_ids else {}
    results = result_documents_of(session, ids)
    return [StatusView(a.id, a.number, a.service_code, a.status,
                       tuple(Event(e.at, e.status, e.event, e.reason or "", e.place or "",
                                   _reason_texts([reasons[r] for r in (e.reason_ids or []) if r in reasons]))
                             for e in events[a.id]), results.get(a.id))
            for a in applications]


def _reason_texts(rows: list[RevisionReason]) -> dict[str, str]:
    return {lang: "; ".join(getattr(r, f"text_{lang}") for r in rows) for lang in ("id", "min", "en")}


def by_number_and_pin(session: Session, number: str, pin: str, secret: str, *, client: str = "", ip: str = "",
                      now: dt.datetime | None = None) -> StatusView:
    """Status without signing in.

    Wrong tries are counted per device (`client`, the browser's Reflex token) and per address
    (`ip`), never per number: a stranger must not be able to close the owner's status page.
    Each failure adds one to a compact counter (limits), not an audit row.
    """
    now = now or utcnow()
    subjects = [(limit, value) for limit, value in ((limits.STATUS_PER_CLIENT, client), (limits.STATUS_PER_IP, ip))
                if value]
    for limit, value in subjects:
        if limits.count(session, limit, value, secret=secret, now=now) >= limit.max_count:
            raise StatusError(limit.message_id, "pin")
    canonical = numbers.normalise_application_number(number)
    application = session.exec(select(Application).where(Application.number == canonical)).first() if canonical else None
    if application is None or application.status == "draft" or not numbers.pin_matches(
            pin, application.pin_hash, secret, canonical):
        for limit, value in subjects:
            limits.hit(session, limit, value, secret=secret, now=now)
        session.commit()
        raise StatusError(ERR_NOT_FOUND, "number")
    return view(session, application)
