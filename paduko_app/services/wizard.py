"""The guided wizard's use cases: start or resume a draft, answer a step, attach a photo,
check answers, submit once with a receipt. Generated from the service catalogue."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from paduko_app.db.models import (Account, Application, CareLink, Document, DocumentBlob, KioskSession, Person,
                                  Upload, utcnow)
from paduko_app.domain import catalogue, numbers, receipt
from paduko_app.domain.calendar import WIB, add_working_days
from paduko_app.domain.fields import ERR_CHOICE, AnswerError
from paduko_app.domain.lifecycle import Status
from paduko_app.domain.messages import MessageError, m
from paduko_app.domain.regions import kelurahan_by_code
from paduko_app.domain.journey import Journey
from paduko_app.services import applications, audit, care, office_settings, people, revisions
from paduko_app.services.answer_views import Flag

ERR_NOT_YOURS = m("error.wizard.not_yours")
ERR_NO_PHOTO = m("error.wizard.no_photo")
ERR_LINK_STOPPED = m("error.care.link_stopped")


class WizardError(MessageError):
    pass


@dataclass(frozen=True)
class Applicant:
    """Who fills in the wizard, and for whom."""

    account: Account
    person: Person
    channel: str  # own, caregiver, kiosk
    kiosk: KioskSession | None = None
    typed_name: str = ""  # the name the applicant gave for the person
    entitled: bool = False  # may see what the office holds about the person (No. KK, address)


def applicant_for(session: Session, account: Account, *, person_id: int | None = None,
                  kiosk: KioskSession | None = None) -> Applicant:
    """The resident themselves, a person they care for (with a live link), or the kiosk's resident."""
    if kiosk is not None:
        return Applicant(account, session.get(Person, kiosk.person_id), "kiosk", kiosk,
                         kiosk.typed_name or "", kiosk.entitled)
    verified = people.verified_person_of(session, account)
    # Not verified yet: their own applications, for the NIK they signed up with, and no more;
    # nothing the office holds about that NIK is filled in for them.
    own = verified or (people.find_or_add(session, account.nik, account.display_name) if account.nik else None)
    if person_id is None or (own is not None and person_id == own.id):
        if own is None:
            raise WizardError(ERR_NOT_YOURS)
        return Applicant(account, own, "own", None, account.display_name, verified is not None)
    link = session.exec(select(CareLink).where(CareLink.caregiver_account_id == account.id,
                                               CareLink.person_id == person_id,
                                               CareLink.status.in_(care.LIVE))
                        .order_by(CareLink.id.desc())).first()
    if link is None:
        raise WizardError(ERR_NOT_YOURS)
    return Applicant(account, session.get(Person, person_id), "caregiver", None,
                     link.typed_name or "", link.status == "accepted")


def may_continue(session: Session, application: Application) -> bool:
    """False once the applicant's right to act for the person has stopped: a refused or
    withdrawn care link, or an ended kiosk session. Checked by every use case below."""
    if application.channel == "caregiver":
        return care.is_live(session, application.applicant_account_id, application.person_id)
    if application.channel == "kiosk":
        live = session.get(KioskSession, application.kiosk_session_id) if application.kiosk_session_id else None
        return live is not None and live.ended_at is None
    return True


def continuable(session: Session, applications_: list[Application]) -> list[Application]:
    """`may_continue` for a whole list in at most two queries (the /akun and status lists)."""
    caregiver = [a for a in applications_ if a.channel == "caregiver"]
    kiosk_ids = {a.kiosk_session_id for a in applications_ if a.channel == "kiosk" and a.kiosk_session_id}
    live_links: set[tuple[int, int]] = set()
    if caregiver:
        live_links = {(c, p) for c, p in session.exec(select(CareLink.caregiver_account_id, CareLink.person_id).where(
            CareLink.caregiver_account_id.in_({a.applicant_account_id for a in caregiver}),
            CareLink.person_id.in_({a.person_id for a in caregiver}), CareLink.status.in_(care.LIVE))).all()}
    open_kiosks = set(session.exec(select(KioskSession.id).where(
        KioskSession.id.in_(kiosk_ids), KioskSession.ended_at.is_(None))).all()) if kiosk_ids else set()

    def may(application: Application) -> bool:
        if application.channel == "caregiver":
            return (application.applicant_account_id, application.person_id) in live_links
        if application.channel == "kiosk":
            return application.kiosk_session_id in open_kiosks
        return True

    return [a for a in applications_ if may(a)]


def _check_may_continue(session: Session, application: Application | None) -> None:
    if application is None or not may_continue(session, application):
        raise WizardError(ERR_LINK_STOPPED)


def name_for_applicant(application: Application, person: Person) -> str:
    """The name shown to whoever fills in the wizard: the one they typed."""
    return application.typed_name or person.name


def for_whom(session: Session, application_id: int) -> str:
    """Whom an application is for, as its applicant typed the name (confirmation, status cards)."""
    application = session.get(Application, application_id)
    return name_for_applicant(application, session.get(Person, application.person_id))


def for_whom_of(session: Session, applications: list[Application]) -> dict[int, str]:
    """`for_whom` for a list in one query (status cards, /akun)."""
    ids = {a.person_id for a in applications}
    people = {p.id: p for p in session.exec(select(Person).where(Person.id.in_(ids or [-1]))).all()}
    return {a.id: name_for_applicant(a, people[a.person_id]) for a in applications}


def start_or_resume(session: Session, who: Applicant, service_code: str, secret: str) -> int:
    """The open draft for this service and person, or a new one (never two of the same)."""
    svc = catalogue.service(service_code)
    existing = session.exec(select(Application).where(
        Application.applicant_account_id == who.account.id, Application.person_id == who.person.id,
        Application.service_code == service_code,
        Application.status.in_((Status.DRAFT.value, Status.NEEDS_REVISION.value)),
        Application.kiosk_session_id == (who.kiosk.id if who.kiosk else None))).first()
    if existing is not None:
        return existing.id
    new = applications.start_draft(
        session, service_code=service_code, person_id=who.person.id, applicant_account_id=who.account.id,
        channel=who.channel, secret=secret,
        kelurahan_code=who.kiosk.kelurahan_code if who.kiosk else who.person.kelurahan_code,
        operator_account_id=who.account.id if who.kiosk else None,
        kiosk_session_id=who.kiosk.id if who.kiosk else None)
    row = session.get(Application, new.id)
    row.typed_name = who.typed_name or None
    session.add(row)
    if who.entitled:  # stored data is filled in only for someone entitled to read it
        _carry_forward(session, new.id, svc, who.person)
    session.commit()
    return new.id


def _carry_forward(session: Session, application_id: int, svc: catalogue.Service, person: Person) -> None:
    """Known data is never asked twice: the person's KK number and address fill their questions."""
    known = {"kk": person.kk_number, "address": person.address}
    for question in svc.questions:
        value = known.get(question.prefill or "")
        if value:
            try:
                clean = catalogue.validate_answer(question, value)
            except AnswerError:
                continue
            applications.save_answer(session, application_id, question.id, clean)


@dataclass(frozen=True)
class Draft:
    """An application being filled in or corrected, with everything its pages need."""

    application: Application
    person: Person
    journey: Journey
    documents: dict[str, Document]
    flags: dict[tuple[str, str], Flag]

    @property
    def svc(self) -> catalogue.Service:
        return self.journey.svc


def load_draft(session: Session, application_id: int, today: dt.date | None = None) -> Draft:
    """One read of the draft: answers, photos and, when sent back, the officer's flags."""
    application = session.get(Application, application_id)
    svc = catalogue.service(application.service_code)
    answers = applications.answers_of(session, application_id)
    documents = documents_of(session, application_id)
    flags = revisions.open_flags(session, application_id) if application.status == Status.NEEDS_REVISION.value else {}
    journey = Journey(svc, answers, documents, flags, today)
    return Draft(application, session.get(Person, application.person_id), journey, documents, flags)


def answer(session: Session, application_id: int, question_id: str, raw: Any, today: dt.date | None = None) -> Any:
    """Validate and save one answer at once (the draft is never lost); AnswerError otherwise."""
    application = session.get(Application, application_id)
    _check_may_continue(session, application)
    svc = catalogue.service(application.service_code)
    value = catalogue.validate_answer(svc.question(question_id), raw, today)
    if question_id == "pickup_place" and value not in office_settings.offered_places(session) \
            and value != applications.answers_of(session, application_id).get(question_id):
        raise AnswerError(ERR_CHOICE)  # a place the office no longer offers (only a kept answer stays)
    applications.save_answer(session, application_id, question_id, value)
    _note_progress(session, application, today)
    session.commit()
    return value


def _note_progress(session: Session, application: Application, today: dt.date | None = None) -> None:
    """A draft remembers the page where its owner would go on (the monitoring's "drafts never
    sent, by step": where people give up)."""
    if application.status != Status.DRAFT.value:
        return
    session.flush()
    journey = load_draft(session, application.id, today).journey
    step = max(0, journey.index_of(journey.first_open().id))
    if application.current_step != step:
        application.current_step = step
        session.add(application)


def documents_of(session: Session, application_id: int) -> dict[str, Document]:
    rows = session.exec(select(Document).where(Document.application_id == application_id,
                                               Document.kind == "upload")).all()
    return {row.requirement_id: row for row in rows}


def attach(session: Session, application_id: int, requirement_id: str, upload_key: str, account_id: int) -> Document:
    """Attach the photo just uploaded by this account; a new photo replaces the old one."""
    application = session.get(Application, application_id)
    _check_may_continue(session, application)
    svc = catalogue.service(application.service_code)
    if requirement_id not in {d.id for d in svc.documents}:
        raise WizardError(ERR_NO_PHOTO)
    upload = session.exec(select(Upload).where(Upload.key == upload_key, Upload.account_id == account_id,
                                               Upload.purpose == "document", Upload.revoked_at.is_(None),
                                               Upload.kiosk_session_id == application.kiosk_session_id,
                                               Upload.attached_at.is_(None))).first() if upload_key else None
    if upload is None:
        raise WizardError(ERR_NO_PHOTO)
    old = documents_of(session, application_id).get(requirement_id)
    if old is not None:
        session.delete(old)
    upload.attached_at = utcnow()
    session.add(upload)
    document = Document(application_id=application_id, requirement_id=requirement_id, kind="upload",
                        content_type=upload.content_type, size_bytes=upload.size_bytes, width=upload.width,
                        height=upload.height, sha256=upload.sha256, blob_id=upload.blob_id)
    session.add(document)
    application.updated_at = utcnow()
    session.add(application)
    _note_progress(session, application)
    session.commit()
    return document


@dataclass(frozen=True)
class Submitted:
    number: str
    pin: str
    due_date: dt.date
    receipt_document_id: int


def submit(session: Session, application_id: int, *, account: Account, submit_key: str, secret: str,
           public_url: str, lang: str, translate, today: dt.date | None = None) -> Submitted | None:
    """Submit once (None when this key already did) with a fresh PIN and the PDF receipt."""
    application = session.get(Application, application_id)
    _check_may_continue(session, application)
    svc = catalogue.service(application.service_code)
    answers = applications.answers_of(session, application_id)
    have = documents_of(session, application_id)
    missing = [d.id for d in catalogue.required_documents(svc, answers, today) if d.id not in have]
    if missing:
        raise WizardError(ERR_NO_PHOTO)
    first_time = application.status == Status.DRAFT.value
    now = utcnow()
    target = office_settings.target_days(svc.code, office_settings.targets(session))  # the office's own, if set
    due = add_working_days(now.astimezone(WIB).date(), target)
    if first_time:
        # Rendered before the first write: the PDF takes a CPU-bound moment (seconds on a busy
        # machine), and SQLite's one write lock would be held meanwhile, making everyone else's
        # answers wait past the busy timeout (benchmarks/load.py, docs/BENCHMARKS.md).
        pin = numbers.new_pin()  # the PIN is made here, shown once, and kept only as a keyed hash
        person = session.get(Person, application.person_id)
        kelurahan = kelurahan_by_code(application.kelurahan_code or "")
        pdf = receipt.render_receipt(receipt.ReceiptData(
            application_number=application.number, pin=pin, service_code=svc.code, submitted_at=now,
            due_date=due, documents=tuple(sorted(have)), status_url=f"{public_url.rstrip('/')}/status",
            applicant_name=account.display_name, for_person_name=name_for_applicant(application, person),
            channel=application.channel,
            kelurahan_name=kelurahan.name if kelurahan and application.channel == "kiosk" else None,
            office_phone=office_settings.contact(session).phone,
        ), lang, translate)
    if not applications.submit(session, application_id, actor_account_id=account.id, submit_key=submit_key,
                               today=today):
        return None
    if not first_time:  # a corrected application keeps its number, PIN and receipt
        revisions.resolve_flags(session, application_id)
        session.commit()
        return Submitted(application.number, "", due, 0)
    application.pin_hash = numbers.hash_pin(pin, secret, application.number)
    blob = DocumentBlob(content=pdf)
    session.add(blob)
    session.flush()
    document = Document(application_id=application_id, requirement_id="receipt", kind="receipt",
                        content_type="application/pdf", size_bytes=len(pdf),
                        sha256=hashlib.sha256(pdf).hexdigest(), blob_id=blob.id)
    session.add(document)
    session.add(application)
    session.flush()
    audit.record(session, "application.receipt", actor_account_id=account.id, target_type="application",
                 target_id=application_id)
    session.commit()
    return Submitted(application.number, pin, due, document.id)


def drafts_of(session: Session, account_id: int) -> list[Application]:
    rows = session.exec(select(Application).where(
        Application.applicant_account_id == account_id, Application.kiosk_session_id.is_(None),
        Application.status.in_((Status.DRAFT.value, Status.NEEDS_REVISION.value)))
        .order_by(Application.updated_at.desc())).all()
    return continuable(session, rows)


def applications_of(session: Session, account_id: int, *, limit: int | None = None,
                    sent_only: bool = False) -> list[Application]:
    """Everything this resident made (while they may still act for the person) and, once the
    office has verified their identity, everything made for them; newest first. `limit` pages
    the list in the database (one more row than shown tells whether there is more)."""
    verified = people.verified_person_of(session, session.get(Account, account_id))
    made_by_them = Application.applicant_account_id == account_id
    made_for_them = (Application.person_id == (verified.id if verified else -1)) & (
        Application.status != Status.DRAFT.value)
    query = select(Application).where(made_by_them | made_for_them)
    if sent_only:
        query = query.where(Application.status != Status.DRAFT.value)
    rows = session.exec(query.order_by(Application.created_at.desc(), Application.id.desc()).limit(limit)).all()
    theirs = {a.id for a in rows if verified is not None and a.person_id == verified.id}
    allowed = theirs | {a.id for a in continuable(session, [a for a in rows if a.id not in theirs])}
    return [a for a in rows if a.id in allowed]


def applicant_of_caller(session: Session, caller, person_id: int | None = None) -> Applicant | None:
    """The wizard's applicant for a resolved caller: an operator only with a live kiosk session."""
    if caller.account is None:
        return None
    if caller.role == "operator":
        live = session.get(KioskSession, caller.kiosk.id) if caller.kiosk else None
        return applicant_for(session, caller.account, kiosk=live) if live else None
    return applicant_for(session, caller.account, person_id=person_id)


def editable(session: Session, application_id: int, caller) -> Application | None:
    """The application if this caller may still fill it in (a kiosk's activity is noted). Commits."""
    application = session.get(Application, application_id) if application_id else None
    if application is None or caller.account is None or application.applicant_account_id != caller.account.id:
        return None
    if application.status not in (Status.DRAFT.value, Status.NEEDS_REVISION.value):
        return None
    if not may_continue(session, application):  # a refused or withdrawn care link stops everything
        return None
    if caller.role == "operator":
        live = session.get(KioskSession, caller.kiosk.id) if caller.kiosk else None
        if live is None or application.kiosk_session_id != live.id:
            return None
        from paduko_app.services import kiosk

        kiosk.touch(session, live)
        session.commit()
    return application


def people_to_choose(session: Session, who: Applicant) -> list[dict[str, str]]:
    """For "Untuk siapa": the resident and everyone they care for while the link lives, with
    the names the caregiver typed (never the office's record)."""
    if who.channel != "own":
        return []
    cared = [{"value": str(p.person_id), "name": p.name}
             for p in care.people_of(session, who.account.id) if p.status in care.LIVE]
    if not cared:
        return []
    # "Saya sendiri" first (the page words it), never the caregiver's own name among the others.
    return [{"value": str(who.person.id), "name": who.typed_name, "self": "1"}] + [{**p, "self": ""} for p in cared]


def link_status_of(application: Application) -> str | None:
    """For a caregiver's application: pending, accepted or refused (the page says which)."""
    from paduko_app.db.engine import unit_of_work
    from paduko_app.services import care

    with unit_of_work() as session:
        return care.link_status(session, application.applicant_account_id, application.person_id)
