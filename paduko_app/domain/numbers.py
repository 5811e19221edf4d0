"""Application numbers and status PINs that people read aloud and type at kiosks.

Numbers use an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B) and are
grouped in threes: "PP-4K7-HXM" (25^6, about 244 million numbers). A number alone opens
nothing: the status page without signing in also needs the PIN.
"""

from __future__ import annotations

import hmac
import hashlib
import secrets

NUMBER_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
PREFIX = "PP"
GROUPS = 2
GROUP_LENGTH = 3
PIN_LENGTH = 6


def new_application_number() -> str:
    groups = ("".join(secrets.choice(NUMBER_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join((PREFIX, *groups))


def normalise_application_number(raw: str) -> str | None:
    """What a person typed (any case, spaces, missing dashes, O for 0 ...) to canonical form."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if text.startswith(PREFIX):
        text = text[len(PREFIX):]
    if len(text) != GROUPS * GROUP_LENGTH or any(ch not in NUMBER_ALPHABET for ch in text):
        return None
    parts = [text[i:i + GROUP_LENGTH] for i in range(0, len(text), GROUP_LENGTH)]
    return "-".join((PREFIX, *parts))


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def hash_pin(pin: str, secret: str, application_number: str) -> str:
    """Keyed hash: a leaked database alone does not give the PINs (a 6-digit space is small)."""
    message = f"{application_number}:{pin}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def pin_matches(pin: str, stored_hash: str, secret: str, application_number: str) -> bool:
    clean = "".join(ch for ch in (pin or "") if ch in "0123456789")
    return hmac.compare_digest(hash_pin(clean, secret, application_number), stored_hash)
