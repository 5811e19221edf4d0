"""Signing in and out: residents with a one-time code, staff with password (+ TOTP).

Session tokens are random, kept by the browser in a cookie, stored here only as a SHA-256,
with an expiry, revocable one by one or all at once ("keluar dari semua perangkat").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import or_
from sqlmodel import Session, select

from paduko_app.db.models import Account, OneTimeCode, SessionToken, utcnow
from paduko_app.domain import identity, otp, totp
from paduko_app.domain.fields import AnswerError, normalise_phone
from paduko_app.domain.messages import m
from paduko_app.notify import outbox
from paduko_app.services import audit, limits

STAFF_ROLES = ("operator", "verifikator", "admin", "kepala")
STAFF_SESSION = dt.timedelta(hours=12)
MAX_STAFF_FAILURES = 5
STAFF_LOCKOUT = dt.timedelta(minutes=15)
DECOY = "decoy"  # purpose of a stored code that was never sent (see request_code)

ERR_NOT_REGISTERED = m("error.signin.not_registered")
# Neutral on purpose: says nothing about whose NIK it is, only where to get help.
ERR_SIGNUP_REFUSED = m("error.signup.refused")
ERR_NAME = m("error.signup.name")
ERR_STAFF_CREDENTIALS = m("error.staff.credentials")
ERR_STAFF_LOCKED = m("error.staff.locked")
ERR_STAFF_TOTP = m("error.staff.totp")

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")  # equal work for unknown usernames


class AuthError(Exception):
    """A refusal; `errors` maps each form field at fault to its message id (all at once)."""

    def __init__(self, message_id: str, field: str = "", errors: dict[str, str] | None = None):
        super().__init__(message_id)
        self.message_id = message_id
        self.field = field
        self.errors = errors or {field or "form": message_id}


@dataclass(frozen=True)
class CodeSent:
    nik: str
    phone: str
    masked_phone: str
    purpose: str


@dataclass(frozen=True)
class SignedIn:
    token: str
    account_id: int
    role: str
    first_time: bool


def mask_phone(phone: str) -> str:
    return phone[:4] + "•" * max(len(phone) - 7, 0) + phone[-3:]


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 120 or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise AuthError(ERR_NAME, "name")
    return name


def _clean_identity(nik: str, phone: str, name: str | None = None) -> tuple[str, str, str]:
    """Clean NIK, phone (and name for sign-up), reporting every wrong field at once."""
    errors: dict[str, str] = {}
    clean_nik = clean_phone = clean_name = ""
    if name is not None:
        try:
            clean_name = _clean_name(name)
        except AuthError as exc:
            errors["name"] = exc.message_id
    try:
        clean_nik = identity.validate_nik(nik)
    except identity.IdentityError as exc:
        errors["nik"] = exc.message_id
    try:
        clean_phone = normalise_phone(phone)
    except AnswerError as exc:
        errors["phone"] = exc.message_id
    if errors:
        field, message_id = next(iter(errors.items()))
        raise AuthError(message_id, field, errors)
    return clean_nik, clean_phone, clean_name


def request_code(session: Session, *, nik: str, phone: str, purpose: str, lang: str, secret: str,
                 name: str = "", now: dt.datetime | None = None, client: str = "", ip: str = "",
                 per_ip: int = limits.CODES_PER_IP_DEFAULT,
                 global_per_hour: int = limits.CODES_GLOBAL_DEFAULT) -> CodeSent:
    """Check who asks, apply the sending limits, store the code's hash and queue the message.

    The answer is the same whether or not the NIK is registered (a NIK is no credential, and
    PADUKO must not tell who uses it): a code goes only to the phone on file for a sign-in, and a
    sign-up for a NIK that has an account sends no code (at most a notice to the phone on file).
    Those cases store a decoy that no typed code matches, so checking behaves alike too.
    `client` and `ip` are the browser's Reflex token and address, for the per-device limits.

    Commits: the code, the message and the counters must exist even if the page is closed.
    """
    now = now or utcnow()
    clean_nik, clean_phone, name = _clean_identity(nik, phone, name if purpose == "sign_up" else None)
    _take_sending_limits(session, client=client, ip=ip, per_ip=per_ip, global_per_hour=global_per_hour,
                         secret=secret, now=now)
    # Several accounts may carry one NIK (anyone can type it); the phone tells them apart.
    account = _account_for(session, clean_nik, clean_phone)
    if purpose == "sign_in":
        genuine = account is not None and account.active
    else:
        # A NIK the office verified for another account is refused only once the code has proved
        # the phone (verify_code): asking for a code tells nobody whether a NIK is in use.
        genuine = account is None
    since = now - dt.timedelta(days=1)
    earlier = session.exec(select(OneTimeCode).where(
        OneTimeCode.created_at > since,
        or_(OneTimeCode.phone == clean_phone, OneTimeCode.nik == clean_nik))).all()
    unused = [c.created_at for c in earlier if c.used_at is None]
    if refusal := otp.send_refusal([c.created_at for c in earlier], now,
                                   last_unused_at=max(unused) if unused else None):
        session.commit()  # keep the counters
        raise AuthError(refusal, "nik")
    code = otp.new_code() if genuine else secrets.token_urlsafe(24)  # a decoy: never sent, never typed
    session.add(OneTimeCode(nik=clean_nik, phone=clean_phone, purpose=purpose if genuine else DECOY,
                            code_hash=otp.hash_code(code, secret, clean_nik), created_at=now,
                            expires_at=now + otp.POLICY.valid_for,
                            pending_name=name if purpose == "sign_up" and genuine else None))
    if genuine:
        outbox.enqueue(session, recipient=clean_phone, message_id=m("notify.otp"), params={"code": code}, lang=lang)
    elif purpose == "sign_up" and account.active and account.phone:
        _notice_signup_attempt(session, account, lang=lang, secret=secret, now=now)
    session.commit()
    return CodeSent(clean_nik, clean_phone, mask_phone(clean_phone), purpose)


def _take_sending_limits(session: Session, *, client: str, ip: str, per_ip: int, global_per_hour: int,
                         secret: str, now: dt.datetime) -> None:
    """Per device, per address, then everyone together (SMS pumping costs the office money)."""
    try:
        if client:
            limits.take(session, limits.CODES_PER_CLIENT, client, secret=secret, now=now)
        if ip:
            limits.take(session, limits.codes_per_ip(per_ip), ip, secret=secret, now=now)
        limits.take_global(session, limits.codes_global(global_per_hour), secret=secret, now=now)
    except limits.LimitReached as exc:
        session.commit()  # the counters and the admins' alarm stay
        raise AuthError(exc.message_id, "nik") from exc


def _notice_signup_attempt(session: Session, account: Account, *, lang: str, secret: str,
                           now: dt.datetime) -> None:
    """Tell the phone on file, at most once a day, that someone tried to sign up with its NIK.

    The real owner who forgot they have an account learns to sign in instead of waiting for a
    code; a stranger learns nothing, and cannot make PADUKO send more than one such message a day.
    """
    try:
        limits.take(session, limits.SIGNUP_NOTICE_PER_NIK, account.nik, secret=secret, now=now)
    except limits.LimitReached:
        return
    outbox.enqueue(session, recipient=account.phone, message_id=m("security.notice.signup_exists"),
                   params={}, lang=lang)


def verify_code(session: Session, *, nik: str, phone: str, code: str, secret: str, session_days: int,
                now: dt.datetime | None = None) -> SignedIn:
    """Check the latest code for this NIK and phone; on success sign in (and sign up)."""
    now = now or utcnow()
    clean_nik, clean_phone, _ = _clean_identity(nik, phone)
    clean = otp.clean_code(code)
    if clean is None:
        raise AuthError(otp.ERR_FORMAT, "code")
    stored = session.exec(select(OneTimeCode).where(
        OneTimeCode.nik == clean_nik, OneTimeCode.phone == clean_phone)
        .order_by(OneTimeCode.id.desc())).first()
    if stored is None:
        raise AuthError(otp.ERR_NONE, "code")
    if refusal := otp.check_refusal(expires_at=stored.expires_at, attempts=stored.attempts,
                                    used=stored.used_at is not None, now=now):
        raise AuthError(refusal, "code")
    if stored.purpose == DECOY or not secrets.compare_digest(otp.hash_code(clean, secret, clean_nik),
                                                              stored.code_hash):
        stored.attempts += 1
        session.add(stored)
        session.commit()  # count the try even though we refuse
        left = otp.POLICY.max_attempts - stored.attempts
        raise AuthError(otp.ERR_WRONG if left else otp.ERR_TOO_MANY, "code")
    stored.used_at = now
    session.add(stored)
    account = _account_for(session, clean_nik, clean_phone)
    first_time = account is None
    if account is None:
        if stored.purpose != "sign_up":
            raise AuthError(ERR_NOT_REGISTERED)
        if _nik_taken(session, clean_nik):  # verified by the office since the code was sent
            session.commit()
            raise AuthError(ERR_SIGNUP_REFUSED, "nik")
        account = _register_resident(session, clean_nik, clean_phone, stored.pending_name or "")
    token = _new_session(session, account.id, dt.timedelta(days=session_days), now)
    audit.record(session, "auth.sign_in", actor_account_id=account.id, target_type="account",
                 target_id=account.id, detail={"method": "otp"})
    session.commit()
    return SignedIn(token, account.id, account.role, first_time)


def _account_for(session: Session, nik: str, phone: str) -> Account | None:
    return session.exec(select(Account).where(Account.nik == nik, Account.phone == phone)
                        .order_by(Account.id)).first()


def _nik_taken(session: Session, nik: str) -> bool:
    """A NIK whose account the office has verified takes no second account."""
    return session.exec(select(Account.id).where(Account.nik == nik, Account.identity_verified_at.is_not(None),
                                                 Account.active.is_(True))).first() is not None


def _register_resident(session: Session, nik: str, phone: str, name: str) -> Account:
    # Not linked to the person with this NIK: records others made for them (a caregiver, a
    # kiosk) open only once the office has verified the account (services/verification.py).
    account = Account(role="resident", nik=nik, phone=phone, display_name=name)
    session.add(account)
    session.flush()
    audit.record(session, "account.create", actor_account_id=account.id, target_type="account",
                 target_id=account.id, detail={"role": "resident", "via": "sign_up"})
    return account


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_session(session: Session, account_id: int, lifetime: dt.timedelta, now: dt.datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(SessionToken(account_id=account_id, token_hash=_token_hash(token), created_at=now,
                             expires_at=now + lifetime))
    return token


HANDOFF_LIFETIME = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Claimed:
    token: str
    expires_at: dt.datetime


def start_handoff(session: Session, token: str, now: dt.datetime | None = None) -> str:
    """A one-use code, valid a minute, that the browser swaps for `token` at an HTTP route.

    Sign-in happens over Reflex's websocket, where the server cannot set an HttpOnly cookie;
    the browser posts this code to /api/sesi, which sets the cookie (page scripts never see the
    token). Commits.
    """
    now = now or utcnow()
    row = session.exec(select(SessionToken).where(SessionToken.token_hash == _token_hash(token))).one()
    handoff = secrets.token_urlsafe(32)
    row.handoff_hash, row.handoff_expires_at = _token_hash(handoff), now + HANDOFF_LIFETIME
    session.add(row)
    session.commit()
    return handoff


def claim_handoff(session: Session, handoff: str, now: dt.datetime | None = None) -> Claimed | None:
    """Swap a hand-off code for a fresh session token (once), or None. Commits.

    The token minted at sign-in is replaced: the only copy of the live token is the cookie.
    """
    if not handoff or len(handoff) > 200:
        return None
    now = now or utcnow()
    row = session.exec(select(SessionToken).where(SessionToken.handoff_hash == _token_hash(handoff))).first()
    if row is None:
        return None
    live = row.revoked_at is None and row.expires_at > now and row.handoff_expires_at > now
    row.handoff_hash, row.handoff_expires_at = None, None
    token = secrets.token_urlsafe(32)
    if live:
        row.token_hash = _token_hash(token)
    session.add(row)
    session.commit()
    return Claimed(token, row.expires_at) if live else None


def resolve_session(session: Session, token: str | None, now: dt.datetime | None = None) -> SessionToken | None:
    """The live session row for a browser's token, or None (unknown, expired, revoked, tampered)."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.exec(select(SessionToken).where(SessionToken.token_hash == _token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row


def token_hash(token: str) -> str:
    return _token_hash(token)


def session_is_live(row: SessionToken, now: dt.datetime | None = None) -> bool:
    return row.revoked_at is None and row.expires_at > (now or utcnow())


def resolve(session: Session, token: str | None, now: dt.datetime | None = None) -> Account | None:
    """The signed-in account for a browser's token, or None."""
    row = resolve_session(session, token, now)
    if row is None:
        return None
    account = session.get(Account, row.account_id)
    return account if account is not None and account.active else None


def sign_out(session: Session, token: str) -> None:
    row = session.exec(select(SessionToken).where(SessionToken.token_hash == _token_hash(token or ""))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        audit.record(session, "auth.sign_out", actor_account_id=row.account_id)
        session.commit()


def sign_out_everywhere(session: Session, account_id: int) -> int:
    now = utcnow()
    rows = session.exec(select(SessionToken).where(SessionToken.account_id == account_id,
                                                   SessionToken.revoked_at.is_(None))).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    audit.record(session, "auth.sign_out_everywhere", actor_account_id=account_id, detail={"sessions": len(rows)})
    session.commit()
    return len(rows)


def _count_staff_failure(session: Session, account: Account, now: dt.datetime, reason: str,
                         message_id: str, field: str = "") -> None:
    """Count a wrong password or authenticator code; the fifth in a row locks the account."""
    account.failed_sign_ins += 1
    if account.failed_sign_ins >= MAX_STAFF_FAILURES:
        account.locked_until = now + STAFF_LOCKOUT
        account.failed_sign_ins = 0
    session.add(account)
    audit.record(session, "auth.staff_failed", actor_account_id=account.id, target_type="account",
                 target_id=account.id, detail={"reason": reason})
    session.commit()
    if account.locked_until is not None and account.locked_until > now:
        raise AuthError(ERR_STAFF_LOCKED)
    raise AuthError(message_id, field)


def staff_sign_in(session: Session, *, username: str, password: str, totp_code: str = "",
                  now: dt.datetime | None = None) -> SignedIn:
    now = now or utcnow()
    account = session.exec(select(Account).where(Account.username == username.strip().lower())).first()
    if account is None or account.role not in STAFF_ROLES or not account.active:
        try:
            _hasher.verify(_DUMMY_HASH, password or "x")
        except VerifyMismatchError:
            pass
        audit.record(session, "auth.staff_failed", actor_account_id=None, detail={"reason": "unknown"})
        session.commit()
        raise AuthError(ERR_STAFF_CREDENTIALS)
    if account.locked_until is not None and account.locked_until > now:
        raise AuthError(ERR_STAFF_LOCKED)
    try:
        _hasher.verify(account.password_hash or "", password or "")
    except (VerifyMismatchError, InvalidHashError):
        _count_staff_failure(session, account, now, "password", ERR_STAFF_CREDENTIALS)
    if account.totp_secret and not totp.verify(account.totp_secret, totp_code, at=now.timestamp()):
        # The same counter as passwords: otherwise whoever has the password may try every code.
        _count_staff_failure(session, account, now, "totp", ERR_STAFF_TOTP, "totp")
    account.failed_sign_ins = 0
    account.locked_until = None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    session.add(account)
    token = _new_session(session, account.id, STAFF_SESSION, now)
    audit.record(session, "auth.sign_in", actor_account_id=account.id, target_type="account",
                 target_id=account.id, detail={"method": "password" + ("+totp" if account.totp_secret else "")})
    session.commit()
    return SignedIn(token, account.id, account.role, False)
