"""Load test: N simulated residents, each through a whole application the way the browser does it.

    .venv/bin/python benchmarks/load.py --residents 50 200 [--think 1.0] [--workers 1]
        [--db-url postgresql+psycopg://...] [--redis-url redis://...] [--max-seconds 600]
        [--disturb] [--profile DIR]

Starts PADUKO's production build (`paduko_app.serve build` then `run`, as scripts/serve does) on
127.0.0.1 only, with a fresh data folder (demo mode, N extra residents with verified accounts);
with --db-url the server uses that (empty) PostgreSQL database instead of SQLite, and with
--workers > 1 also --redis-url. For each N it starts a fresh server. Each resident is one
asyncio task in this separate process speaking Reflex's Socket.IO protocol
(benchmarks/load_protocol.py), and follows the pages a person goes through:

  GET /masuk/ -> websocket, hydrate /masuk -> send_code -> the code from the demo outbox (its
  table, as /demo/pesan shows it) -> verify -> POST /api/sesi (the handoff form, sets the cookie)
  -> new websocket with the cookie, hydrate /layanan/ktp-cetak/ajukan (on_load: begin) ->
  redirect /permohonan (on_load_internal) -> every question (first choice) and every photo
  (POST /api/unggah?untuk=document, then next_step with its key) -> check page -> send ->
  navigate to /status (on_load: the signed-in status list).

A round trip is the time from sending an event until the update the person waits for (the next
step, the redirect, the hydrated page) has arrived. When the service is full, the wizard shows the
service line instead of the first question (paduko_app/admission): the resident waits, sending
nothing, until the first question arrives by itself; that wait is reported on its own line
("waited in the service line"), not as a round trip. Every resident keeps its last page open until
all have finished; then the server's resident memory (all its processes, /proc) is read, so the
growth over the idle server divided by N is the memory per open session. CPU per event is the
server processes' CPU time during the run divided by the events sent (HTTP requests included in
the CPU, not in the count). Bounded: at most 1000 residents, and --max-seconds per run.

--disturb runs each N twice on fresh servers, the second time with a message gateway that
accepts and never answers (every code and notice goes there), and, once the residents have
arrived, one more resident uploading a 50-megapixel PNG and 20 wrong staff passwords from four
tabs; it prints p95 without and with. --profile samples the server with py-spy and prints where
its CPU went (benchmarks/load_profile.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_protocol import EIO_OPEN, EIO_PING, EIO_PONG, EIO_MESSAGE, SIO_EVENT, SIO_CONNECT_ERROR, WebSocket, decode, encode_connect, encode_event  # noqa: E402,E501
from load_stats import render, summarise, tree_usage  # noqa: E402

MAX_RESIDENTS = 1000
HOST = "127.0.0.1"
SERVICE_PATH = "/layanan/ktp-cetak/ajukan"
EVENT_TIMEOUT_S = 60
LINE_TIMEOUT_S = 900  # a wait in the service line: bounded by --max-seconds in practice
ROOT_STATE = "reflex___state____state"
SIGN_IN = f"{ROOT_STATE}.state___sign_in____resident_sign_in_state"
WIZARD = f"{ROOT_STATE}.state___wizard____wizard_state"
STATUS = f"{ROOT_STATE}.state___status____status_state"
AUTH = f"{ROOT_STATE}.state___auth____auth_state"
ON_LOAD_INTERNAL = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
NIK_PREFIX = "137401"  # Padang Panjang Barat; DDMMYY and a serial follow


def load_nik(i: int) -> str:
    return f"{NIK_PREFIX}0101{80 + i // 9000:02d}{i % 9000 + 1:04d}"


def load_phone(i: int) -> str:
    return f"08139{i:07d}"


# --- the server -------------------------------------------------------------------------------


def server_env(data_dir: Path, port: int, db_url: str | None, redis_url: str | None, workers: int) -> dict:
    env = dict(os.environ, PADUKO_DATA_DIR=str(data_dir), PADUKO_PORT=str(port), PADUKO_MODE="demo",
               PADUKO_HOST=HOST, PADUKO_WORKERS=str(workers),
               # One address signs in every simulated resident: the per-address limits are for real networks.
               PADUKO_CODE_LIMIT_PER_IP="100000", PADUKO_CODE_LIMIT_PER_HOUR="100000")
    env.pop("REFLEX_DB_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    if db_url:
        env["REFLEX_DB_URL"] = db_url
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    bun_bin = ROOT / "tools" / "bun" / "node_modules" / ".bin"
    if bun_bin.exists():
        env["PATH"] = f"{bun_bin}:{env['PATH']}"
        env["REFLEX_USE_SYSTEM_BUN"] = "1"
    return env


def seed_residents(n: int) -> None:
    """Run inside the server's environment (a subprocess): N residents verified at the counter."""
    import datetime as dt

    from paduko_app.db import models
    from paduko_app.db.engine import unit_of_work
    from paduko_app.domain.identity import validate_nik

    with unit_of_work() as session:
        for i in range(n):
            nik = validate_nik(load_nik(i))
            account = models.Account(role="resident", nik=nik, phone=load_phone(i), display_name=f"Warga Uji {i}",
                                     identity_verified_at=models.utcnow(), identity_verified_via="demo")
            session.add(account)
            session.flush()
            session.add(models.Person(nik=nik, name=f"Warga Uji {i}", birth_date=dt.date(1980 + i // 9000, 1, 1),
                                      sex="L", kk_number=f"13740101019{i:05d}", address="Jl. Uji Beban No. 1",
                                      kelurahan_code="13.74.01.1001", account_id=account.id))
        session.commit()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Server:
    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None

    def start(self, residents: int) -> None:
        py = sys.executable
        for args in (["-m", "paduko_app.setup_db"], [str(Path(__file__)), "--seed-only", str(residents)],
                     ["-m", "paduko_app.serve", "build"]):
            subprocess.run([py, *args], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.process = subprocess.Popen([py, "-m", "paduko_app.serve", "run"], cwd=ROOT, env=self.env,
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while _get(f"http://{HOST}:{self.port}/ping") != 200 or _get(f"http://{HOST}:{self.port}/masuk/") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"PADUKO did not start; see {self.log}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


# --- one browser tab ----------------------------------------------------------------------------


class Trouble(Exception):
    """Something a person would see as an error (or a page that never came)."""


class Tab:
    """One page's websocket: applies deltas like the frontend's reducers and keeps the events."""

    def __init__(self, run: "Run", token: str, cookie: str, disturbing: bool = False):
        self.run, self.token, self.cookie = run, token, cookie
        self.state: dict[str, dict] = {}
        self.updates: list[dict] = []  # every update, in order
        self.changed = asyncio.Event()
        self.ws: WebSocket | None = None
        self.reader: asyncio.Task | None = None
        self.path = ""
        self.disturbing = disturbing  # the disturbance's own tabs: kept out of the figures

    async def open(self, path: str) -> None:
        self.path = path
        headers = [("Origin", self.run.origin), ("User-Agent", "paduko-load")]
        if self.cookie:
            headers.append(("Cookie", self.cookie))
        target = f"/_event/?token={self.token}&EIO=4&transport=websocket"
        self.ws = await WebSocket.connect(HOST, self.run.port, target, headers, [self.run.reflex_version])
        opened = decode(await self.ws.recv())
        if opened.eio != EIO_OPEN:
            raise Trouble(f"no Engine.IO open packet: {opened}")
        self.reader = asyncio.create_task(self._read())
        mark = len(self.updates)
        started = time.perf_counter()
        # The hydrate event rides in the CONNECT packet, as the frontend sends it.
        await self.ws.send(encode_connect({"event": self._event(f"{ROOT_STATE}.hydrate_and_load", {}),
                                           "state_schema": self.run.state_schema}))
        await self._until(mark, started, lambda u: _root(u).get("is_hydrated_rx_state_") is True)

    def _event(self, name: str, payload: dict) -> dict:
        if not self.disturbing:
            self.run.events += 1
        return {"name": name, "payload": payload, "router_data": {"pathname": self.path, "asPath": self.path}}

    async def _read(self) -> None:
        try:
            while True:
                packet = decode(await self.ws.recv())
                if packet.eio == EIO_PING:
                    await self.ws.send(EIO_PONG)
                elif packet.eio == EIO_MESSAGE and packet.sio == SIO_CONNECT_ERROR:
                    self.updates.append({"connect_error": packet.data})
                    self.changed.set()
                elif packet.eio == EIO_MESSAGE and packet.sio == SIO_EVENT and packet.data[0] == "event":
                    update = packet.data[1]
                    if not self.disturbing:  # how many updates carry each state (deltas sent, states stored)
                        self.run.updates += 1
                        self.run.auth_updates += AUTH in (update.get("delta") or {})
                    for substate, delta in (update.get("delta") or {}).items():
                        self.state.setdefault(substate, {}).update(delta)
                    self.updates.append(update)
                    self.changed.set()
        except Exception:  # noqa: BLE001 - the connection ended; waiting callers see it
            self.updates.append({"closed": True})
            self.changed.set()

    async def _until(self, mark: int, started: float, done, *, waited: list[float] | None = None,
                     timeout: float = EVENT_TIMEOUT_S) -> dict:
        """Wait for the first update after `mark` that `done` accepts; record the round trip (or,
        with `waited`, the seconds into that list instead: a wait in the service line is not an
        answer to a press)."""
        deadline = started + timeout
        seen = mark
        while True:
            for update in self.updates[seen:]:
                seen += 1
                if update.get("closed") or update.get("connect_error"):
                    raise Trouble(f"connection ended on {self.path}: {update}")
                if notice := (update.get("delta") or {}).get(AUTH, {}).get("service_notice_rx_state_"):
                    raise Trouble(f"the page shows {notice} on {self.path}")  # e.g. "busy, try again"
                if done(update):
                    if waited is not None:
                        waited.append(time.perf_counter() - started)
                    elif not self.disturbing:
                        self.run.round_trips_ms.append((time.perf_counter() - started) * 1000)
                    return update
            self.changed.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Trouble(f"no answer within {timeout:.0f}s on {self.path}")
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def call(self, name: str, payload: dict, done) -> dict:
        mark = len(self.updates)
        started = time.perf_counter()
        await self.ws.send(encode_event("event", self._event(name, payload)))
        return await self._until(mark, started, done)

    async def navigate(self, path: str) -> dict:
        """A client-side route change: the page's on_load events through on_load_internal."""
        self.path = path
        return await self.call(ON_LOAD_INTERNAL, {}, lambda u: _root(u).get("is_hydrated_rx_state_") is True)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()


def _root(update: dict) -> dict:
    return (update.get("delta") or {}).get(ROOT_STATE, {})


def _events(update: dict, name: str) -> list[dict]:
    return [e for e in update.get("events") or [] if e.get("name") == name]


def _handoff_scripts(update: dict) -> list[dict]:
    return [e for e in _events(update, "_call_script") if "/api/sesi" in e["payload"].get("javascript_code", "")]


def _wizard(update: dict) -> dict:
    return (update.get("delta") or {}).get(WIZARD, {})


# --- one resident ---------------------------------------------------------------------------------


class Run:
    def __init__(self, port: int, think: float, photo: bytes, engine):
        self.port, self.think, self.photo, self.engine = port, think, photo, engine
        self.origin = f"http://localhost:{port}"
        self.events = 0
        self.http = 0
        self.round_trips_ms: list[float] = []
        self.line_waits_s: list[float] = []  # residents who waited in the service line: how long
        self.disturb_ms: list[float] = []
        self.updates = 0
        self.auth_updates = 0
        self.completed = 0
        self.errors: list[str] = []
        self.state_schema = _state_schema()
        from importlib.metadata import version

        self.reflex_version = version("reflex")
        self.all_done = asyncio.Event()

    async def pause(self) -> None:
        if self.think > 0:
            await asyncio.sleep(random.uniform(0.5, 1.5) * self.think)

    async def request(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None,
                      cookie: str = "") -> tuple[int, dict, bytes]:
        """One HTTP/1.1 request on its own connection (as a browser's new page load or XHR)."""
        self.http += 1
        reader, writer = await asyncio.open_connection(HOST, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close",
                 f"Content-Length: {len(body)}", f"Origin: {self.origin}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), EVENT_TIMEOUT_S)
        writer.close()
        head, _, content = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        response_headers: dict[str, list[str]] = {}
        for line in header_lines:
            key, _, value = line.partition(":")
            response_headers.setdefault(key.strip().lower(), []).append(value.strip())
        return int(status_line.split()[1]), response_headers, content

    async def resident(self, i: int) -> None:
        tabs: list[Tab] = []
        try:
            await self._apply(i, tabs)
            self.completed += 1
        except Exception as error:  # noqa: BLE001 - counted and shown, the others go on
            self.errors.append(f"resident {i}: {type(error).__name__}: {error}"[:300])
        try:
            await self.all_done.wait()  # the last page stays open: memory per open session
        finally:
            for tab in tabs:
                await tab.close()

    async def _apply(self, i: int, tabs: list[Tab]) -> None:
        token, cookie = await self.sign_in(i, tabs)
        tab = Tab(self, token, cookie)
        tabs[:] = [tab]
        await tab.open(SERVICE_PATH)  # "Ajukan": on_load begins the application, redirects
        await self._apply_signed_in(tab, cookie)

    async def sign_in(self, i: int, tabs: list[Tab], *, disturbing: bool = False) -> tuple[str, str]:
        """Resident i signs in with NIK, phone and the code from the demo outbox: (tab token, cookie)."""
        nik, phone = load_nik(i), load_phone(i)
        status, _, _ = await self.request("GET", "/masuk/")
        if status != 200:
            raise Trouble(f"GET /masuk/ answered {status}")
        token = str(uuid.uuid4())
        tab = Tab(self, token, "", disturbing)
        tabs.append(tab)
        await tab.open("/masuk")
        await self.pause()
        update = await tab.call(f"{SIGN_IN}.send_code", {"form": {"nik": nik, "phone": phone}},
                                lambda u: "step_rx_state_" in (u.get("delta") or {}).get(SIGN_IN, {})
                                or (u.get("delta") or {}).get(SIGN_IN, {}).get("errors_rx_state_"))
        if tab.state[SIGN_IN].get("step_rx_state_") != "code":
            raise Trouble(f"send_code refused: {tab.state[SIGN_IN].get('errors_rx_state_')}")
        code = await asyncio.to_thread(code_from_outbox, self.engine, phone)
        await self.pause()
        update = await tab.call(f"{SIGN_IN}.verify", {"form": {"code": code}},
                                lambda u: _handoff_scripts(u) or (u.get("delta") or {}).get(SIGN_IN, {}).get(
                                    "errors_rx_state_"))
        scripts = _handoff_scripts(update)  # not a late focus script of send_code's answer
        handoff = re.search(r'i\.name="kode";i\.value="([^"]+)"', scripts[0]["payload"]["javascript_code"]) if scripts else None
        if handoff is None:
            raise Trouble(f"verify refused: {tab.state[SIGN_IN].get('errors_rx_state_')}")
        form = urllib.parse.urlencode({"kode": handoff.group(1), "ke": "/akun"}).encode()
        status, headers, _ = await self.request("POST", "/api/sesi", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"})
        cookie = next((c.split(";")[0] for c in headers.get("set-cookie", []) if c.startswith("paduko_session=")), "")
        if status not in (302, 303) or not cookie:
            raise Trouble(f"POST /api/sesi answered {status} without a session cookie")
        await tab.close()  # the form post is a full page load: a new websocket with the cookie
        await self.pause()
        return token, cookie

    async def _apply_signed_in(self, tab: Tab, cookie: str) -> None:
        if not any(_events(u, "_redirect") for u in tab.updates):
            await tab._until(0, time.perf_counter(), lambda u: _events(u, "_redirect"))
        await tab.navigate("/permohonan")
        for _step in range(30):
            wizard = tab.state.get(WIZARD, {})
            kind = wizard.get("step_kind_rx_state_")
            if wizard.get("errors_rx_state_"):
                raise Trouble(f"the wizard refused an answer: {wizard['errors_rx_state_']}")
            if kind == "line":  # the service is full: the first page comes by itself at the turn
                await tab._until(len(tab.updates), time.perf_counter(),
                                 lambda u: _wizard(u).get("step_kind_rx_state_") not in (None, "line"),
                                 waited=self.line_waits_s, timeout=LINE_TIMEOUT_S)
                continue
            await self.pause()
            if kind == "check":
                update = await tab.call(f"{WIZARD}.send", {"step": wizard.get("step_key_rx_state_", "")},
                                        lambda u: _wizard(u).get("step_kind_rx_state_") == "done"
                                        or _wizard(u).get("errors_rx_state_"))
                if tab.state[WIZARD].get("step_kind_rx_state_") != "done":
                    raise Trouble(f"submit refused: {tab.state[WIZARD].get('errors_rx_state_')}")
                break
            if kind == "question":
                form = {"answer": _answer(wizard)}
            elif kind == "document":
                status, _, body = await self.request(
                    "POST", "/api/unggah?untuk=document", body=self.photo, cookie=cookie,
                    headers={"X-PADUKO": "1", "X-PADUKO-Lang": "id", "X-Filename": "foto.jpg",
                             "Content-Type": "image/jpeg"})
                if status != 200:
                    raise Trouble(f"upload answered {status}: {body[:200]!r}")
                form = {"upload": json.loads(body)["key"]}
            else:
                raise Trouble(f"unexpected wizard step {kind!r}")
            form["step"] = wizard.get("step_key_rx_state_", "")  # the page's hidden field, as the browser sends it
            await tab.call(f"{WIZARD}.next_step", {"form": form},
                           lambda u: "step_key_rx_state_" in _wizard(u) or _wizard(u).get("errors_rx_state_"))
        else:
            raise Trouble("no check page after 30 steps")
        await self.pause()
        number = tab.state[WIZARD].get("done_number_rx_state_", "")
        await tab.navigate("/status")  # the status of what was just sent
        if not number or number not in json.dumps(tab.state.get(STATUS, {}).get("cards_rx_state_", [])):
            raise Trouble(f"the status page does not show {number!r}")


# --- --disturb: what one person can do to everyone else, while the residents apply -------------

STAFF_SIGN_IN = f"{ROOT_STATE}.state___account____staff_sign_in_state"
DEMO_STAFF = ("verifikator", "verifikator.dua", "operator.ganting", "operator.pasarusang", "admin", "kepala")
WRONG_PASSWORDS = 20  # cycled over six staff accounts: at most four each, below the lockout at five


class SilentGateway:
    """A message gateway that accepts the connection and the request and never answers."""

    def __init__(self):
        self.server: asyncio.AbstractServer | None = None
        self.writers: list[asyncio.StreamWriter] = []
        self.requests = 0
        self.sock = socket.socket()  # bound now: the server's environment names its port
        self.sock.bind((HOST, 0))
        self.sock.listen(64)
        self.url = f"http://{HOST}:{self.sock.getsockname()[1]}/kirim"

    async def start(self) -> None:
        async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.requests += 1
            self.writers.append(writer)
            try:
                while await reader.read(65536):
                    pass
            except Exception:  # noqa: BLE001 - the server gave up on us: that is the point
                pass

        self.server = await asyncio.start_server(hold, sock=self.sock)

    async def stop(self) -> None:
        for writer in self.writers:
            writer.close()
        if self.server is not None:
            self.server.close()


def make_big_png(pixels: int = 49_900_000) -> bytes:
    """A scan just under the 50 MP limit: decodes to about 150 MB, but compresses to little."""
    from PIL import Image, ImageDraw

    width = int((pixels * 4 / 3) ** 0.5)
    height = pixels // width
    image = Image.new("RGB", (width, height), (232, 228, 214))
    draw = ImageDraw.Draw(image)
    for y in range(200, height - 200, 160):
        draw.line([(300, y), (width - 300, y)], fill=(40, 40, 50), width=6)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()


async def disturb(run: "Run", resident_index: int, big_png: bytes, delay: float, gateway: SilentGateway) -> list[str]:
    """The server sends its messages to `gateway`, which never answers. After `delay` s: one more
    resident signs in and uploads a 50 MP PNG while 20 wrong staff passwords arrive from four
    tabs. Returns what each did; their round trips are not counted as the residents'."""
    await gateway.start()
    await asyncio.sleep(delay)
    notes: list[str] = []

    async def big_upload() -> None:
        tabs: list[Tab] = []
        try:
            _token, cookie = await run.sign_in(resident_index, tabs, disturbing=True)
            started = time.perf_counter()
            status, _, body = await run.request("POST", "/api/unggah?untuk=document", body=big_png, cookie=cookie,
                                                headers={"X-PADUKO": "1", "X-PADUKO-Lang": "id",
                                                         "X-Filename": "scan.png", "Content-Type": "image/png"})
            notes.append(f"50 MP PNG upload ({len(big_png) // 1024} KiB): HTTP {status} after "
                         f"{time.perf_counter() - started:.1f}s {body[:80]!r}")
        except Exception as error:  # noqa: BLE001 - reported, the run goes on
            notes.append(f"50 MP PNG upload failed: {type(error).__name__}: {error}"[:200])
        finally:
            for tab in tabs:
                await tab.close()

    async def wrong_passwords(first: int, count: int) -> None:
        tab = Tab(run, str(uuid.uuid4()), "", disturbing=True)
        try:
            await tab.open("/petugas/masuk")
            for k in range(first, first + count):
                started = time.perf_counter()
                await tab.call(f"{STAFF_SIGN_IN}.sign_in",
                               {"form": {"username": DEMO_STAFF[k % len(DEMO_STAFF)], "password": f"salah-{k}"}},
                               lambda u: (u.get("delta") or {}).get(STAFF_SIGN_IN, {}).get("errors_rx_state_"))
                run.disturb_ms.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # noqa: BLE001
            notes.append(f"wrong staff passwords from tab {first}: {type(error).__name__}: {error}"[:200])
        finally:
            await tab.close()

    per_tab = WRONG_PASSWORDS // 4
    await asyncio.gather(big_upload(), *(wrong_passwords(t * per_tab, per_tab) for t in range(4)))
    notes.append(f"slow gateway: {gateway.requests} deliveries sent to it, none answered")
    await gateway.stop()
    if run.disturb_ms:
        notes.append(f"{len(run.disturb_ms)} wrong staff passwords refused, each in p50 "
                     f"{sorted(run.disturb_ms)[len(run.disturb_ms) // 2]:.0f} ms, max {max(run.disturb_ms):.0f} ms")
    return notes


def _answer(wizard: dict) -> str:
    options = wizard.get("options_rx_state_") or []
    if options:
        return options[0]["value"]
    return {"date": "01", "number": "1", "phone": "081234567890", "nik": "1374010101800001"}.get(
        wizard.get("q_type_rx_state_"), "Jalan Uji Beban")


def code_from_outbox(engine, phone: str) -> str:
    """The newest sign-in code queued for this phone, as the demo outbox (/demo/pesan) shows it."""
    from sqlmodel import select

    from paduko_app.db import models
    from paduko_app.db.engine import unit_of_work

    for _ in range(50):
        with unit_of_work(engine) as session:
            message = session.exec(select(models.OutboxMessage).where(models.OutboxMessage.recipient == phone)
                                   .order_by(models.OutboxMessage.id.desc())).first()
        if message is not None and (message.params or {}).get("code"):
            return message.params["code"]
        time.sleep(0.1)
    raise Trouble("no code in the outbox")


def _state_schema() -> str | None:
    """The schema hash the built frontend sends (None: an older frontend sends none)."""
    context = ROOT / ".web" / "utils" / "context.jsx"
    found = re.search(r'stateSchema = "([0-9a-f]+)"', context.read_text()) if context.exists() else None
    return found.group(1) if found else None


def make_photo(megapixels: float) -> bytes:
    """A JPEG like a phone photo of a document: light paper, dark lines of 'text', sensor noise."""
    from PIL import Image, ImageDraw

    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    image = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, Image.new("RGB", (width, height), (225, 220, 205)), 0.7)
    draw = ImageDraw.Draw(image)
    rng = random.Random(11)
    for y in range(height // 10, height * 9 // 10, max(8, height // 40)):
        draw.line([(width // 10, y), (width // 10 + rng.randint(width // 3, width * 7 // 10), y)], fill=(40, 40, 50),
                  width=max(2, height // 300))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


# --- a run ----------------------------------------------------------------------------------------------


async def drive(run: Run, residents: int, ramp: float, max_seconds: float, server_pid: int,
                disturbance=None) -> dict:
    """`disturbance`: a coroutine function started with the residents, returning notes to print."""
    cpu0, rss0 = tree_usage(server_pid)
    started = time.perf_counter()
    disturber = asyncio.create_task(disturbance()) if disturbance else None

    async def start(i: int) -> None:
        await asyncio.sleep(ramp * i / residents)
        await run.resident(i)

    tasks = [asyncio.create_task(start(i)) for i in range(residents)]
    finished = asyncio.create_task(_all_applied(run, residents))
    try:
        await asyncio.wait_for(asyncio.shield(finished), max_seconds)
    except asyncio.TimeoutError:
        run.errors.append(f"run stopped after {max_seconds:.0f}s with {residents - run.completed - len(run.errors)}"
                          " residents unfinished")
    seconds = time.perf_counter() - started
    cpu1, rss1 = tree_usage(server_pid)  # every resident's last page still open
    run.all_done.set()
    if not finished.done():  # stopped by --max-seconds: the unfinished ones go too
        for task in tasks:
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    finished.cancel()
    notes: list[str] = []
    if disturber is not None:
        try:
            notes = await asyncio.wait_for(disturber, 120)
        except Exception as error:  # noqa: BLE001 - reported with the figures
            notes = [f"the disturbance did not finish: {type(error).__name__}: {error}"[:200]]
    return {"seconds": seconds, "cpu": cpu1 - cpu0, "rss_growth": rss1 - rss0, "rss_idle": rss0, "rss_open": rss1,
            "notes": notes}


async def _all_applied(run: Run, residents: int) -> None:
    while run.completed + len(run.errors) < residents:
        await asyncio.sleep(0.05)


class Sampler:
    """py-spy attached to the served process and its children for the whole run, written as
    collapsed stacks. Only the thread holding the GIL is sampled (`--gil`): that is the Python
    work one process can do at a time; C code that lets the GIL go (Pillow's decoding, SQLite's
    execution) is not seen, and py-spy cannot tell a thread waiting for SQLite's lock from one
    working, which `--gil` avoids."""

    def __init__(self, pid: int, output: Path):
        import shutil

        binary = os.environ.get("PY_SPY") or shutil.which("py-spy")
        if not binary:
            raise SystemExit("--profile needs py-spy: pip install py-spy (anywhere), then PY_SPY=path/to/py-spy")
        output.parent.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.process = subprocess.Popen([binary, "record", "--pid", str(pid), "--subprocesses", "--gil", "--rate", "200",
                                         "--format", "raw", "--output", str(output)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)  # attached before the first resident arrives

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a person takes per page (0: none)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the residents arrive")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db-url", help="an empty PostgreSQL database (default: SQLite in a fresh folder)")
    parser.add_argument("--redis-url")
    parser.add_argument("--port", type=int, default=39170, help="the production build bakes its port in (another port rebuilds it)")
    parser.add_argument("--photo-mp", type=float, default=2.0, help="megapixels of each uploaded photo")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--profile", metavar="DIR", help="sample the server with py-spy (on PATH or $PY_SPY) into "
                        "DIR/profile-N.txt (collapsed stacks) and print where its CPU went")
    parser.add_argument("--disturb", action="store_true", help="run each N twice, the second time with a message "
                        "gateway that never answers, one 50 MP upload and 20 wrong staff passwords; compare p95")
    parser.add_argument("--compare", type=int, metavar="WORKERS", help="run every N on SQLite with one worker, then "
                        "on PostgreSQL + Redis (started here) with WORKERS workers, and print the ratios")
    parser.add_argument("--seed-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_only is not None:
        seed_residents(args.seed_only)
        return 0
    if any(not 1 <= n <= MAX_RESIDENTS for n in args.residents):
        parser.error(f"--residents between 1 and {MAX_RESIDENTS}")
    if args.workers > 1 and not (args.db_url and args.redis_url):
        parser.error("several workers need --db-url (PostgreSQL) and --redis-url")
    if not _free(args.port):
        parser.error(f"port {args.port} is in use")
    photo = make_photo(args.photo_mp)
    big_png = make_big_png() if args.disturb else b""
    if args.compare:
        # Both configurations in one invocation, so the machine's state is the same for both.
        sqlite = _configuration(argparse.Namespace(**{**vars(args), "workers": 1, "db_url": None, "redis_url": None}),
                                photo, big_png)
        with _postgres_and_redis() as (db_url, redis_url):
            several = _configuration(argparse.Namespace(**{**vars(args), "workers": args.compare, "db_url": db_url,
                                                          "redis_url": redis_url}), photo, big_png)
        print(f"PostgreSQL+Redis x{args.compare} / SQLite x1, same run:", flush=True)
        for one, other in zip(sqlite[0], several[0]):
            print(f"  N={one.residents}: complete/min x{_ratio(other.per_minute, one.per_minute)}, "
                  f"p95 x{_ratio(other.p95_ms, one.p95_ms)}, CPU/event x{_ratio(other.cpu_ms_per_event, one.cpu_ms_per_event)}, "
                  f"errors {one.errors} vs {other.errors}", flush=True)
        runs = sqlite[0] + sqlite[1] + several[0] + several[1]
    else:
        lines, disturbed = _configuration(args, photo, big_png)
        runs = lines + disturbed
    return 1 if any(s.errors for s in runs) else 0


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def _configuration(args, photo: bytes, big_png: bytes):
    """Every N on one configuration (and disturbed, with --disturb); returns (plain, disturbed)."""
    label = f"{'PostgreSQL+Redis' if args.redis_url else 'PostgreSQL' if args.db_url else 'SQLite'} x{args.workers}"
    print(f"PADUKO load: {label}, think {args.think}s, ramp {args.ramp}s, photo {len(photo) // 1024} KiB "
          f"({args.photo_mp} MP), {os.cpu_count()} cores (shared with whatever else runs)", flush=True)
    lines, disturbed = [], []
    for n in args.residents:
        for disturbing in ((False, True) if args.disturb else (False,)):
            summary = _one_run(args, n, label, photo, big_png if disturbing else None)
            (disturbed if disturbing else lines).append(summary)
        if args.disturb:
            plain, worse = lines[-1], disturbed[-1]
            print(f"N={n}: p95 {plain.p95_ms:.0f} ms, disturbed {worse.p95_ms:.0f} ms (x{worse.p95_ms / plain.p95_ms:.2f}); "
                  f"p99 {plain.p99_ms:.0f} -> {worse.p99_ms:.0f} ms; errors {plain.errors} -> {worse.errors}", flush=True)
    if len(lines) > 1:
        base = lines[0]
        for summary in lines[1:]:
            print(f"N={summary.residents} vs N={base.residents}: p95 x{summary.p95_ms / base.p95_ms:.1f}, "
                  f"CPU/event x{summary.cpu_ms_per_event / base.cpu_ms_per_event:.2f}")
    return lines, disturbed


@contextlib.contextmanager
def _postgres_and_redis():
    """Throwaway PostgreSQL and Redis servers on free loopback ports (the test scripts')."""
    pg_dir, redis_dir = tempfile.mkdtemp(prefix="paduko-load-pg-"), tempfile.mkdtemp(prefix="paduko-load-redis-")
    ports = []
    for _ in range(2):
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            ports.append(sock.getsockname()[1])
    started = []
    try:
        db_url = _script("postgres-for-tests", "start", pg_dir, str(ports[0]))
        started.append(("postgres-for-tests", pg_dir))
        redis_url = _script("redis-for-tests", "start", redis_dir, str(ports[1]))
        started.append(("redis-for-tests", redis_dir))
        yield db_url, redis_url
    finally:
        for name, folder in reversed(started):
            _script(name, "stop", folder)


def _script(name: str, *args: str) -> str:
    """Run scripts/<name>; a start prints the server's URL on its last line."""
    done = subprocess.run(["bash", str(ROOT / "scripts" / name), *args], check=args[0] == "start",
                          capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _one_run(args, n: int, label: str, photo: bytes, big_png: bytes | None):
    """A fresh server and N residents (with `big_png`: and the disturbance); prints the figures."""
    gateway = SilentGateway() if big_png is not None else None
    with tempfile.TemporaryDirectory(prefix="paduko-load-") as data:
        env = server_env(Path(data), args.port, args.db_url, args.redis_url, args.workers)
        if gateway is not None:  # every code and notice goes to a gateway that never answers
            env.update(PADUKO_NOTIFY="http", PADUKO_GATEWAY_URL=gateway.url, PADUKO_GATEWAY_TOKEN="uji-beban")
        if args.db_url:
            _reset_postgres(args.db_url)
        suffix = "-disturbed" if gateway else ""
        server = Server(env, args.port, ROOT / "test-artifacts" / f"load-server-{n}{suffix}.log")
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        server.start(n + (1 if gateway else 0))  # the disturbance signs in a resident of its own
        sampler = None
        try:
            from paduko_app.db.engine import make_engine

            run = Run(args.port, args.think, photo, make_engine(args.db_url or f"sqlite:///{Path(data) / 'paduko.db'}"))
            if args.profile:
                sampler = Sampler(server.process.pid, Path(args.profile) / f"profile-{n}{suffix}.txt")
            disturbance = (lambda: disturb(run, n, big_png, args.ramp, gateway)) if gateway else None
            client0 = time.process_time()
            figures = asyncio.run(drive(run, n, args.ramp, args.max_seconds, server.process.pid, disturbance))
            client_cpu = time.process_time() - client0
        finally:
            if sampler is not None:
                sampler.stop()
            server.stop()
            run.engine.dispose()
    summary = summarise(n, run.completed, len(run.errors), figures["seconds"], run.round_trips_ms,
                        figures["cpu"], figures["rss_growth"])
    print(render(label + (" disturbed" if gateway else ""), summary))
    print(f"    server RSS idle {figures['rss_idle'] / 2**20:.0f} MiB, with {n} pages open "
          f"{figures['rss_open'] / 2**20:.0f} MiB; server CPU {figures['cpu']:.1f}s; HTTP requests {run.http}; "
          f"load client CPU {client_cpu:.1f}s; updates {run.updates}, with AuthState {run.auth_updates}", flush=True)
    if run.line_waits_s:
        waits = sorted(run.line_waits_s)
        print(f"    waited in the service line: {len(waits)} residents, p50 {waits[len(waits) // 2]:.1f}s "
              f"p95 {waits[min(len(waits) - 1, int(len(waits) * 0.95))]:.1f}s max {waits[-1]:.1f}s", flush=True)
    kinds: dict[str, int] = {}
    for error in run.errors:  # grouped: "resident 7: ..." and "resident 9: ..." are one kind
        kind = re.sub(r"\bresident \d+", "resident _", error)[:160]
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1])[:8]:
        print(f"    {count:>4} x {kind}")
    for note in figures["notes"]:
        print(f"    disturbance: {note}")
    if sampler is not None:
        from load_profile import report

        print(report(sampler.output), flush=True)
    return summary


def _reset_postgres(url: str) -> None:
    """Every run starts from an empty database, as the SQLite runs do."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
