"""Staff accounts, managed by an admin: create, reset (new temporary password, unlock), deactivate."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from sqlmodel import Session, select

from paduko_app.db.models import Account, SessionToken, utcnow
from paduko_app.domain.messages import FormErrors, m
from paduko_app.domain.regions import kelurahan_by_code
from paduko_app.services import audit

ROLES = ("verifikator", "operator", "admin", "kepala")
ERR_USERNAME = m("error.staff_admin.username")
ERR_USERNAME_TAKEN = m("error.staff_admin.username_taken")
ERR_NAME = m("error.staff_admin.name")
ERR_ROLE = m("error.staff_admin.role")
ERR_KELURAHAN = m("error.staff_admin.kelurahan")
ERR_NOT_FOUND = m("error.staff_admin.not_found")
ERR_SELF = m("error.staff_admin.self")
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,31}")


class StaffError(FormErrors):
    pass


def temporary_password() -> str:
    """Readable aloud or on paper: four groups of four letters and digits without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def create(session: Session, *, admin: Account, username: str, display_name: str, role: str,
           kelurahan_code: str = "") -> tuple[Account, str]:
    """A new staff account and its temporary password (shown once to the admin)."""
    username = (username or "").strip().lower()
    errors: dict[str, str] = {}
    if not _USERNAME.fullmatch(username):
        errors["username"] = ERR_USERNAME
    elif session.exec(select(Account).where(Account.username == username)).first() is not None:
        errors["username"] = ERR_USERNAME_TAKEN
    name = " ".join((display_name or "").split())
    if not 2 <= len(name) <= 120:
        errors["display_name"] = ERR_NAME
    if role not in ROLES:
        errors["role"] = ERR_ROLE
    if role == "operator" and kelurahan_by_code(kelurahan_code or "") is None:
        errors["kelurahan"] = ERR_KELURAHAN
    if errors:
        raise StaffError(errors)
    password = temporary_password()
    account = Account(role=role, username=username, display_name=name,
                      password_hash=PasswordHasher().hash(password),
                      kelurahan_code=kelurahan_code if role == "operator" else None)
    session.add(account)
    session.flush()
    audit.record(session, "account.create", actor_account_id=admin.id, target_type="account",
                 target_id=account.id, detail={"role": role, "kelurahan": account.kelurahan_code})
    session.commit()
    return account, password


def _staff(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.role not in ROLES:
        raise StaffError({"form": ERR_NOT_FOUND})
    return account


def reset(session: Session, *, admin: Account, account_id: int) -> str:
    """New temporary password, unlocked, second factor removed, every session ended."""
    account = _staff(session, account_id)
    password = temporary_password()
    account.password_hash = PasswordHasher().hash(password)
    account.failed_sign_ins, account.locked_until, account.totp_secret, account.active = 0, None, None, True
    session.add(account)
    _end_sessions(session, account.id)
    audit.record(session, "account.reset", actor_account_id=admin.id, target_type="account", target_id=account.id)
    session.commit()
    return password


def deactivate(session: Session, *, admin: Account, account_id: int) -> None:
    if account_id == admin.id:
        raise StaffError({"form": ERR_SELF})
    account = _staff(session, account_id)
    account.active = False
    session.add(account)
    _end_sessions(session, account.id)
    audit.record(session, "account.deactivate", actor_account_id=admin.id, target_type="account",
                 target_id=account.id)
    session.commit()


def _end_sessions(session: Session, account_id: int) -> None:
    now = utcnow()
    for row in session.exec(select(SessionToken).where(SessionToken.account_id == account_id,
                                                       SessionToken.revoked_at.is_(None))).all():
        row.revoked_at = now
        session.add(row)


ERR_TOTP = m("error.staff.totp")


def enable_totp(session: Session, *, account: Account, secret: str, code: str) -> None:
    """Turn on the second factor once the person proves their app shows the right code."""
    from paduko_app.domain import totp

    if account.role not in ROLES or not totp.verify(secret, code):
        raise StaffError({"totp_code": ERR_TOTP})
    stored = session.get(Account, account.id)
    stored.totp_secret = secret
    session.add(stored)
    audit.record(session, "account.totp_enabled", actor_account_id=account.id, target_type="account",
                 target_id=account.id)
    session.commit()


def list_staff(session: Session) -> list[Account]:
    return list(session.exec(select(Account).where(Account.role.in_(ROLES)).order_by(Account.username)).all())
