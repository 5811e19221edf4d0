"""Who is calling, resolved once per event or request from the session token.

Every Reflex handler (through `state.auth.guarded`) and every HTTP route asks this one
function, so the rules for an unknown, expired, revoked or deactivated session live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from paduko_app import authz
from paduko_app.db.models import Account, KioskSession, SessionToken
from paduko_app.services import auth, kiosk


@dataclass(frozen=True)
class Caller:
    """The account (detached from its database session), the device's session row, and for an
    operator the kiosk session open on this device."""

    account: Account | None = None
    token_id: int | None = None
    kiosk: KioskSession | None = None

    @property
    def signed_in(self) -> bool:
        return self.account is not None

    @property
    def account_id(self) -> int | None:
        return self.account.id if self.account else None

    @property
    def role(self) -> str:
        return self.account.role if self.account else ""

    @property
    def principal(self) -> authz.Principal:
        if self.account is None:
            return authz.ANONYMOUS
        return authz.Principal(self.account.id, self.account.role, self.account.kelurahan_code)

    def may(self, access: str, *, demo_mode: bool = False) -> bool:
        return authz.may(self.principal, access, demo_mode=demo_mode)


ANONYMOUS = Caller()


def resolve(session: Session, token: str | None) -> Caller:
    """One query for the session and its account; one more only for an operator's kiosk."""
    if not token or len(token) > 200:
        return ANONYMOUS
    row = session.exec(select(SessionToken, Account).where(
        SessionToken.token_hash == auth.token_hash(token), SessionToken.account_id == Account.id)).first()
    if row is None:
        return ANONYMOUS
    token_row, account = row
    if not auth.session_is_live(token_row) or not account.active:
        return ANONYMOUS
    live = kiosk.active_for_device(session, token_row.id) if account.role == "operator" else None
    return Caller(account, token_row.id, live)
