"""The IKM survey: offered once per finished application, answered without identity.

`invite` runs inside `change_status` when a document is finished (ready to print or to pick
up): it stores the SHA-256 of a random token and returns the token for the notification's link;
the applicant's /akun also offers it. `answer` copies only what reports group by (service,
channel, age group of the person, month) into an anonymous `SurveyResponse` and deletes the
invitation in the same transaction, so no row is left that ties the answers to anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Optional, Sequence

from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, Person, SurveyInvitation, SurveyResponse, utcnow
from paduko_app.domain import age, ikm
from paduko_app.domain.messages import m
from paduko_app.services.queue import WIB

SURVEY_PATH = "/survei"


class SurveyError(Exception):
    def __init__(self, message_id: str):
        super().__init__(message_id)
        self.message_id = message_id


ERR_GONE = m("error.survey_gone")  # answered already, or never existed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{SURVEY_PATH}?t={token}"


def invite(session: Session, application: Application) -> Optional[str]:
    """A new invitation for a just-finished application; None if it already has one. Caller commits."""
    if session.exec(select(SurveyInvitation.id).where(SurveyInvitation.application_id == application.id)).first():
        return None
    applicant = session.get(Account, application.applicant_account_id)
    person = session.get(Person, application.person_id)
    # Offered on /akun to the resident who applied; at a kiosk or counter, to the person's own account.
    account_id = applicant.id if applicant is not None and applicant.role == "resident" else (
        person.account_id if person is not None else None)
    token = secrets.token_urlsafe(24)
    session.add(SurveyInvitation(token_hash=_hash(token), application_id=application.id, account_id=account_id))
    return token


@dataclass(frozen=True)
class Offer:
    invitation_id: int
    service_code: str
    number: str


def open_for(session: Session, account_id: int) -> list[Offer]:
    rows = session.exec(select(SurveyInvitation, Application)
                        .join(Application, Application.id == SurveyInvitation.application_id)
                        .where(SurveyInvitation.account_id == account_id)
                        .order_by(SurveyInvitation.id.desc())).all()
    return [Offer(inv.id, app.service_code, app.number) for inv, app in rows]


def find(session: Session, *, token: str = "", invitation_id: int | None = None,
         account_id: int | None = None) -> SurveyInvitation:
    """The invitation for a link's token, or one offered to this signed-in account."""
    found = None
    if token:
        found = session.exec(select(SurveyInvitation).where(SurveyInvitation.token_hash == _hash(token))).first()
    elif invitation_id is not None and account_id is not None:
        found = session.get(SurveyInvitation, invitation_id)
        found = found if found is not None and found.account_id == account_id else None
    if found is None:
        raise SurveyError(ERR_GONE)
    return found


def answer(session: Session, invitation: SurveyInvitation, answers: Sequence[Optional[int]],
           now: dt.datetime | None = None, profile: Optional[dict] = None) -> None:
    """Store the anonymous answers (and the optional respondent profile) and forget the invitation. Commits."""
    ikm.check_answers(answers)
    profile = ikm.check_profile(profile)
    if all(value is None for value in answers):
        raise SurveyError(m("error.survey_empty"))
    application = session.get(Application, invitation.application_id)
    person = session.get(Person, application.person_id)
    today = (now or utcnow()).astimezone(WIB).date()
    session.add(SurveyResponse(
        service_code=application.service_code, channel=application.channel,
        age_group=age.age_group(person.birth_date if person else None, today),
        month=today.strftime("%Y-%m"), **{f"u{i + 1}": value for i, value in enumerate(answers)}, **profile))
    session.delete(invitation)
    session.commit()
