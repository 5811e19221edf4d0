"""Delivery in its own process (production): what a web worker queues, the delivery process sends;
the process is restarted when it dies and stops with the server; workers then run no thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from paduko_app import serve
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import OutboxMessage
from paduko_app.notify import outbox, worker
from tests.run_async import run_async

ROOT = Path(__file__).resolve().parents[2]
PATIENCE_S = 30  # how long to wait for something that should happen within a second or two


def _env(database_url: str, tmp_path: Path) -> dict:
    env = dict(os.environ, REFLEX_DB_URL=database_url, PADUKO_DATA_DIR=str(tmp_path), PADUKO_NOTIFY="outbox",
               PADUKO_MODE="demo", PADUKO_DELIVERY_POLL_S="0.2")
    env.pop("PADUKO_DELIVERY", None)
    return env


def _queue(engine, number: str) -> int:
    """What a web worker's handler does: enqueue and commit (its wake() reaches no other process)."""
    with unit_of_work(engine) as session:
        message = outbox.enqueue(session, recipient="081200000001", message_id="notify.in_review",
                                 params={"number": number}, lang="min")
        session.commit()
        return message.id


def _status(engine, message_id: int) -> str:
    with unit_of_work(engine) as session:
        return session.exec(select(OutboxMessage.status).where(OutboxMessage.id == message_id)).one()


def _until(condition) -> bool:
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.db
def test_a_message_queued_by_one_process_is_delivered_by_the_delivery_process(engine, empty_database_url, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "paduko_app.notify.worker"], cwd=ROOT,
                               env=_env(empty_database_url, tmp_path), stderr=subprocess.PIPE, text=True)
    try:
        message_id = _queue(engine, "PP-X4T-MDP")
        assert _until(lambda: _status(engine, message_id) == "sent"), "the delivery process did not send it"
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=PATIENCE_S)
    assert process.returncode == 0, errors  # SIGTERM ends it cleanly
    assert "delivery process" in errors and "stopped" in errors


@pytest.mark.db
def test_the_server_restarts_a_killed_delivery_process_and_stops_it_with_itself(engine, empty_database_url, tmp_path):
    delivery = serve.DeliveryProcess(_env(empty_database_url, tmp_path))
    delivery.RESTART_DELAY_S = 0.1
    delivery.start()
    try:
        first = delivery.process
        first.kill()
        assert _until(lambda: delivery.process is not first and delivery.process.poll() is None)
        message_id = _queue(engine, "PP-7QK-2RA")
        assert _until(lambda: _status(engine, message_id) == "sent")
    finally:
        delivery.stop()
    assert delivery.process.poll() is not None


def test_in_process_mode_the_web_worker_starts_no_delivery_thread(monkeypatch):
    started = []
    monkeypatch.setattr(worker.WORKER, "start", lambda: started.append(True))
    monkeypatch.setattr(worker.WORKER, "stop", lambda: None)

    async def serve_once():
        async with worker.lifespan():
            pass

    monkeypatch.setenv("PADUKO_DELIVERY", "process")
    run_async(serve_once())
    assert started == []
    monkeypatch.setenv("PADUKO_DELIVERY", "thread")  # scripts/run and the tests
    run_async(serve_once())
    assert started == [True]
    monkeypatch.setenv("PADUKO_DELIVERY", "sometimes")
    with pytest.raises(ValueError):
        worker.mode()


def test_served_granian_respawns_a_worker_that_dies(monkeypatch):
    import granian.server

    monkeypatch.setattr(granian.server, "Server", granian.server.Server)  # restored afterwards
    serve._granian_respawns_failed_workers()
    server = granian.server.Server(target="paduko_app.paduko_app:app", workers=2)
    assert server.respawn_failed_workers
