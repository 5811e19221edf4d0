"""Nothing one person does stalls everyone: handler bodies and HTTP routes wait for the database
in worker threads, so the event loop keeps serving others; a locked or full database answers
with a translated message, logged, never a bare error."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import threading
from contextlib import ExitStack

import httpx
import pytest
from PIL import Image
from sqlalchemy import event, text

from paduko_app import authz, offload
from paduko_app.db import engine as db_engine
from paduko_app.db import errors as db_errors
from paduko_app.db import migrate, seed
from paduko_app.db.engine import unit_of_work
from paduko_app.domain import media
from paduko_app.i18n import translate
from paduko_app.services import audit
from paduko_app.services.callers import ANONYMOUS
from tests.run_async import run_async


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch):
    """A migrated SQLite file that the default engine (handlers, routes) uses."""
    url = f"sqlite:///{tmp_path / 'paduko.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    db_engine.default_engine.cache_clear()
    yield url
    db_engine.default_engine().dispose()
    db_engine.default_engine.cache_clear()


class _Auth:
    """Stands in for AuthState: an anonymous caller, the real refusal rule, the notice."""

    service_notice = ""

    def _caller(self):
        return ANONYMOUS

    def _refusal(self, caller, access):
        from state.auth import AuthState

        return AuthState._refusal(self, caller, access)


class _Page:
    """Stands in for a Reflex state: what the person typed, and the states it can fetch."""

    def __init__(self):
        self.auth = _Auth()
        self.typed = "Rosnah binti Ali"
        self.saved = False

    async def get_state(self, _cls):
        return self.auth


def _handlers(started: threading.Event | None = None):
    from state.auth import guarded

    @guarded(authz.PUBLIC)
    def save(self):
        if started is not None:
            started.set()
        with unit_of_work() as session:
            audit.record(session, "test.write", actor_account_id=None)
            session.commit()
        self.saved = True

    @guarded(authz.PUBLIC)
    def read(self):
        with unit_of_work() as session:
            return session.exec(text("SELECT count(*) FROM auditlog")).one()[0]

    return save, read


def _hold_write_lock(url: str) -> sqlite3.Connection:
    """Another process's long transaction: it holds SQLite's write lock until rolled back."""
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO auditlog (action, at, detail) VALUES ('held', '2026-01-01', '{}')")
    return holder


def test_while_one_handler_waits_for_the_write_lock_others_are_served(sqlite_url, monkeypatch):
    """Ordering, not timing: the health check and another person's event both answer while the
    first handler still waits for the lock; only after the lock is released does it finish."""
    monkeypatch.setenv("PADUKO_DB_BUSY_SECONDS", "20")
    db_engine.default_engine.cache_clear()
    from paduko_app.api.routes import api

    started = threading.Event()
    save, read = _handlers(started)
    writer, other = _Page(), _Page()
    holder = _hold_write_lock(sqlite_url)

    async def scenario():
        order = []
        saving = asyncio.create_task(save(writer))
        saving.add_done_callback(lambda _task: order.append("writer finished"))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 20)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://localhost") as client:
            health = await client.get("/api/sehat")
        order.append(f"health {health.status_code}")
        count = await read(other)
        order.append(f"other person read {count}")
        holder.execute("ROLLBACK")
        await saving
        return order

    try:
        order = run_async(scenario())
    finally:
        holder.close()
    assert order == ["health 200", "other person read 0", "writer finished"]
    assert writer.saved and writer.auth.service_notice == ""


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_a_locked_database_answers_in_the_persons_language_keeps_the_input_and_is_logged(
        sqlite_url, monkeypatch, caplog, lang):
    monkeypatch.setenv("PADUKO_DB_BUSY_SECONDS", "0.2")
    db_engine.default_engine.cache_clear()
    save, _read = _handlers()
    page = _Page()
    holder = _hold_write_lock(sqlite_url)
    try:
        answer = run_async(save(page))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "service-notice" in repr(answer)  # focus moves to the notice
    assert page.auth.service_notice == db_errors.BUSY and not page.saved
    assert page.typed == "Rosnah binti Ali"
    shown = translate(lang, page.auth.service_notice)
    assert shown and shown != db_errors.BUSY
    assert any(db_errors.BUSY in record.getMessage() for record in caplog.records)
    run_async(save(page))  # the lock is gone: the next answer clears the notice
    assert page.saved and page.auth.service_notice == ""


def _full_database(engine) -> None:
    """SQLite's own "database or disk is full": no page may be added beyond those in use."""

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()


@pytest.fixture
def client(sqlite_url):
    from starlette.testclient import TestClient

    seed.seed_demo(db_engine.default_engine())
    from paduko_app.api.routes import api

    with TestClient(api, base_url="http://localhost") as test_client:
        yield test_client


def _resident_cookie():
    from tests.unit.test_api import _resident_token

    return _resident_token("1374015203580001", "081200000001")


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 180, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg_with_noise() -> bytes:
    """A photo whose pixels do not compress: storing it needs new database pages."""
    import os

    buffer = io.BytesIO()
    Image.frombytes("RGB", (900, 700), os.urandom(900 * 700 * 3)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["id", "min", "en"])
def test_a_full_database_answers_an_upload_with_a_translated_json_error(client, lang):
    client.cookies.set("paduko_session", _resident_cookie())
    _full_database(db_engine.default_engine())
    answer = client.post("/api/unggah?untuk=document", content=_jpeg_with_noise(),
                         headers={"X-PADUKO": "1", "X-Filename": "foto.jpg", "X-PADUKO-Lang": lang})
    assert answer.status_code == 507
    assert answer.json() == {"error": db_errors.FULL, "message": translate(lang, db_errors.FULL)}
    assert answer.json()["message"] != db_errors.FULL


def test_a_full_disk_is_a_translated_json_error_not_a_bare_500(client, monkeypatch):
    """ENOSPC raised at the storage boundary (a real full disk needs root to make)."""
    import errno

    from paduko_app.services import uploads

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    client.cookies.set("paduko_session", _resident_cookie())
    monkeypatch.setattr(uploads, "store_upload", no_space)
    answer = client.post("/api/unggah?untuk=document", content=_png(40, 30),
                         headers={"X-PADUKO": "1", "X-Filename": "foto.png", "X-PADUKO-Lang": "min"})
    assert answer.status_code == 507 and answer.json()["message"] == translate("min", db_errors.FULL)


def test_large_decodes_wait_for_a_slot_and_are_refused_politely_when_none_frees(client, monkeypatch):
    monkeypatch.setattr(offload, "DECODE_WAIT_SECONDS", 0)
    client.cookies.set("paduko_session", _resident_cookie())
    big = _png(4100, 4100)  # 16.8 megapixels: a large decode
    headers = {"X-PADUKO": "1", "X-Filename": "scan.png", "X-PADUKO-Lang": "en"}
    with ExitStack() as held:  # every slot taken by other uploads
        for _ in range(offload.DECODE_SLOTS):
            held.enter_context(offload.decode_slot(offload.LARGE_DECODE_PIXELS))
        busy = client.post("/api/unggah?untuk=document", content=big, headers=headers)
        small = client.post("/api/unggah?untuk=document", content=_png(40, 30), headers=headers)
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert busy.json() == {"error": media.ERR_BUSY, "message": translate("en", media.ERR_BUSY)}
    assert small.status_code == 200  # small photos never wait for a slot
    assert client.post("/api/unggah?untuk=document", content=big, headers=headers).status_code == 200


def test_decode_slots_follow_the_memory():
    assert offload.decode_slots_from_memory(1 * 1024**3) == 1  # never none
    assert offload.decode_slots_from_memory(8 * 1024**3) == 3
    assert offload.decode_slots_from_memory(64 * 1024**3) == 28


def test_trouble_is_told_apart_from_mistakes():
    import errno

    from sqlalchemy import exc as sa_exc

    def operational(message):
        return sa_exc.OperationalError("INSERT", {}, sqlite3.OperationalError(message))

    assert db_errors.trouble_message(operational("database is locked")) == db_errors.BUSY
    assert db_errors.trouble_message(operational("database or disk is full")) == db_errors.FULL
    assert db_errors.trouble_message(OSError(errno.ENOSPC, "full")) == db_errors.FULL
    assert db_errors.trouble_message(ValueError("bad input")) is None
    assert db_errors.trouble_message(sa_exc.IntegrityError("INSERT", {}, Exception("unique"))) is None


# Handlers whose whole body is a few assignments in memory (no database, hashing or files).
IN_MEMORY = {
    "ResidentSignInState": {"start", "remember_service", "change_details"},
    "StaffSignInState": {"start"},
    "UIState": {"set_lang", "set_text_size", "set_autoread", "set_contrast"},
}
# Async on purpose: the kiosk's fetches a list of states others extend, and offloads its database work itself.
AWAITS_ON_THE_LOOP = {("KioskState", "next_resident"),
                      # A background event that only sleeps and asks the service line from a thread.
                      ("WizardState", "wait_in_line")}


def test_every_handler_body_runs_in_the_handler_pool():
    from tests.unit.test_routes import _state_classes

    on_the_loop = []
    for cls in _state_classes():
        for name, handler in cls.event_handlers.items():
            if name == "setvar" or name in IN_MEMORY.get(cls.__name__, set()):
                continue
            if not getattr(handler.fn, "runs_off_loop", False) and (cls.__name__, name) not in AWAITS_ON_THE_LOOP:
                on_the_loop.append(f"{cls.__name__}.{name}")
    assert on_the_loop == []
