"""The officer's decisions on an application they hold: ask for corrections, reject, finish
with the signed PDF or "siap diambil", and book the KTP-el recording. Each goes through the
status machine, writing timeline and audit in one transaction, and tells the people concerned."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, Appointment, Document, RevisionReason, utcnow
from paduko_app.domain import catalogue
from paduko_app.domain.journey import DOCUMENT, QUESTION
from paduko_app.domain.lifecycle import Role, Status
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import applications, audit, notifications, office_settings, revisions, uploads
from paduko_app.services.queue import WIB, held_by

ERR_NOTHING_FLAGGED = m("error.office.nothing_flagged")
ERR_REASON = m("error.office.reason")
ERR_PLACE = m("error.office.place")
ERR_PDF = m("error.office.pdf")
ERR_SLOTS = m("error.office.slots")
ERR_ADDRESS = m("error.office.address")
ERR_NOT_RECORDING = m("error.office.not_recording")
ERR_NO_APPOINTMENT = m("error.appointment.none")
ERR_SLOT_CHOICE = m("error.appointment.slot")


def _active_reasons(session: Session, ids: list[int]) -> dict[int, RevisionReason]:
    rows = session.exec(select(RevisionReason).where(RevisionReason.id.in_(ids or [-1]),
                                                     RevisionReason.active.is_(True))).all()
    return {row.id: row for row in rows}


def request_revision(session: Session, application_id: int, officer: Account,
                     flags: dict[tuple[str, str], int], note: str = "") -> None:
    """Send back with the answers and photos that are wrong, each with a reason. Commits."""
    application = held_by(session, application_id, officer.id)
    svc = catalogue.service(application.service_code)
    known = {(QUESTION, q.id) for q in svc.questions} | {(DOCUMENT, d.id) for d in svc.documents}
    chosen = {key: reason for key, reason in flags.items() if key in known and reason}
    if not chosen:
        raise FormErrors({"flags": ERR_NOTHING_FLAGGED})
    reasons = _active_reasons(session, list(chosen.values()))
    if set(chosen.values()) - set(reasons):
        raise FormErrors({"flags": ERR_REASON})
    revisions.add_flags(session, application_id, officer.id,
                        [(kind, target, reason) for (kind, target), reason in chosen.items()], note)
    applications.change_status(session, application_id, Status.NEEDS_REVISION, role=Role.VERIFIKATOR,
                               actor_account_id=officer.id, reason=note.strip() or ",".join(
                                   sorted(reasons[r].code for r in set(chosen.values()))),
                               reason_ids=sorted(set(chosen.values())))
    session.commit()


def reject(session: Session, application_id: int, officer: Account, reason_id: int, note: str = "") -> None:
    application = held_by(session, application_id, officer.id)
    reasons = _active_reasons(session, [reason_id])
    if reason_id not in reasons:
        raise FormErrors({"reject_reason": ERR_REASON})
    applications.change_status(session, application.id, Status.REJECTED, role=Role.VERIFIKATOR,
                               actor_account_id=officer.id, reason=note.strip() or reasons[reason_id].code,
                               reason_ids=[reason_id])
    session.commit()


def finish_print(session: Session, application_id: int, officer: Account, upload_key: str) -> Document:
    """The signed PDF from SIAK (uploaded by this officer and checked by the upload route like any
    file), for the resident to download and print at home. Commits."""
    application = held_by(session, application_id, officer.id)
    upload = uploads.unattached(session, upload_key, officer.id, "result")
    if upload is None or upload.content_type != "application/pdf":
        raise FormErrors({"pdf": ERR_PDF})
    upload.attached_at = utcnow()
    session.add(upload)
    document = Document(application_id=application.id, requirement_id="result", kind="result",
                        content_type="application/pdf", size_bytes=upload.size_bytes, sha256=upload.sha256,
                        blob_id=upload.blob_id)
    session.add(document)
    session.flush()
    applications.change_status(session, application.id, Status.FINISHED_PRINT, role=Role.VERIFIKATOR,
                               actor_account_id=officer.id)
    audit.record(session, "application.result", actor_account_id=officer.id, target_type="document",
                 target_id=document.id, detail={"application": application.id})
    session.commit()
    return document


def finish_pickup(session: Session, application_id: int, officer: Account, place: str) -> None:
    """KTP-el and KIA: "siap diambil" at a named place."""
    application = held_by(session, application_id, officer.id)
    if place not in office_settings.offered_places(session):
        raise FormErrors({"place": ERR_PLACE})
    applications.change_status(session, application.id, Status.FINISHED_PICKUP, role=Role.VERIFIKATOR,
                               actor_account_id=officer.id, place=place)
    session.commit()


# --- KTP-el recording ---------------------------------------------------------------------

def parse_slot(text: str) -> dt.datetime | None:
    """A "2026-12-03T09:00" field as a Padang Panjang time, or None."""
    try:
        moment = dt.datetime.fromisoformat(str(text).strip()[:16])
    except ValueError:
        return None
    return moment.replace(tzinfo=WIB) if moment.tzinfo is None else moment


def offer_recording(session: Session, application_id: int, officer: Account, *, kind: str,
                    slots: list[str], address: str = "", now: dt.datetime | None = None) -> Appointment:
    """Offer times at the office, or a home visit ("jemput bola") at a confirmed address."""
    application = held_by(session, application_id, officer.id)
    if catalogue.Output.APPOINTMENT not in catalogue.service(application.service_code).outputs:
        raise FormErrors({"kind": ERR_NOT_RECORDING})
    now = now or utcnow()
    moments = sorted({m for m in (parse_slot(s) for s in slots if str(s).strip()) if m and m > now})
    errors = {}
    if kind not in ("office", "home") or not moments or len(moments) > 5:
        errors["slots"] = ERR_SLOTS
    address = " ".join(str(address or "").split())[:200]
    if kind == "home" and not address:
        errors["address"] = ERR_ADDRESS
    if errors:
        raise FormErrors(errors)
    appointment = Appointment(application_id=application.id, kind=kind,
                              slots=[moment.astimezone(WIB).isoformat(timespec="minutes") for moment in moments],
                              address=address if kind == "home" else None, created_by_account_id=officer.id)
    session.add(appointment)
    session.flush()
    audit.record(session, "appointment.offer", actor_account_id=officer.id, target_type="application",
                 target_id=application.id, detail={"kind": kind, "slots": len(moments)})
    notifications.tell(session, application, notifications.APPOINTMENT_OFFERED)
    session.commit()
    return appointment


def latest_appointment(session: Session, application_id: int) -> Appointment | None:
    return session.exec(select(Appointment).where(Appointment.application_id == application_id)
                        .order_by(Appointment.id.desc())).first()


def answer_appointment(session: Session, application: Application, account_id: int, *, slot: str = "",
                       other_time: bool = False) -> Appointment:
    """The resident or caregiver confirms one offered time, or asks for another. Commits.
    The caller has already checked that this account may act on the application."""
    appointment = latest_appointment(session, application.id)
    if appointment is None or appointment.status == "change_requested":
        raise FormErrors({"slot": ERR_NO_APPOINTMENT})
    if other_time:
        appointment.status, appointment.chosen = "change_requested", None
        message = notifications.APPOINTMENT_CHANGE
    elif slot in appointment.slots:
        appointment.status, appointment.chosen = "confirmed", slot
        message = notifications.APPOINTMENT_CONFIRMED
    else:
        raise FormErrors({"slot": ERR_SLOT_CHOICE})
    appointment.updated_at = utcnow()
    session.add(appointment)
    audit.record(session, f"appointment.{appointment.status}", actor_account_id=account_id,
                 target_type="application", target_id=application.id)
    notifications.tell(session, application, message)
    session.commit()
    return appointment


def open_offers(session: Session, applications_seen: list[Application]) -> list[tuple[Application, Appointment]]:
    """Recording times offered and not yet answered, for the applications this person sees."""
    if not applications_seen:
        return []
    latest: dict[int, Appointment] = {}
    for appointment in session.exec(select(Appointment).where(  # one query for the whole list
            Appointment.application_id.in_([a.id for a in applications_seen])).order_by(Appointment.id)).all():
        latest[appointment.application_id] = appointment
    return [(a, latest[a.id]) for a in applications_seen
            if a.id in latest and latest[a.id].status == "offered"]
