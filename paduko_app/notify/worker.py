"""The delivery worker drains the outbox with retries.

Event handlers only put messages in the outbox and `wake()` the worker; they never wait on
SMTP or the SMS gateway, so a gateway that hangs slows nobody's page.

Where it runs (`PADUKO_DELIVERY`):
- `thread` (default: `scripts/run`, tests): a thread in each server process, woken at once.
- `process` (set by `paduko_app.serve run`, i.e. `scripts/serve`): the web workers start no
  thread and `wake()` does nothing; one separate process (`python -m paduko_app.notify.worker`)
  delivers for all of them. It looks for due messages every PROCESS_POLL_S: one query on the
  indexed `status` column, so a queued message leaves within about a second without any
  cross-process signal that could be lost while the process restarts (Redis pub/sub or LISTEN
  would need a reconnect path and still a poll as a fallback).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading

from paduko_app.db.engine import unit_of_work
from paduko_app.notify import adapters, outbox

log = logging.getLogger("paduko.delivery")
IDLE_POLL_S = 30.0  # also picks up messages queued by another process
PROCESS_POLL_S = 1.0  # the separate process has no wake-up from the web workers
MODES = ("thread", "process")


def mode() -> str:
    value = os.environ.get("PADUKO_DELIVERY", "thread").strip().lower() or "thread"
    if value not in MODES:
        raise ValueError(f"PADUKO_DELIVERY must be thread or process, not {value!r}")
    return value


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

    def run_forever(self) -> None:
        """Deliver in the calling thread until stop() (the separate process's main loop)."""
        self._stop.clear()
        self._loop()

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
    WORKER.wake()  # in process mode nobody waits on it: the delivery process polls


@contextlib.asynccontextmanager
async def lifespan():
    """Registered with the Reflex app: the thread lives as long as the server process, unless a
    separate delivery process does the work."""
    threaded = mode() == "thread"
    if threaded:
        WORKER.start()
    try:
        yield
    finally:
        if threaded:
            WORKER.stop()


def main() -> int:
    """The separate delivery process: runs until SIGTERM or SIGINT."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker = DeliveryWorker(poll_s=float(os.environ.get("PADUKO_DELIVERY_POLL_S", PROCESS_POLL_S)))
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop(timeout=0))
    log.info("delivery process %s started (%s)", os.getpid(), worker.adapter().name)
    worker.run_forever()
    log.info("delivery process %s stopped", os.getpid())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
