"""Assisted service at a kelurahan kiosk: an operator serves one resident who is present.

A kiosk session belongs to the operator's signed-in device. It ends with "Selesai, warga
berikutnya", an idle timeout (noticed whenever anything touches the session, and by `sweep`),
or sign-out; after that nothing of the resident is reachable from that device (see access.py),
and every upload key issued during it is revoked.

A typed NIK shows the operator only what they typed. What the office holds (name, No. KK,
address) opens only after the operator checked the KTP-el of someone of their own kelurahan,
or recorded why they serve someone from elsewhere; only the first can also verify the
resident's own PADUKO account in person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Account, KioskSession, Upload, utcnow
from paduko_app.domain import identity
from paduko_app.domain.fields import AnswerError, normalise_phone
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import audit, people

IDLE_WIPE = dt.timedelta(minutes=5)  # the browser warns at 4 and wipes at 5 (assets/kiosk-idle.js)
CHECKED_DOCUMENTS = ("ktp_el", "kk")

ERR_NOT_CHECKED = m("error.kiosk.not_checked")
ERR_CHECKED_DOCUMENT = m("error.kiosk.checked_document")
ERR_NOT_OPERATOR = m("error.kiosk.not_operator")
ERR_NAME = m("error.kiosk.name")
ERR_VERIFY_NEEDS_KTP = m("error.kiosk.verify_needs_ktp")


class KioskError(FormErrors):
    pass


@dataclass(frozen=True)
class ActiveResident:
    kiosk_session_id: int
    person_id: int
    name: str  # what the operator typed, or the office's record once entitled
    account_verified: bool = False  # the resident's own account was verified in person
    entitled: bool = False  # the operator may see what the office holds about the resident


def shown_name(kiosk: KioskSession, person) -> str:
    return person.name if kiosk.entitled or not kiosk.typed_name else kiosk.typed_name


def start(session: Session, *, operator: Account, session_token_id: int, nik: str, name: str,
          checked_document: str, confirmed: bool, out_of_area_reason: str = "", account_phone: str = "",
          now: dt.datetime | None = None) -> ActiveResident:
    now = now or utcnow()
    if operator.role != "operator" or not operator.kelurahan_code:
        raise KioskError({"form": ERR_NOT_OPERATOR})
    clean_nik, clean_name, errors = identity.clean_person(nik, name, ERR_NAME)
    if checked_document not in CHECKED_DOCUMENTS:
        errors["checked_document"] = ERR_CHECKED_DOCUMENT
    if not confirmed:
        errors["confirmed"] = ERR_NOT_CHECKED
    clean_phone = ""
    if account_phone.strip():
        try:
            clean_phone = normalise_phone(account_phone)
        except AnswerError as exc:
            errors["account_phone"] = exc.message_id
        if checked_document != "ktp_el":
            errors["account_phone"] = ERR_VERIFY_NEEDS_KTP
    if errors:
        raise KioskError(errors)
    end_all_for_device(session, session_token_id, "next_resident", now)
    person = people.find_or_add(session, clean_nik, clean_name)
    reason = " ".join(out_of_area_reason.split())[:300]
    own_kelurahan = checked_document == "ktp_el" and person.kelurahan_code == operator.kelurahan_code
    entitled = own_kelurahan or (checked_document == "ktp_el" and bool(reason))
    kiosk = KioskSession(operator_account_id=operator.id, session_token_id=session_token_id,
                         kelurahan_code=operator.kelurahan_code, person_id=person.id, typed_name=clean_name,
                         entitled=entitled, out_of_area_reason=reason or None,
                         checked_document=checked_document, started_at=now, last_activity_at=now)
    session.add(kiosk)
    session.flush()
    audit.record(session, "kiosk.start", actor_account_id=operator.id, target_type="person", target_id=person.id,
                 detail={"kiosk_session": kiosk.id, "checked": checked_document, "kelurahan": operator.kelurahan_code,
                         "entitled": entitled, "out_of_area_reason": reason or None})
    verified = own_kelurahan and bool(clean_phone) and _verify_in_person(session, operator, clean_nik, clean_phone, now)
    session.commit()
    return ActiveResident(kiosk.id, person.id, shown_name(kiosk, person), verified, entitled)


def _verify_in_person(session: Session, operator: Account, nik: str, phone: str, now: dt.datetime) -> bool:
    """The operator saw the KTP-el of a resident of their kelurahan: verify that resident's own
    account (the one with this NIK and the phone they give). False when there is none to verify."""
    from paduko_app.services import verification

    account = session.exec(select(Account).where(Account.nik == nik, Account.phone == phone,
                                                 Account.role == "resident", Account.active.is_(True))).first()
    if account is None:
        return False
    try:
        verification.mark_verified(session, account, via="kiosk", by=operator, now=now)
    except verification.VerificationError:
        return False
    return True


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
    # Every key issued during the session dies with it (previews of photos included).
    for upload in session.exec(select(Upload).where(Upload.kiosk_session_id == kiosk.id,
                                                    Upload.revoked_at.is_(None))).all():
        upload.revoked_at = now
        session.add(upload)
    audit.record(session, "kiosk.end", actor_account_id=kiosk.operator_account_id, target_type="kiosk_session",
                 target_id=kiosk.id, detail={"reason": reason})


def end_all_for_device(session: Session, session_token_id: int, reason: str, now: dt.datetime | None = None) -> int:
    now = now or utcnow()
    live = session.exec(select(KioskSession).where(KioskSession.session_token_id == session_token_id,
                                                   KioskSession.ended_at.is_(None))).all()
    for kiosk in live:
        _end(session, kiosk, reason, now)
    return len(live)


def sweep(session: Session, now: dt.datetime | None = None) -> int:
    """End every kiosk session idle past the wipe time, even when its tab was closed."""
    now = now or utcnow()
    idle = session.exec(select(KioskSession).where(KioskSession.ended_at.is_(None),
                                                   KioskSession.last_activity_at <= now - IDLE_WIPE)).all()
    for kiosk in idle:
        _end(session, kiosk, "timeout", now)
    session.commit()
    return len(idle)


def is_live(session: Session, kiosk_session_id: int | None, session_token_id: int | None) -> bool:
    """Is this kiosk session still open on this device (ending it on the spot when idle)?"""
    if kiosk_session_id is None or session_token_id is None:
        return False
    live = active_for_device(session, session_token_id)
    return live is not None and live.id == kiosk_session_id


def keep_alive(session: Session, session_token_id: int) -> None:
    """The operator is still serving: the device's live session is touched. Commits."""
    live = active_for_device(session, session_token_id)
    if live is not None:
        touch(session, live)
        session.commit()


def finish_for_device(session: Session, session_token_id: int, reason: str) -> int:
    """"Selesai, warga berikutnya" or the idle timeout, for this device. Commits."""
    ended = end_all_for_device(session, session_token_id, reason)
    session.commit()
    return ended
