"""What an officer sees of one application: who it is for and who applied, every answer in the
rows the resident saw, the required photos, the timeline, earlier applications, the caregiver's
link when it still awaits a decision. Full NIK and photos are shown only here, and every view
is written to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, Appointment, CareLink, Person, TimelineEvent
from paduko_app.domain.identity import parse_nik
from paduko_app.services import audit, decisions, office_settings, revisions, wizard
from paduko_app.services.answer_views import SummaryRow, answer_summary
from paduko_app.services.queue import days_left, due_date, today_local


@dataclass(frozen=True)
class EarlierApplication:
    id: int
    number: str
    service_code: str
    status: str
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class Detail:
    application: Application
    person: Person
    person_age: int | None
    applicant: Account
    operator: Account | None
    assigned: Account | None
    rows: list[SummaryRow]
    timeline: list[TimelineEvent]
    earlier: list[EarlierApplication]
    pending_link: CareLink | None  # a caregiver's surat kuasa that an officer must decide first
    due: dt.date | None
    days_left: int
    appointment: Appointment | None
    name_warning: tuple[str, str] | None  # (typed, registered) when they differ


def _age(person: Person, today: dt.date) -> int | None:
    born = person.birth_date
    if born is None and person.nik:
        try:
            born = parse_nik(person.nik).birth_date
        except Exception:  # an unparseable NIK just leaves the age unknown
            born = None
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def detail(session: Session, application_id: int, officer: Account, today: dt.date | None = None) -> Detail | None:
    """The application page's content (None for a draft or an unknown id). Audited. Commits."""
    application = session.get(Application, application_id)
    if application is None or application.status == "draft":
        return None
    today = today or today_local()
    draft = wizard.load_draft(session, application.id)
    flags = revisions.open_flags(session, application.id)
    person = draft.person
    link = None
    if application.channel == "caregiver":
        link = session.exec(select(CareLink).where(CareLink.caregiver_account_id == application.applicant_account_id,
                                                   CareLink.person_id == person.id, CareLink.status == "pending")).first()
    earlier = session.exec(select(Application).where(
        Application.person_id == person.id, Application.id != application.id, Application.status != "draft")
        .order_by(Application.submitted_at.desc()).limit(20)).all()
    timeline = list(session.exec(select(TimelineEvent).where(TimelineEvent.application_id == application.id)
                                 .order_by(TimelineEvent.id)).all())
    audit.record(session, "application.view", actor_account_id=officer.id, target_type="application",
                 target_id=application.id, detail={"person": person.id})
    session.commit()
    targets = office_settings.targets(session)
    return Detail(
        application=application, person=person, person_age=_age(person, today),
        applicant=session.get(Account, application.applicant_account_id),
        operator=session.get(Account, application.operator_account_id) if application.operator_account_id else None,
        assigned=session.get(Account, application.assigned_account_id) if application.assigned_account_id else None,
        rows=answer_summary(draft.journey, draft.documents, flags), timeline=timeline,
        earlier=[EarlierApplication(a.id, a.number, a.service_code, a.status, a.submitted_at) for a in earlier],
        pending_link=link,
        due=due_date(application.service_code, application.submitted_at, targets) if application.submitted_at else None,
        days_left=days_left(application.service_code, application.submitted_at, today, targets),
        appointment=decisions.latest_appointment(session, application.id),
        name_warning=_name_warning(session, application),
    )


def _name_warning(session: Session, application: Application) -> tuple[str, str] | None:
    """The trust model's check of typed against registered names, when that service exists."""
    try:
        from paduko_app.services.people import name_mismatch  # added with the trust model
    except ImportError:
        return None
    return name_mismatch(session, application)
