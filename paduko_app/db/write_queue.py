"""One SQLite writer at a time per process, served in arrival order.

SQLite has a single write lock. Its busy handler is a sleep-and-retry loop, not a queue: under
load an unlucky thread keeps sleeping while newer ones take the lock, and after the busy timeout
its person gets "service busy" although every transaction is short. So before a connection's
first write statement the thread takes a turn in a FIFO queue (`FairGate`) and holds it until
that connection's transaction ends (commit, rollback or close); SQLite's lock is then only ever
contended by other processes (the delivery process, a migration), which still meet the busy
timeout. Reads take no turn: in WAL mode they run beside the writer.

The turn is taken at the first write, where pysqlite begins its transaction (it sends BEGIN only
before INSERT/UPDATE/DELETE, so the reads before it see the latest commit, as PostgreSQL's READ
COMMITTED would): holding it from the start of every unit of work would queue the reads too.
Waiting for a turn is bounded (engine.turn_wait_seconds: three busy timeouts, as the queue moves
one short transaction at a time) and then raises SQLite's own "database is
locked", which the service answers with the translated "try again shortly" (db/errors.py).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import deque

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# Statements that need SQLite's write lock (pysqlite begins its implicit transaction before the
# first three; the others write too). SAVEPOINT/RELEASE only matter inside a write.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


LOG_HOLD_SECONDS = 0.5  # a write transaction this long is worth a line in the log: all others waited
LOG_WAIT_SECONDS = 1.0


def enabled() -> bool:
    """On unless PADUKO_SQLITE_WRITE_QUEUE=0 (to measure SQLite's own busy handler against it)."""
    return os.environ.get("PADUKO_SQLITE_WRITE_QUEUE", "1").strip() != "0"


def is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


class GateTimeout(Exception):
    """No turn came within the wait."""


class FairGate:
    """A lock handed over in arrival order. `release` gives it straight to the oldest waiter, so a
    newcomer can never take it first; a waiter that gives up leaves the queue without a trace."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = False
        self._waiters: deque[threading.Event] = deque()
        self.owner: int | None = None  # thread id of the holder: a thread must not queue behind itself

    def acquire(self, timeout: float) -> None:
        with self._lock:
            if not self._held and not self._waiters:
                self._held, self.owner = True, threading.get_ident()
                return
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            self.owner = threading.get_ident()
            return
        with self._lock:
            if turn.is_set():  # handed over just as the wait ended: it is ours, keep it
                self.owner = threading.get_ident()
                return
            self._waiters.remove(turn)
        raise GateTimeout()

    def release(self) -> None:
        with self._lock:
            self.owner = None
            if self._waiters:
                self._waiters.popleft().set()  # stays held: ownership passes to the oldest waiter
            else:
                self._held = False

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiters)


_gates: dict[str, FairGate] = {}
_gates_lock = threading.Lock()


def gate_for(database: str) -> FairGate:
    """The one gate of a database file in this process, whichever engines open it."""
    key = os.path.realpath(database)
    with _gates_lock:
        return _gates.setdefault(key, FairGate())


class GatedConnection(sqlite3.Connection):
    """A pysqlite connection that gives its turn back as soon as its transaction has ended."""

    gate: FairGate
    wait: float
    holds = False
    since = 0.0  # when this connection got its turn (monotonic)
    first_write = ""  # the statement that took the turn, for the log of long holders (SQL only, no values)

    def take_turn(self, statement: str = "") -> None:
        if self.gate.owner == threading.get_ident():
            # This thread already writes through another connection; waiting for itself would only
            # end at the timeout. Leave it to SQLite's busy handler, as without the queue.
            return
        started = time.monotonic()
        try:
            self.gate.acquire(self.wait)
        except GateTimeout:
            log.warning("no write turn within %.1fs (%d waiting)", time.monotonic() - started, self.gate.waiting())
            raise sqlite3.OperationalError("database is locked (no write turn in this process within the busy "
                                           "timeout)") from None
        self.holds, self.since, self.first_write = True, time.monotonic(), statement
        waited = self.since - started
        if waited > LOG_WAIT_SECONDS:
            log.info("waited %.2fs for a write turn (%d still waiting)", waited, self.gate.waiting())

    def let_go(self, *, always: bool = False) -> None:
        if self.holds and (always or not self.in_transaction):
            self.holds = False
            self.gate.release()
            held = time.monotonic() - self.since
            if held > LOG_HOLD_SECONDS:  # every other writer of the process waited this long behind it
                log.warning("held the write turn %.2fs from %s", held, " ".join(self.first_write.split())[:90])

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.let_go()  # a failed commit keeps the transaction (and the turn) until the rollback

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.let_go(always=True)


def connection_factory(database: str, wait: float) -> type[GatedConnection]:
    """The `factory` for sqlite3.connect: connections of this file share its gate."""
    return type("GatedConnection", (GatedConnection,), {"gate": gate_for(database), "wait": wait})


def install(engine: Engine) -> None:
    """Take a turn before a connection's first write; give it back when a statement ended the
    transaction by itself (DDL or a write outside a transaction, RELEASE of the outer savepoint)."""

    @event.listens_for(engine, "before_cursor_execute")
    def _turn_before_writing(conn, _cursor, statement, _parameters, _context, _executemany):
        dbapi_connection = conn.connection.dbapi_connection
        if isinstance(dbapi_connection, GatedConnection) and not dbapi_connection.holds and is_write(statement):
            dbapi_connection.take_turn(statement)

    @event.listens_for(engine, "after_cursor_execute")
    def _turn_after_writing(conn, _cursor, _statement, _parameters, _context, _executemany):
        dbapi_connection = conn.connection.dbapi_connection
        if isinstance(dbapi_connection, GatedConnection):
            dbapi_connection.let_go()
