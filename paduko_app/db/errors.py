"""Which database failures are the service's momentary trouble, not the person's mistake.

A write lock held too long, a full disk or a lost server connection is answered with a
translated "try again shortly" that keeps what the person typed, never a bare error page.
"""

from __future__ import annotations

import errno

from sqlalchemy import exc as sa_exc

from paduko_app.domain.messages import m

BUSY = m("error.service.busy")  # locked, timed out, connection lost: try again in a moment
FULL = m("error.service.full")  # no space left: the office must act, the person's input is kept

_FULL_SIGNS = ("database or disk is full", "disk full", "no space left", "could not extend file")
_BUSY_SIGNS = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock",
               "canceling statement due to statement timeout", "server closed the connection",
               "connection refused", "too many clients", "deadlock detected", "disk i/o error")


def trouble_message(error: BaseException) -> str | None:
    """The message id for a database or storage failure the person cannot fix, or None."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free
        return BUSY
    if not isinstance(error, (sa_exc.OperationalError, sa_exc.InternalError)):
        return None
    text = str(getattr(error, "orig", error)).lower()
    if any(sign in text for sign in _FULL_SIGNS):
        return FULL
    if any(sign in text for sign in _BUSY_SIGNS) or isinstance(error, sa_exc.OperationalError):
        return BUSY
    return None
