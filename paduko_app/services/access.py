"""Who may see which application: the one rule used by pages, handlers and HTTP routes.

- A resident sees applications they made, while they may still act for the person (a refused
  or withdrawn care link stops it), and, only once the office has verified their identity,
  those made for them by others (a caregiver, a kiosk, the counter). A typed NIK opens nothing.
- An operator sees a kiosk application only during the kiosk session that made it, on the
  device that made it: once "warga berikutnya" or the timeout ends it, nothing remains visible.
- A verifikator sees every application that has been submitted (not drafts).
- An admin manages staff and settings, not residents' data.
"""

from __future__ import annotations

from sqlmodel import Session

from paduko_app.authz import Principal
from paduko_app.db.models import Account, Application
from paduko_app.domain.lifecycle import Status
from paduko_app.services import kiosk, people, wizard


def may_see_application(session: Session, principal: Principal, application: Application | None, *,
                        session_token_id: int | None = None) -> bool:
    if application is None or not principal.signed_in:
        return False
    if principal.role == "resident":
        verified = people.verified_person_of(session, session.get(Account, principal.account_id))
        if verified is not None and application.person_id == verified.id:
            return True
        return application.applicant_account_id == principal.account_id and wizard.may_continue(session, application)
    if principal.role == "verifikator":
        return application.status != Status.DRAFT.value
    if principal.role == "operator":
        if application.channel != "kiosk" or session_token_id is None:
            return False
        active = kiosk.active_for_device(session, session_token_id)
        return (active is not None and application.kiosk_session_id == active.id
                and application.operator_account_id == principal.account_id)
    return False
