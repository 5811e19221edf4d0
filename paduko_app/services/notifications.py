"""Tell people what changed, in their own language: the applicant and, for an application made
by a caregiver or at a kiosk, the person it is for when they have an account with a phone.

Messages go through the outbox (the delivery worker sends them) and also make the
"Pemberitahuan" list on /akun. They carry the application number and what to do next, never
reasons or other personal data: an SMS can be read by anyone holding the phone.
"""

from __future__ import annotations

from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, OutboxMessage, Person
from paduko_app.domain.lifecycle import Status
from paduko_app.domain.messages import m
from paduko_app.notify import outbox

STATUS_MESSAGES = {
    Status.SUBMITTED: m("notify.submitted"),
    Status.IN_REVIEW: m("notify.in_review"),
    Status.NEEDS_REVISION: m("notify.needs_revision"),
    Status.FINISHED_PRINT: m("notify.finished_print"),
    Status.FINISHED_PICKUP: m("notify.finished_pickup"),
    Status.REJECTED: m("notify.rejected"),
    Status.WITHDRAWN: m("notify.withdrawn"),
}
APPOINTMENT_OFFERED = m("notify.appointment_offered")
APPOINTMENT_CONFIRMED = m("notify.appointment_confirmed")
APPOINTMENT_CHANGE = m("notify.appointment_change")


def recipients(session: Session, application: Application) -> list[Account]:
    """Resident accounts to tell: the applicant and the person's own account, each once."""
    from paduko_app.services import care

    found: list[Account] = []
    applicant = session.get(Account, application.applicant_account_id)
    if application.channel == "caregiver" and not care.is_live(session, application.applicant_account_id,
                                                                application.person_id):
        applicant = None  # a refused or withdrawn caregiver hears nothing more about the person
    person = session.get(Person, application.person_id)
    owner = session.get(Account, person.account_id) if person and person.account_id else None
    for account in (applicant, owner):
        if account is not None and account.role == "resident" and account.phone and account not in found:
            found.append(account)
    return found


def tell(session: Session, application: Application, message_id: str, **params) -> int:
    """Queue one message per recipient, each in their language. Caller commits."""
    told = 0
    for account in recipients(session, application):
        outbox.enqueue(session, recipient=account.phone, message_id=message_id,
                       params={"number": application.number, **params}, lang=account.lang or "id",
                       account_id=account.id, application_id=application.id)
        told += 1
    return told


def status_changed(session: Session, application: Application, status: Status, **params) -> int:
    message_id = STATUS_MESSAGES.get(status)
    return tell(session, application, message_id, **params) if message_id else 0


def for_account(session: Session, account_id: int, limit: int = 10) -> list[OutboxMessage]:
    """The "Pemberitahuan" list: the latest messages about this account's applications."""
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.account_id == account_id)
                             .order_by(OutboxMessage.id.desc()).limit(limit)).all())


def remember_language(session: Session, account_id: int, lang: str) -> None:
    """Messages follow the language the person last used PADUKO in. Commits when it changed."""
    from paduko_app.domain.formatting import LANGUAGES

    account = session.get(Account, account_id)
    if account is not None and lang in LANGUAGES and account.lang != lang:
        account.lang = lang
        session.add(account)
        session.commit()


def send_again(session: Session, message_id: int) -> bool:
    """An admin's "Kirim ulang" of a failed message (after fixing the gateway). Commits."""
    if not outbox.retry(session, message_id):
        return False
    session.commit()
    return True
