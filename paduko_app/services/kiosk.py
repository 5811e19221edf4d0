"""Assisted service at a kelurahan kiosk: an operator serves one resident who is present.

A kiosk session belongs to the operator's signed-in device. It ends with "Selesai, warga
berikutnya", an idle timeout, or sign-out; after that nothing of the resident is reachable
from that device (see access.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Account, KioskSession, utcnow
from paduko_app.domain import identity
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import audit, people

IDLE_WIPE = dt.timedelta(minutes=5)  # the browser warns at 4 and wipes at 5 (assets/kiosk-idle.js)
CHECKED_DOCUMENTS = ("ktp_el", "kk")

ERR_NOT_CHECKED = m("error.kiosk.not_checked")
ERR_CHECKED_DOCUMENT = m("error.kiosk.checked_document")
ERR_NOT_OPERATOR = m("error.kiosk.not_operator")
ERR_NAME = m("error.kiosk.name")


class KioskError(FormErrors):
    pass


@dataclass(frozen=True)
class ActiveResident:
    kiosk_session_id: int
    person_id: int
    name: str


def start(session: Session, *, operator: Account, session_token_id: int, nik: str, name: str,
          checked_document: str, confirmed: bool, now: dt.datetime | None = None) -> ActiveResident:
    now = now or utcnow()
    if operator.role != "operator" or not operator.kelurahan_code:
        raise KioskError({"form": ERR_NOT_OPERATOR})
    clean_nik, clean_name, errors = identity.clean_person(nik, name, ERR_NAME)
    if checked_document not in CHECKED_DOCUMENTS:
        errors["checked_document"] = ERR_CHECKED_DOCUMENT
    if not confirmed:
        errors["confirmed"] = ERR_NOT_CHECKED
    if errors:
        raise KioskError(errors)
    end_all_for_device(session, session_token_id, "next_resident", now)
    person = people.find_or_add(session, clean_nik, clean_name)
    kiosk = KioskSession(operator_account_id=operator.id, session_token_id=session_token_id,
                         kelurahan_code=operator.kelurahan_code, person_id=person.id,
                         checked_document=checked_document, started_at=now, last_activity_at=now)
    session.add(kiosk)
    session.flush()
    audit.record(session, "kiosk.start", actor_account_id=operator.id, target_type="person", target_id=person.id,
                 detail={"kiosk_session": kiosk.id, "checked": checked_document, "kelurahan": operator.kelurahan_code})
    session.commit()
    return ActiveResident(kiosk.id, person.id, person.name)


def active_for_device(session: Session, session_token_id: int, now: dt.datetime | None = None) -> KioskSession | None:
    """The device's live kiosk session; one idle past the wipe time is ended on the spot."""
    now = now or utcnow()
    kiosk = session.exec(select(KioskSession).where(KioskSession.session_token_id == session_token_id,
                                                    KioskSession.ended_at.is_(None))).first()
    if kiosk is None:
        return None
    if now - kiosk.last_activity_at >= IDLE_WIPE:
        _end(session, kiosk, "timeout", now)
        session.commit()
        return None
    return kiosk


def touch(session: Session, kiosk: KioskSession, now: dt.datetime | None = None) -> None:
    kiosk.last_activity_at = now or utcnow()
    session.add(kiosk)


def _end(session: Session, kiosk: KioskSession, reason: str, now: dt.datetime) -> None:
    kiosk.ended_at, kiosk.end_reason = now, reason
    session.add(kiosk)
    audit.record(session, "kiosk.end", actor_account_id=kiosk.operator_account_id, target_type="kiosk_session",
                 target_id=kiosk.id, detail={"reason": reason})


def end_all_for_device(session: Session, session_token_id: int, reason: str, now: dt.datetime | None = None) -> int:
    now = now or utcnow()
    live = session.exec(select(KioskSession).where(KioskSession.session_token_id == session_token_id,
                                                   KioskSession.ended_at.is_(None))).all()
    for kiosk in live:
        _end(session, kiosk, reason, now)
    return len(live)
