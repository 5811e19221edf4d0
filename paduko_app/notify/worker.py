"""The delivery worker: one thread per server process drains the outbox with retries.

Event handlers only put messages in the outbox and `wake()` the worker; they never wait on
SMTP or the SMS gateway, so a gateway that hangs slows nobody's page.
"""

from __future__ import annotations

import contextlib
import logging
import threading

from paduko_app.db.engine import unit_of_work
from paduko_app.notify import adapters, outbox

log = logging.getLogger("paduko.delivery")
IDLE_POLL_S = 30.0  # also picks up messages queued by another process


class DeliveryWorker:
    def __init__(self, adapter: adapters.Adapter | None = None, engine=None, poll_s: float = IDLE_POLL_S):
        self._adapter = adapter
        self._engine = engine
        self._poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def adapter(self) -> adapters.Adapter:
        if self._adapter is None:
            self._adapter = adapters.from_environment()
        return self._adapter

    def run_once(self) -> float:
        """Deliver what is due; returns how long to sleep before looking again."""
        with unit_of_work(self._engine) as session:
            outbox.deliver_pending(session, self.adapter())
            session.commit()
            wait = outbox.next_due_in(session)
        return self._poll_s if wait is None else min(max(wait, 0.2), self._poll_s)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                wait = self.run_once()
            except Exception:  # a broken database must not kill delivery for good
                log.exception("delivery round failed")
                wait = self._poll_s
            self._wake.wait(wait)
            self._wake.clear()

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="paduko-delivery", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Never blocks: the worker thread does the sending."""
        self._wake.set()


WORKER = DeliveryWorker()


def wake() -> None:
    WORKER.wake()


@contextlib.asynccontextmanager
async def lifespan():
    """Registered with the Reflex app: the worker lives as long as the server process."""
    WORKER.start()
    try:
        yield
    finally:
        WORKER.stop()
