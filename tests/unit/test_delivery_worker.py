"""Messages are delivered by the worker, off the event loop, with retries; failures are kept."""

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import OutboxMessage, utcnow
from paduko_app.notify import outbox
from paduko_app.notify.adapters import DeliveryError
from paduko_app.notify.worker import DeliveryWorker

ROOT = Path(__file__).resolve().parents[2]


class _Down:
    name = "http"

    def deliver(self, message):
        raise DeliveryError("gateway answered 503")


class _Recording:
    name = "http"

    def __init__(self):
        self.sent = []
        self.arrived = threading.Event()

    def deliver(self, message):
        self.sent.append(message)
        self.arrived.set()


def _enqueue(engine, recipient="081200000001"):
    with unit_of_work(engine) as session:
        outbox.enqueue(session, recipient=recipient, message_id="notify.in_review", params={"number": "PP-X4T-MDP"},
                       lang="min")
        session.commit()


@pytest.mark.db
def test_a_failing_gateway_is_retried_with_backoff_then_the_message_is_marked_failed(engine):
    _enqueue(engine)
    now = utcnow()
    with unit_of_work(engine) as session:
        for attempt in range(outbox.MAX_ATTEMPTS):
            assert outbox.deliver_pending(session, _Down(), now=now) == 0
            message = session.exec(select(OutboxMessage)).one()
            assert message.attempts == attempt + 1 and message.last_error == "gateway answered 503"
            assert outbox.deliver_pending(session, _Down(), now=now) == 0  # not again before its time
            assert session.exec(select(OutboxMessage)).one().attempts == attempt + 1
            if attempt < len(outbox.BACKOFF):
                now = now + outbox.BACKOFF[attempt] + dt.timedelta(seconds=1)
        session.commit()
        assert message.status == "failed"
        assert [m.id for m in outbox.failed(session)] == [message.id]
        assert outbox.retry(session, message.id)  # the admin's "Kirim ulang"
        session.commit()
    recorder = _Recording()
    with unit_of_work(engine) as session:
        assert outbox.deliver_pending(session, recorder) == 1
        session.commit()
    assert recorder.sent[0].recipient == "081200000001"


@pytest.mark.db
def test_the_worker_thread_sends_what_a_handler_queued(engine):
    recorder = _Recording()
    worker = DeliveryWorker(adapter=recorder, engine=engine, poll_s=30)
    worker.start()
    try:
        _enqueue(engine)
        worker.wake()  # what a handler does: it returns at once
        assert recorder.arrived.wait(10), "the worker did not deliver"
    finally:
        worker.stop()
    assert "PP-X4T-MDP" in recorder.sent[0].text
    with unit_of_work(engine) as session:
        assert session.exec(select(OutboxMessage)).one().status == "sent"


def test_no_event_handler_or_route_calls_a_delivery_adapter():
    """Handlers and routes only enqueue and wake the worker: a gateway never blocks the event loop."""
    forbidden = re.compile(r"adapters\.|deliver_pending|\.deliver\(|from_environment|smtplib|urlopen")
    places = list((ROOT / "state").glob("*.py")) + list((ROOT / "paduko_app" / "pages").glob("*.py")) + \
        list((ROOT / "paduko_app" / "api").glob("*.py")) + list((ROOT / "components").glob("*.py"))
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in places
                 for n, line in enumerate(path.read_text().splitlines(), 1) if forbidden.search(line)]
    assert offenders == []
