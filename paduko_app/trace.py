"""What a web worker logs about a browser's connection, lock and wizard steps, and where it goes.

A browser is named by `ref(token)`: a short hash of its Reflex token written with letters only
(the log redaction masks runs of digits, and the token itself opens the browser's state). No NIK,
name or phone number ever goes into these lines; a step key holds only the application's id and
the step's id.

Reflex gives the worker's own loggers (`paduko.*`, `paduko_app.*`, `state.*`) no handler, so
their INFO lines (a dead worker's lock released, a tab taking its session over, a stale answer
re-asked) were lost. `install_worker_logging()` sends them to stderr with the worker's pid, at
`PADUKO_LOG_LEVEL` (INFO by default; DEBUG adds one line per lock and state write).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys

_LETTERS = str.maketrans("0123456789", "ghijklmnop")
LOGGERS = ("paduko", "paduko_app", "state")
_MARK = "_paduko_worker_handler"


def ref(token: str | bytes | None) -> str:
    """A short name for a browser's token that reveals nothing and survives log redaction."""
    if not token:
        return "-"
    raw = token if isinstance(token, bytes) else token.encode()
    return hashlib.sha256(raw).hexdigest()[:10].translate(_LETTERS)


def install_worker_logging(level: str | None = None) -> None:
    """Once per process: this app's loggers print to stderr with the time and the process id."""
    name = (level or os.environ.get("PADUKO_LOG_LEVEL") or "INFO").upper()
    resolved = logging.getLevelName(name)
    if not isinstance(resolved, int):
        resolved = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s pid=%(process)d %(name)s %(levelname)s %(message)s"))
    setattr(handler, _MARK, True)
    for logger_name in LOGGERS:
        logger = logging.getLogger(logger_name)
        logger.setLevel(resolved)
        if not any(getattr(h, _MARK, False) for h in logger.handlers):
            logger.addHandler(handler)
        logger.propagate = False
