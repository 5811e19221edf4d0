"""Time-based one-time passwords (RFC 6238, SHA-1, 30 s, 6 digits) for staff second factor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _code_at(secret: str, counter: int, digits: int = 6) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** digits:0{digits}d}"


def code_now(secret: str, at: float | None = None, step: int = 30) -> str:
    return _code_at(secret, int((time.time() if at is None else at) // step))


def verify(secret: str, code: str, at: float | None = None, step: int = 30, window: int = 1) -> bool:
    """Accept the current code and its neighbours (clock drift of a phone)."""
    clean = "".join(ch for ch in (code or "") if ch in "0123456789")
    if len(clean) != 6:
        return False
    counter = int((time.time() if at is None else at) // step)
    return any(hmac.compare_digest(_code_at(secret, counter + d), clean) for d in range(-window, window + 1))


def provisioning_uri(secret: str, username: str) -> str:
    return f"otpauth://totp/PADUKO:{username}?secret={secret}&issuer=PADUKO"
