"""Who may see which application: the one rule used by pages, handlers and HTTP routes.

- A resident sees applications they made, and those made for them (by a caregiver or kiosk).
- An operator sees a kiosk application only during the kiosk session that made it, on the
  device that made it: once "warga berikutnya" or the timeout ends it, nothing remains visible.
- A verifikator sees every application that has been submitted (not drafts).
- An admin manages staff and settings, not residents' data.
"""

from __future__ import annotations

from sqlmodel import Session

from paduko_app.authz import Principal
from paduko_app.db.models import Application, Person
from paduko_app.domain.lifecycle import Status
from paduko_app.services import kiosk


def may_see_application(session: Session, principal: Principal, application: Application | None, *,
                        session_token_id: int | None = None) -> bool:
    if application is None or not principal.signed_in:
        return False
    if principal.role == "resident":
        if application.applicant_account_id == principal.account_id:
            return True
        person = session.get(Person, application.person_id)
        return person is not None and person.account_id == principal.account_id
    if principal.role == "verifikator":
        return application.status != Status.DRAFT.value
    if principal.role == "operator":
        if application.channel != "kiosk" or session_token_id is None:
            return False
        active = kiosk.active_for_device(session, session_token_id)
        return (active is not None and application.kiosk_session_id == active.id
                and application.operator_account_id == principal.account_id)
    return False
