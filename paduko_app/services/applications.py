"""Application use cases: start a draft, save an answer, submit once, change status.

Every change of status goes through `change_status`, which asks the domain status machine
and writes the timeline event and the audit record in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from paduko_app.db.models import Answer, Application, TimelineEvent, utcnow
from paduko_app.domain import catalogue, lifecycle, numbers
from paduko_app.domain.lifecycle import Role, Status
from paduko_app.domain.messages import MessageError, m
from paduko_app.services import audit

CHANNELS = ("own", "caregiver", "kiosk", "counter")


class ApplicationError(MessageError):
    pass


ERR_UNKNOWN_SERVICE = m("error.application.unknown_service")
ERR_NOT_FOUND = m("error.application.not_found")
ERR_NOT_DRAFT = m("error.application.not_editable")
ERR_INCOMPLETE = m("error.application.incomplete")


@dataclass(frozen=True)
class NewApplication:
    id: int
    number: str
    pin: str  # shown once, on the confirmation page and the receipt; only its hash is kept


def start_draft(session: Session, *, service_code: str, person_id: int, applicant_account_id: int,
                channel: str, secret: str, kelurahan_code: str | None = None,
                operator_account_id: int | None = None, kiosk_session_id: int | None = None) -> NewApplication:
    if service_code not in catalogue.SERVICES_BY_CODE:
        raise ApplicationError(ERR_UNKNOWN_SERVICE)
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    pin = numbers.new_pin()
    for _attempt in range(5):  # a collision in 244 million numbers is rare; retry anyway
        number = numbers.new_application_number()
        if session.exec(select(Application.id).where(Application.number == number)).first() is None:
            break
    else:  # pragma: no cover
        raise RuntimeError("could not find a free application number")
    application = Application(
        number=number, pin_hash=numbers.hash_pin(pin, secret, number), service_code=service_code,
        status=Status.DRAFT.value, person_id=person_id, applicant_account_id=applicant_account_id,
        channel=channel, kelurahan_code=kelurahan_code, operator_account_id=operator_account_id,
        kiosk_session_id=kiosk_session_id,
    )
    session.add(application)
    session.flush()
    audit.record(session, "application.start", actor_account_id=applicant_account_id,
                 target_type="application", target_id=application.id, detail={"service": service_code})
    return NewApplication(application.id, number, pin)


def _load(session: Session, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise ApplicationError(ERR_NOT_FOUND)
    return application


def save_answer(session: Session, application_id: int, question_id: str, value: Any) -> None:
    """Keep one validated answer of a draft (or of an application sent back for revision)."""
    application = _load(session, application_id)
    if application.status not in (Status.DRAFT.value, Status.NEEDS_REVISION.value):
        raise ApplicationError(ERR_NOT_DRAFT)
    catalogue.service(application.service_code).question(question_id)  # KeyError for strangers
    existing = session.exec(select(Answer).where(
        Answer.application_id == application_id, Answer.question_id == question_id)).first()
    if existing is None:
        session.add(Answer(application_id=application_id, question_id=question_id, value=value))
    else:
        existing.value = value
        existing.updated_at = utcnow()
        session.add(existing)
    application.updated_at = utcnow()
    session.add(application)


def answers_of(session: Session, application_id: int) -> dict[str, Any]:
    rows = session.exec(select(Answer).where(Answer.application_id == application_id)).all()
    return {row.question_id: row.value for row in rows}


def change_status(session: Session, application_id: int, target: Status, *, role: Role,
                  actor_account_id: int | None, reason: str = "", place: str = "",
                  reason_ids: list[int] | None = None) -> TimelineEvent:
    """Move an application to `target` if the status machine allows it, with timeline and audit."""
    application = _load(session, application_id)
    source = Status(application.status)
    transition = lifecycle.check_transition(source, target, role, reason=reason, place=place)
    now = utcnow()
    application.status = target.value
    application.updated_at = now
    if target is Status.SUBMITTED and application.submitted_at is None:
        application.submitted_at = now
    if target in lifecycle.FINAL:
        application.finished_at = now
    if transition.needs_place:
        application.pickup_place = place.strip()
    session.add(application)
    event = TimelineEvent(application_id=application_id, at=now, status=target.value,
                          event=transition.event, reason=reason.strip() or None,
                          place=place.strip() or None, reason_ids=reason_ids or None,
                          actor_account_id=actor_account_id,
                          actor_role=role.value)
    session.add(event)
    audit.record(session, "application.status", actor_account_id=actor_account_id,
                 target_type="application", target_id=application_id,
                 detail={"from": source.value, "to": target.value})
    _notify(session, application, target, place.strip())
    return event


def _notify(session: Session, application: Application, target: Status, place: str) -> None:
    from paduko_app.domain import pickup
    from paduko_app.services import notifications

    params = {"place_msg": pickup.place_text_id(place)} if target is Status.FINISHED_PICKUP else {}
    if target in (Status.FINISHED_PRINT, Status.FINISHED_PICKUP):
        from paduko_app import settings
        from paduko_app.services import surveys

        # The IKM survey is offered once the document is done; its link rides on this message.
        token = surveys.invite(session, application)
        params["survey_link"] = surveys.link(settings.load().public_url, token) if token else ""
    notifications.status_changed(session, application, target, **params)


def submit(session: Session, application_id: int, *, actor_account_id: int, submit_key: str,
           today: dt.date | None = None) -> bool:
    """Submit a complete draft once. Returns False when this submit_key already submitted it.

    A double tap, a retry over a slow network or a second browser tab carries the same
    submit_key, so the application is submitted exactly once.
    """
    application = _load(session, application_id)
    if application.submit_key == submit_key and application.status != Status.DRAFT.value:
        return False
    svc = catalogue.service(application.service_code)
    _clean, errors = catalogue.validate_answers(svc, answers_of(session, application_id), today)
    if errors:
        raise ApplicationError(ERR_INCOMPLETE)
    application.submit_key = submit_key
    session.add(application)
    try:
        session.flush()
    except IntegrityError as exc:  # the same key used for another application
        raise ApplicationError(ERR_NOT_DRAFT) from exc
    change_status(session, application_id, Status.SUBMITTED, role=Role.APPLICANT,
                  actor_account_id=actor_account_id)
    return True
