"""Verifying who holds a resident account (DESIGN principle 8: a NIK is not a credential).

Anyone may sign up with a NIK they type; such an account makes and follows its own
applications only. It reaches what others made for that NIK (a caregiver, a kiosk, the
counter) only after the office has verified it: a verifikator compares a KTP-el photo with a
selfie holding it, or a kelurahan operator checks the KTP-el in person (services/kiosk.py).
At most one account per NIK is ever verified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Account, DocumentBlob, IdentityVerification, Person, Upload, utcnow
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import audit, people

ERR_PHOTO = m("error.verify.photo")
ERR_ALREADY = m("error.verify.already")
ERR_PENDING = m("error.verify.pending")
ERR_NOT_FOUND = m("error.verify.not_found")
ERR_REASON = m("error.verify.reason")
ERR_TAKEN = m("error.verify.taken")
# Reasons a verifikator can give, each translated for the resident.
REFUSAL_REASONS = {
    "unreadable": m("verify.refusal.unreadable"),
    "mismatch": m("verify.refusal.mismatch"),
    "not_holding": m("verify.refusal.not_holding"),
    "other": m("verify.refusal.other"),
}
PHOTOS = ("ktp", "selfie")


class VerificationError(FormErrors):
    pass


def verified_account_for(session: Session, nik: str) -> Account | None:
    return session.exec(select(Account).where(Account.nik == nik, Account.identity_verified_at.is_not(None),
                                              Account.active.is_(True))).first()


def mark_verified(session: Session, account: Account, *, via: str, by: Account,
                  now: dt.datetime | None = None) -> None:
    """Make `account` the verified one for its NIK and link it to the person (no commit)."""
    if people.is_verified(account):
        return
    other = verified_account_for(session, account.nik or "")
    if other is not None and other.id != account.id:
        raise VerificationError({"form": ERR_TAKEN})
    account.identity_verified_at = now or utcnow()
    account.identity_verified_via, account.identity_verified_by_account_id = via, by.id
    session.add(account)
    person = people.find_or_add(session, account.nik, account.display_name)
    person.account_id = account.id
    session.add(person)
    audit.record(session, "identity.verified", actor_account_id=by.id, target_type="account",
                 target_id=account.id, detail={"via": via, "person": person.id})


def _own_upload(session: Session, account: Account, key: str) -> Upload | None:
    if not key:
        return None
    return session.exec(select(Upload).where(Upload.key == key, Upload.account_id == account.id,
                                             Upload.purpose == "identity", Upload.attached_at.is_(None),
                                             Upload.revoked_at.is_(None),
                                             Upload.content_type == "image/jpeg")).first()  # photos, not PDFs


def request(session: Session, *, account: Account, ktp_key: str, selfie_key: str) -> IdentityVerification:
    if people.is_verified(account):
        raise VerificationError({"form": ERR_ALREADY})
    earlier = latest(session, account.id)
    if earlier is not None and earlier.status == "pending":
        raise VerificationError({"form": ERR_PENDING})
    ktp, selfie = _own_upload(session, account, ktp_key), _own_upload(session, account, selfie_key)
    errors = {name: ERR_PHOTO for name, upload in (("ktp", ktp), ("selfie", selfie)) if upload is None}
    if errors:
        raise VerificationError(errors)
    now = utcnow()
    ktp.attached_at = selfie.attached_at = now
    session.add_all([ktp, selfie])
    row = IdentityVerification(account_id=account.id, ktp_blob_id=ktp.blob_id, selfie_blob_id=selfie.blob_id)
    session.add(row)
    session.flush()
    audit.record(session, "identity.request", actor_account_id=account.id, target_type="identity_verification",
                 target_id=row.id)
    session.commit()
    return row


def latest(session: Session, account_id: int) -> IdentityVerification | None:
    return session.exec(select(IdentityVerification).where(IdentityVerification.account_id == account_id)
                        .order_by(IdentityVerification.id.desc())).first()


@dataclass(frozen=True)
class Pending:
    id: int
    typed_name: str  # the name the account signed up with
    registered_name: str | None  # what the office holds for the NIK, when it differs (a warning)
    nik: str  # the verifikator compares it with the photo
    created_at: dt.datetime


def pending(session: Session) -> list[Pending]:
    rows = session.exec(select(IdentityVerification, Account).where(
        IdentityVerification.status == "pending", IdentityVerification.account_id == Account.id)
        .order_by(IdentityVerification.id)).all()
    result = []
    for row, account in rows:
        person = session.exec(select(Person).where(Person.nik == account.nik)).first()
        differs = person is not None and not people.same_name(person.name, account.display_name)
        registered = person.name if differs else None
        result.append(Pending(row.id, account.display_name, registered, account.nik or "", row.created_at))
    return result


def photo_of(session: Session, verification_id: int, which: str, *, officer: Account) -> bytes:
    """A KTP-el photo or selfie, for a verifikator; every view is audited."""
    row = session.get(IdentityVerification, verification_id)
    if row is None or which not in PHOTOS:
        raise VerificationError({"form": ERR_NOT_FOUND})
    blob = session.get(DocumentBlob, row.ktp_blob_id if which == "ktp" else row.selfie_blob_id)
    audit.record(session, "identity.photo_view", actor_account_id=officer.id, target_type="identity_verification",
                 target_id=row.id, detail={"photo": which})
    session.commit()
    return blob.content


def decide(session: Session, verification_id: int, *, officer: Account, approve: bool, reason: str = "",
           now: dt.datetime | None = None) -> IdentityVerification:
    row = session.get(IdentityVerification, verification_id)
    if row is None or row.status != "pending":
        raise VerificationError({"form": ERR_NOT_FOUND})
    if not approve and reason not in REFUSAL_REASONS:
        raise VerificationError({"reason": ERR_REASON})
    now = now or utcnow()
    if approve:
        mark_verified(session, session.get(Account, row.account_id), via="photo", by=officer, now=now)
    row.status = "approved" if approve else "refused"
    row.decided_by_account_id, row.decided_at = officer.id, now
    row.refusal_reason = None if approve else reason
    session.add(row)
    audit.record(session, "identity.approve" if approve else "identity.refuse", actor_account_id=officer.id,
                 target_type="identity_verification", target_id=row.id)
    session.commit()
    return row
