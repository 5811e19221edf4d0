"""Engines and units of work. A unit of work rolls back unless the service commits."""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from paduko_app.db import write_queue


def busy_timeout_seconds() -> float:
    """How long a write waits for SQLite's lock before the person is asked to try again: long
    enough for any normal transaction, short enough that nobody waits half a minute for an answer."""
    text = os.environ.get("PADUKO_DB_BUSY_SECONDS", "5")
    try:
        return min(max(float(text), 0.05), 60.0)
    except ValueError:
        return 5.0


def turn_wait_seconds(busy_timeout: float) -> float:
    """How long a write waits for its turn in this process's queue (db/write_queue). The queue
    moves, one short transaction at a time, so in a peak a few seconds more beat an error; a turn
    that does not come by then means something is stuck. Three busy timeouts unless
    PADUKO_DB_TURN_SECONDS says otherwise."""
    text = os.environ.get("PADUKO_DB_TURN_SECONDS", "")
    try:
        return min(max(float(text), 0.05), 120.0) if text else 3 * busy_timeout
    except ValueError:
        return 3 * busy_timeout


def make_engine(url: str, *, busy_timeout: float | None = None) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # WAL (below): readers never wait for the writer. Writers of this process queue in arrival
        # order (write_queue), those of other processes meet SQLite's busy timeout; both are bounded.
        timeout = busy_timeout_seconds() if busy_timeout is None else busy_timeout
        connect_args = {"check_same_thread": False, "timeout": timeout}
        queued = (bool(parsed.database) and parsed.database != ":memory:" and not parsed.query.get("mode")
                  and write_queue.enabled())
        if queued:
            connect_args["factory"] = write_queue.connection_factory(parsed.database, turn_wait_seconds(timeout))
        engine = create_engine(url, connect_args=connect_args)
        if queued:
            write_queue.install(engine)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@functools.cache
def default_engine() -> Engine:
    from paduko_app import settings

    return make_engine(settings.load().database_url)


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """A session that rolls back unless the caller commits.

    Closing discards uncommitted work without expiring loaded objects, so values read inside
    stay usable after the block (a rollback would expire them).
    """
    with Session(engine or default_engine(), expire_on_commit=False) as session:
        yield session
