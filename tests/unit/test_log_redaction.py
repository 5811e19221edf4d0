"""Issue 13, finding 11: personal data never reaches the logs, whichever path logs it."""

import io
import logging
import sys

import pytest

from paduko_app import log_redaction
from tests.run_async import run_async

NIK, KK, PHONE, CODE, PIN = "1374015203580001", "1374010101080009", "081200000001", "493817", "205716"
SECRETS = [NIK, KK, PHONE, CODE, PIN, "0812", "1374 0152 0358 0001"[:9], "62 812-0000-0001", "493 817"]
VALUES = {"nik": NIK, "kk": "1374 0101 0108 0009", "phone": "+62 812-0000-0001", "code": "493 817", "pin": PIN}


@pytest.fixture
def captured():
    """Install the redaction, and capture both a plain handler and the process's stdout/stderr."""
    out, err, log = io.StringIO(), io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    log_redaction.install()
    try:
        yield lambda: log.getvalue() + out.getvalue() + err.getvalue()
    finally:
        log_redaction.uninstall()
        root.removeHandler(handler)
        sys.stdout, sys.stderr = real


def _assert_clean(text: str) -> None:
    assert text.strip()
    for secret in SECRETS:
        assert secret not in text, (secret, text)


def test_reflex_logging_an_event_for_an_unknown_handler(captured):
    """The incident: Reflex's event processor logs the whole event, payload included."""
    import asyncio

    from reflex.istate.manager.memory import StateManagerMemory
    from reflex_base.event import Event
    from reflex_base.event.processor.event_processor import EventProcessor

    async def send_unknown_event():
        processor = EventProcessor().configure(state_manager=StateManagerMemory())
        await processor.start()
        await processor.enqueue("client-token", Event(name="state.no_such_state.no_such_handler",
                                                       router_data={}, payload={"form": VALUES}))
        await asyncio.sleep(0.3)
        await processor.stop()

    run_async(send_unknown_event())
    text = captured()
    assert "no_such_handler" in text and "[nik]" in text and "[phone]" in text and "[code]" in text
    _assert_clean(text)


def test_arguments_exception_messages_tracebacks_and_direct_prints(captured):
    logger = logging.getLogger("paduko_app.anything")
    logger.warning("sign-in for %s with %s", NIK, PHONE)
    logger.info("%(nik)s %(pin)s", {"nik": NIK, "pin": PIN})
    try:
        raise ValueError(f"bad form {VALUES}")
    except ValueError:
        logger.error("failed", exc_info=True)
    logger.error("stack", stack_info=True, extra={"x": NIK})
    print(f"print {VALUES}")
    from reflex_base.utils import console

    console._print_stderr(f"rich {VALUES}")  # Reflex's legacy console helpers print directly
    logging.getLogger("uvicorn.error").error("Exception in ASGI application %r", VALUES)
    _assert_clean(captured())


def test_ordinary_numbers_stay_readable():
    text = "2026-11-29 14:13:05 port 3000 took 12.5 ms, 3 rows, application PP-7KD-Q3M, txid=5d3984ff3bef"
    assert log_redaction.redact(text) == text
