"""SQLite writers of one process take turns in arrival order (db/write_queue.py): none waits in
SQLite's sleep-and-retry busy handler, a writer that holds too long makes the next one get the
translated "try again" once its turn does not come in three busy timeouts (never a hang), and readers never queue."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from paduko_app.db import errors as db_errors
from paduko_app.db import migrate, write_queue
from paduko_app.db.engine import make_engine, turn_wait_seconds, unit_of_work
from paduko_app.i18n import translate

pytestmark = pytest.mark.db


@pytest.fixture
def sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'paduko.db'}"
    migrate.upgrade(url)
    return url


def _gate(url: str) -> write_queue.FairGate:
    return write_queue.gate_for(url.removeprefix("sqlite:///"))


def _write(engine, action: str) -> None:
    with unit_of_work(engine) as session:
        session.exec(text("SELECT count(*) FROM auditlog")).one()  # a read first, as most handlers do
        session.exec(text("INSERT INTO auditlog (action, at, detail) VALUES (:a, '2026-01-01', '{}')"),
                     params={"a": action})
        session.commit()


def _actions(engine) -> list[str]:
    with unit_of_work(engine) as session:
        return [row[0] for row in session.exec(text("SELECT action FROM auditlog ORDER BY id")).all()]


class _Holder(threading.Thread):
    """A unit of work of this process that has written and keeps its transaction open until told."""

    def __init__(self, engine):
        super().__init__(daemon=True)
        self.engine, self.wrote, self.finish = engine, threading.Event(), threading.Event()

    def run(self):
        with unit_of_work(self.engine) as session:
            session.exec(text("INSERT INTO auditlog (action, at, detail) VALUES ('holder', '2026-01-01', '{}')"))
            self.wrote.set()
            self.finish.wait(60)
            session.commit()


def _wait_until(condition) -> None:
    """Wait for another thread to reach a state; an Event per poll keeps this free of sleeps."""
    pause = threading.Event()
    for _ in range(60_000):
        if condition():
            return
        pause.wait(0.001)
    raise AssertionError("the other thread never got there")


def test_writers_that_arrive_while_one_writes_go_in_arrival_order(sqlite_file):
    engine = make_engine(sqlite_file, busy_timeout=60)
    gate = _gate(sqlite_file)
    holder = _Holder(engine)
    holder.start()
    assert holder.wrote.wait(60)
    writers, errors = [], []

    def write(number: int) -> None:
        try:
            _write(engine, f"w{number:02d}")
        except Exception as exc:  # noqa: BLE001 - the test reports every failure below
            errors.append(exc)

    for number in range(12):  # each one starts only when the previous one is queued
        thread = threading.Thread(target=write, args=(number,), daemon=True)
        thread.start()
        writers.append(thread)
        _wait_until(lambda: gate.waiting() == number + 1)
    holder.finish.set()
    for thread in [holder, *writers]:
        thread.join(60)
    assert errors == []
    assert _actions(engine) == ["holder"] + [f"w{number:02d}" for number in range(12)]
    engine.dispose()


def test_many_threads_writing_at_once_all_finish_without_database_is_locked(sqlite_file):
    engine = make_engine(sqlite_file, busy_timeout=30)
    errors = []

    def work(thread: int) -> None:
        for number in range(15):
            try:
                _write(engine, f"t{thread:02d}-{number:02d}")
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(thread,), daemon=True) for thread in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    actions = _actions(engine)
    assert len(actions) == 16 * 15
    for thread in range(16):  # each thread's own writes in its order
        mine = [action for action in actions if action.startswith(f"t{thread:02d}-")]
        assert mine == [f"t{thread:02d}-{number:02d}" for number in range(15)]
    assert _gate(sqlite_file).waiting() == 0
    engine.dispose()


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_a_writer_that_holds_too_long_makes_the_next_one_get_try_again(sqlite_file, lang):
    engine = make_engine(sqlite_file, busy_timeout=0.2)
    holder = _Holder(engine)
    holder.start()
    assert holder.wrote.wait(60)
    with pytest.raises(sa_exc.OperationalError) as caught:
        _write(engine, "late")
    message = db_errors.trouble_message(caught.value)
    assert message == db_errors.BUSY
    assert translate(lang, message) != message  # a sentence in the person's language, not an id
    assert not holder.finish.is_set() and holder.is_alive()  # it gave up while the holder still wrote
    holder.finish.set()
    holder.join(60)
    _write(engine, "after")  # the queue is free again: the timed-out waiter left no trace
    assert _actions(engine) == ["holder", "after"]
    engine.dispose()


def test_a_turn_is_waited_for_longer_than_the_busy_timeout(sqlite_file, monkeypatch):
    """The queue moves one short transaction at a time: a writer behind a slow one waits past
    SQLite's busy timeout (up to three of them) instead of being told to try again."""
    monkeypatch.delenv("PADUKO_DB_TURN_SECONDS", raising=False)
    engine = make_engine(sqlite_file, busy_timeout=1.0)
    holder = _Holder(engine)
    holder.start()
    assert holder.wrote.wait(60)
    late = threading.Thread(target=_write, args=(engine, "late"), daemon=True)
    late.start()
    _wait_until(lambda: _gate(sqlite_file).waiting() == 1)
    threading.Event().wait(1.5)  # past the busy timeout, well within three of them
    holder.finish.set()
    holder.join(60)
    late.join(60)
    assert _actions(engine) == ["holder", "late"]
    engine.dispose()


def test_the_turn_wait_is_three_busy_timeouts_unless_configured(monkeypatch):
    monkeypatch.delenv("PADUKO_DB_TURN_SECONDS", raising=False)
    assert turn_wait_seconds(5.0) == 15.0
    monkeypatch.setenv("PADUKO_DB_TURN_SECONDS", "8")
    assert turn_wait_seconds(5.0) == 8.0
    monkeypatch.setenv("PADUKO_DB_TURN_SECONDS", "soon")
    assert turn_wait_seconds(5.0) == 15.0


def test_readers_do_not_queue_behind_a_writer(sqlite_file):
    engine = make_engine(sqlite_file, busy_timeout=60)
    holder = _Holder(engine)
    holder.start()
    assert holder.wrote.wait(60)
    assert _actions(engine) == []  # read while the holder's transaction is open: it sees the last commit
    assert holder.is_alive() and not holder.finish.is_set()
    holder.finish.set()
    holder.join(60)
    assert _actions(engine) == ["holder"]
    engine.dispose()


def test_a_failed_or_abandoned_write_gives_its_turn_back(sqlite_file):
    engine = make_engine(sqlite_file, busy_timeout=0.2)
    with pytest.raises(RuntimeError):
        with unit_of_work(engine) as session:
            session.exec(text("INSERT INTO auditlog (action, at, detail) VALUES ('dropped', '2026-01-01', '{}')"))
            raise RuntimeError("the handler failed after writing")
    with unit_of_work(engine) as session:  # written, never committed: closing rolls back
        session.exec(text("INSERT INTO auditlog (action, at, detail) VALUES ('dropped', '2026-01-01', '{}')"))
    with pytest.raises(sa_exc.IntegrityError):
        with unit_of_work(engine) as session:
            session.exec(text("INSERT INTO auditlog (id, action, at, detail) VALUES (1, 'a', '2026-01-01', '{}')"))
            session.exec(text("INSERT INTO auditlog (id, action, at, detail) VALUES (1, 'b', '2026-01-01', '{}')"))
    _write(engine, "next")  # with a turn still held, this would time out after 0.2 s
    assert _actions(engine) == ["next"]
    engine.dispose()


def test_a_waiter_that_gives_up_leaves_the_queue_and_the_order_of_the_rest_stands():
    gate = write_queue.FairGate()
    gate.acquire(1)
    order, impatient_failed = [], threading.Event()

    def impatient():
        try:
            gate.acquire(0.05)
        except write_queue.GateTimeout:
            impatient_failed.set()

    def patient(name):
        gate.acquire(60)
        order.append(name)
        gate.release()

    first = threading.Thread(target=patient, args=("first",), daemon=True)
    first.start()
    _wait_until(lambda: gate.waiting() == 1)
    quitter = threading.Thread(target=impatient, daemon=True)
    quitter.start()
    _wait_until(lambda: gate.waiting() == 2)
    second = threading.Thread(target=patient, args=("second",), daemon=True)
    second.start()
    _wait_until(lambda: gate.waiting() == 3)
    assert impatient_failed.wait(60)
    assert gate.waiting() == 2
    gate.release()
    for thread in (first, quitter, second):
        thread.join(60)
    assert order == ["first", "second"]
    gate.acquire(0.01)  # free again
    gate.release()


def test_only_sqlite_files_queue(engine):
    """PostgreSQL has row locks and no such queue; an SQLite file has one gate however many engines."""
    with engine.connect() as connection:
        gated = isinstance(connection.connection.dbapi_connection, write_queue.GatedConnection)
    assert gated == (engine.dialect.name == "sqlite")
    if gated:
        again = make_engine(engine.url.render_as_string())
        assert again.url.database == engine.url.database
        assert write_queue.gate_for(engine.url.database) is write_queue.gate_for(again.url.database)
        again.dispose()
