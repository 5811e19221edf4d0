"""A browser is named in the workers' log by a short hash of its token: stable, different per
token, never the token itself, and left whole by the log redaction (which masks digit runs)."""

from __future__ import annotations

import logging

from paduko_app.log_redaction import redact
from paduko_app.trace import LOGGERS, install_worker_logging, ref

TOKEN = "5f0c7d1e-1234-4567-8901-123456789012"


def test_a_token_is_named_by_a_stable_letters_only_hash():
    name = ref(TOKEN)
    assert name == ref(TOKEN) and name != ref(TOKEN + "x")
    assert name.isalpha() and TOKEN not in name
    assert redact(f"browser {name}: linked") == f"browser {name}: linked"


def test_no_token_is_a_dash():
    assert ref(None) == ref("") == "-"


def test_worker_logging_is_installed_once_at_the_level_asked():
    try:
        install_worker_logging("debug")
        install_worker_logging("debug")
        for name in LOGGERS:
            logger = logging.getLogger(name)
            assert logger.level == logging.DEBUG and len(logger.handlers) == 1
        install_worker_logging("no-such-level")
        assert logging.getLogger("paduko").level == logging.INFO
    finally:
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.handlers.clear()
            logger.setLevel(logging.NOTSET)
            logger.propagate = True
