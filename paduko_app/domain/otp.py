"""One-time sign-in codes: the rules for sending and checking them.

No password to remember (WCAG 3.3.8) and never the mother's maiden name, the old PADUKO's
guessable password. A code is 6 digits, valid 10 minutes, 5 tries; a new one no sooner than
60 seconds after the last; at most `daily_cap` a day per number and per NIK.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Iterable

from .messages import m

ERR_WAIT = m("error.otp.wait")
ERR_DAILY_CAP = m("error.otp.daily_cap")
ERR_NONE = m("error.otp.none")
ERR_EXPIRED = m("error.otp.expired")
ERR_TOO_MANY = m("error.otp.too_many")
ERR_WRONG = m("error.otp.wrong")
ERR_FORMAT = m("error.otp.format")


@dataclass(frozen=True)
class OtpPolicy:
    length: int = 6
    valid_for: dt.timedelta = dt.timedelta(minutes=10)
    max_attempts: int = 5
    resend_after: dt.timedelta = dt.timedelta(seconds=60)
    daily_cap: int = 10


POLICY = OtpPolicy()


def new_code(policy: OtpPolicy = POLICY) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(policy.length))


def clean_code(raw: str, policy: OtpPolicy = POLICY) -> str | None:
    """The digits of a typed or pasted code ("123 456", "123-456"), or None."""
    digits = "".join(ch for ch in (raw or "") if ch in "0123456789")
    other = "".join(ch for ch in (raw or "") if ch not in "0123456789 -\t\n")
    return digits if len(digits) == policy.length and not other else None


def hash_code(code: str, secret: str, subject: str) -> str:
    return hmac.new(secret.encode(), f"{subject}:{code}".encode(), hashlib.sha256).hexdigest()


def send_refusal(sent_at: Iterable[dt.datetime], now: dt.datetime, policy: OtpPolicy = POLICY, *,
                 last_unused_at: dt.datetime | None = None) -> str | None:
    """Why no new code may be sent now, or None.

    `sent_at`: when earlier codes went to this number or NIK (the daily cap counts them all).
    `last_unused_at`: when the latest code still waiting to be used was sent; a new one comes
    no sooner than a minute after it. A code already used does not make the person wait.
    """
    times = sorted(sent_at)
    if last_unused_at is not None and now - last_unused_at < policy.resend_after:
        return ERR_WAIT
    if sum(1 for t in times if now - t < dt.timedelta(days=1)) >= policy.daily_cap:
        return ERR_DAILY_CAP
    return None


def check_refusal(*, expires_at: dt.datetime, attempts: int, used: bool, now: dt.datetime,
                  policy: OtpPolicy = POLICY) -> str | None:
    """Why a stored code can no longer be tried, or None."""
    if used:
        return ERR_NONE
    if attempts >= policy.max_attempts:
        return ERR_TOO_MANY
    if now >= expires_at:
        return ERR_EXPIRED
    return None
