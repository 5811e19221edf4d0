"""Caregivers: "Orang yang saya bantu". A link needs evidence of consent and an officer's yes.

Until an officer accepts the link, applications made for that person are marked as waiting
for it, and the caregiver sees only the name they typed: nothing the office holds about the
person. A refused or withdrawn link stops every action for the person at once (`is_live`).
Reporting a death needs no link (any family member may report one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Account, CareLink, DocumentBlob, Person, Upload, utcnow
from paduko_app.domain import identity
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import audit, people

RELATIONSHIPS = ("child", "spouse", "sibling", "other")
EVIDENCE_KINDS = ("f107", "other")

ERR_RELATIONSHIP = m("error.care.relationship")
ERR_EVIDENCE = m("error.care.evidence")
ERR_EVIDENCE_KIND = m("error.care.evidence_kind")
ERR_SELF = m("error.care.self")
ERR_DUPLICATE = m("error.care.duplicate")
ERR_NAME = m("error.care.name")
ERR_NOT_FOUND = m("error.care.not_found")
ERR_REASON = m("error.care.reason")
LIVE = ("pending", "accepted")  # a link the caregiver may act through; refused, withdrawn stop it
# Reasons an officer can pick, so the caregiver reads them in their own language; an officer's
# own words are shown as written.
REFUSAL_REASONS = {
    "evidence_unreadable": m("care.refusal.evidence_unreadable"),
    "evidence_not_signed": m("care.refusal.evidence_not_signed"),
    "not_related": m("care.refusal.not_related"),
}


class CareError(FormErrors):
    pass


@dataclass(frozen=True)
class Evidence:
    upload_key: str  # a photo or scan already received through the upload route
    kind: str  # f107 or other


def add_person(session: Session, *, caregiver: Account, nik: str, name: str, relationship: str,
               evidence: Evidence | None) -> CareLink:
    clean_nik, clean_name, errors = identity.clean_person(nik, name, ERR_NAME)
    if relationship not in RELATIONSHIPS:
        errors["relationship"] = ERR_RELATIONSHIP
    upload = None
    if evidence is not None and evidence.upload_key:
        upload = session.exec(select(Upload).where(Upload.key == evidence.upload_key,
                                                   Upload.account_id == caregiver.id,
                                                   Upload.purpose == "care_evidence",
                                                   Upload.attached_at.is_(None))).first()
    if upload is None:
        errors["evidence"] = ERR_EVIDENCE
    if evidence is None or evidence.kind not in EVIDENCE_KINDS:
        errors["evidence_kind"] = ERR_EVIDENCE_KIND
    if clean_nik and clean_nik == caregiver.nik:
        errors["nik"] = ERR_SELF
    if errors:
        raise CareError(errors)
    person = people.find_or_add(session, clean_nik, clean_name)
    existing = session.exec(select(CareLink).where(CareLink.caregiver_account_id == caregiver.id,
                                                   CareLink.person_id == person.id,
                                                   CareLink.status.in_(LIVE))).first()
    if existing is not None:
        raise CareError({"nik": ERR_DUPLICATE})
    upload.attached_at = utcnow()
    session.add(upload)
    link = CareLink(caregiver_account_id=caregiver.id, person_id=person.id, relationship=relationship,
                    typed_name=clean_name,
                    evidence_kind=evidence.kind, evidence_blob_id=upload.blob_id,
                    evidence_content_type=upload.content_type)
    session.add(link)
    session.flush()
    audit.record(session, "care.request", actor_account_id=caregiver.id, target_type="care_link",
                 target_id=link.id, detail={"person": person.id, "relationship": relationship})
    session.commit()
    return link


@dataclass(frozen=True)
class CaredPerson:
    link_id: int
    person_id: int
    name: str
    masked_nik: str
    relationship: str
    status: str
    refusal_reason: str  # a message id from REFUSAL_REASONS, or the officer's own words


def shown_name(link: CareLink, person: Person) -> str:
    """The name the caregiver typed; never the office's, which they are not entitled to."""
    return link.typed_name or (person.name if link.status == "accepted" else identity.mask_number(person.nik or ""))


def people_of(session: Session, caregiver_account_id: int) -> list[CaredPerson]:
    rows = session.exec(select(CareLink, Person).where(CareLink.caregiver_account_id == caregiver_account_id,
                                                       CareLink.person_id == Person.id)
                        .order_by(CareLink.id)).all()
    return [CaredPerson(link.id, person.id, shown_name(link, person), identity.mask_number(person.nik or ""),
                        link.relationship, link.status, link.refusal_reason or "") for link, person in rows]


def link_status(session: Session, caregiver_account_id: int, person_id: int) -> str | None:
    """accepted, pending, refused, withdrawn, or None when there is no link."""
    rows = session.exec(select(CareLink.status).where(CareLink.caregiver_account_id == caregiver_account_id,
                                                      CareLink.person_id == person_id)).all()
    for status in ("accepted", "pending", "refused", "withdrawn"):
        if status in rows:
            return status
    return None


def is_live(session: Session, caregiver_account_id: int, person_id: int) -> bool:
    """May this caregiver still act for this person (start, answer, upload, submit, view)?"""
    return link_status(session, caregiver_account_id, person_id) in LIVE


def withdraw(session: Session, link_id: int, *, caregiver: Account) -> CareLink:
    """The caregiver stops helping this person: every action for them stops at once."""
    link = session.get(CareLink, link_id)
    if link is None or link.caregiver_account_id != caregiver.id or link.status not in LIVE:
        raise CareError({"form": ERR_NOT_FOUND})
    link.status = "withdrawn"
    session.add(link)
    audit.record(session, "care.withdraw", actor_account_id=caregiver.id, target_type="care_link", target_id=link.id)
    session.commit()
    return link


def pending(session: Session, *, viewer_account_id: int | None = None) -> list[tuple[CareLink, Person, Account]]:
    """Links awaiting a decision. Shown to an officer (`viewer_account_id`), the list names
    people and their masked NIKs: that view is audited like the evidence (commits)."""
    rows = list(session.exec(select(CareLink, Person, Account).where(
        CareLink.status == "pending", CareLink.person_id == Person.id,
        CareLink.caregiver_account_id == Account.id).order_by(CareLink.id)).all())
    if viewer_account_id is not None and rows:
        audit.record(session, "care.list_view", actor_account_id=viewer_account_id,
                     detail={"links": [link.id for link, _person, _caregiver in rows]})
        session.commit()
    return rows


def evidence_of(session: Session, link_id: int, *, officer: Account) -> tuple[bytes, str]:
    """The evidence photo, for an officer; every view is audited."""
    link = session.get(CareLink, link_id)
    if link is None or link.evidence_blob_id is None:
        raise CareError({"form": ERR_NOT_FOUND})
    blob = session.get(DocumentBlob, link.evidence_blob_id)
    audit.record(session, "care.evidence_view", actor_account_id=officer.id, target_type="care_link",
                 target_id=link.id)
    session.commit()
    return blob.content, link.evidence_content_type or "application/octet-stream"


def decide(session: Session, link_id: int, *, officer: Account, accept: bool, reason: str = "",
           now: dt.datetime | None = None) -> CareLink:
    link = session.get(CareLink, link_id)
    if link is None or link.status != "pending":
        raise CareError({"form": ERR_NOT_FOUND})
    if not accept and not reason.strip():
        raise CareError({"reason": ERR_REASON})
    link.status = "accepted" if accept else "refused"
    link.decided_by_account_id, link.decided_at = officer.id, now or utcnow()
    reason = reason.strip()
    link.refusal_reason = None if accept else (REFUSAL_REASONS.get(reason) or reason[:500])
    session.add(link)
    audit.record(session, "care.accept" if accept else "care.refuse", actor_account_id=officer.id,
                 target_type="care_link", target_id=link.id)
    session.commit()
    return link
