"""Issue 11: the production server (scripts/serve) with two workers on real PostgreSQL and Redis
survives a killed worker. A resident signs in, applies with photos and sees the status while the
worker serving the browser's websocket is killed (SIGKILL) twice in the middle of the wizard:
Granian starts a new worker, the browser reconnects, nothing typed or uploaded is lost and
exactly one application arrives. Message delivery runs in its own process beside the workers.

With PADUKO_TEST_WRITE_STALLED=1 it runs a second time with the gap between a worker sending a
page and writing its state forced open (issue 11's one CI failure, STALLED_WRITE_S below). Run by .ci/run (it needs
PADUKO_TEST_POSTGRES_URL; Redis comes from the `redis_url` fixture, a redis-server from Debian's
package on a free loopback port).
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.browser_fixtures import PHONE, ROOT, signed_in_resident
from tests.cluster_server import print_server_log, serve_two_workers
from tests.e2e.test_bad_connection import TRACK_SOCKETS
from tests.e2e.wizard_walker import _question_for, tr, walk_to_check_page

pytestmark = pytest.mark.cluster

SERVICE_CODE = "KTP_CETAK"
NIK, PHONE_NUMBER = "1374015203580001", "081200000001"  # the demo resident Rosnah
RESPAWN_TIMEOUT_S = 60
# Granian gives up (the whole server exits) when a worker dies within 5.5 s of being respawned,
# so a second kill waits at least this long after the first respawn.
CRASH_LOOP_GUARD_S = 6.0
# Issue 11's one CI failure: a kill that lands between a worker sending an event's page and writing
# its state. The second run forces that gap open (tests/faults/sitecustomize.py stalls each
# `next_step` write this long), so its kills land inside it every time instead of by chance.
STALLED_WRITE_S = "1.5"


# --- the server: scripts/serve with two workers on PostgreSQL and Redis -------------------------

@dataclass
class Cluster:
    url: str
    port: int
    pid: int  # scripts/serve execs `python -m paduko_app.serve run`: the Granian main process
    database_url: str
    log_path: Path
    killed: list[int] = field(default_factory=list)
    last_respawn: float = 0.0

    def _children(self) -> list[int]:
        kids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.pid:
                kids.append(int(stat.parent.name))
        return kids

    def _tcp_states(self) -> dict[str, str]:
        """Socket inode -> TCP state ('0A' listening, '01' established) of sockets on our port."""
        states = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                cols = line.split()
                if int(cols[1].rsplit(":", 1)[1], 16) == self.port:
                    states[cols[9]] = cols[3]
        return states

    @staticmethod
    def _sockets(pid: int) -> set[str]:
        inodes = set()
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            return inodes
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
        return inodes

    def workers(self, state: str = "0A") -> list[int]:
        """Granian's workers (children listening on the port), or those with a connection ('01')."""
        states = self._tcp_states()
        return [pid for pid in self._children()
                if any(states.get(inode) == state for inode in self._sockets(pid))]

    def delivery_processes(self) -> list[int]:
        return [pid for pid in self._children()
                if b"paduko_app.notify.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()]

    def kill_the_browsers_worker(self) -> list[int]:
        """SIGKILL every worker holding a connection from the browser (its websocket's worker
        among them: which of the connections is the websocket cannot be told from outside), then
        wait until Granian has two workers again."""
        wait = CRASH_LOOP_GUARD_S - (time.monotonic() - self.last_respawn)
        if wait > 0:
            time.sleep(wait)
        targets = self.workers("01")
        assert targets, "no worker holds a connection from the browser"
        for pid in targets:
            os.kill(pid, signal.SIGKILL)
        print(f"{time.strftime('%H:%M:%S')} killed workers {targets}", flush=True)
        self.killed += targets
        deadline = time.monotonic() + RESPAWN_TIMEOUT_S
        while not (len(now := self.workers()) == 2 and not set(now) & set(self.killed)):
            assert time.monotonic() < deadline, f"Granian did not respawn the killed workers {targets}"
            time.sleep(0.2)
        self.last_respawn = time.monotonic()
        return targets


# The stalled run only on request (PADUKO_TEST_WRITE_STALLED=1): in one of its six runs a worker
# hung 5 s in the hydrate of /akun right after sign-in, before any kill or stall (not understood
# yet, README issue 11), and CI must not gain a flaky run.
@pytest.fixture(scope="module", params=["as-is"] + (["write-stalled"] if os.environ.get("PADUKO_TEST_WRITE_STALLED") else []))
def cluster(request, tmp_path_factory, redis_url, cluster_port):
    faults = {}
    if request.param == "write-stalled":
        faults = dict(PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tests" / "faults"), os.environ.get("PYTHONPATH")])),
                      PADUKO_FAULT_STALL_WRITE_S=STALLED_WRITE_S)
    with serve_two_workers(tmp_path_factory.mktemp("paduko-data"), redis_url, cluster_port, request.param,
                           **faults) as served:
        yield Cluster(url=served.url, port=served.port, pid=served.pid, database_url=served.database_url,
                      log_path=served.log_path)


# --- the test --------------------------------------------------------------------------------

def _submitted(database_url: str) -> dict[str, tuple[set[str], int]]:
    """Submitted applications of the service: number -> (ids of the stored answers, photos)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT a.number, a.id, "
                "(SELECT count(*) FROM document WHERE application_id = a.id AND kind = 'upload') "
                "FROM application a WHERE a.service_code = :code AND a.submitted_at IS NOT NULL"),
                {"code": SERVICE_CODE}).all()
            return {number: ({row[0] for row in connection.execute(
                text("SELECT question_id FROM answer WHERE application_id = :id"), {"id": app_id})}, documents)
                for number, app_id, documents in rows}
    finally:
        engine.dispose()


def _undelivered(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM outboxmessage WHERE status <> 'sent'")).scalar_one()
    finally:
        engine.dispose()


def _print_server_log(cluster: Cluster, lines: int = 150) -> None:
    print_server_log(cluster.log_path, lines)


# Each tracked socket notes when the server finished hydrating the page over it. A reconnect's
# snapshot sets Reflex's is_hydrated to false, which disables every "Lanjut" (components/form.py)
# until the page's on_load ran and set it true again (0.5 s under load). A click in between did
# nothing: in one run the walker answered right after the new socket opened and no event reached
# any worker (the server's log shows none), so the heading never changed.
TRACK_HYDRATION = """
(() => {
  const Tracked = window.WebSocket;
  function Hydrating(url, protocols) {
    const socket = protocols === undefined ? new Tracked(url) : new Tracked(url, protocols);
    socket.addEventListener("message", (e) => {
      if (typeof e.data === "string" && /"is_hydrated_rx_state_":\\s*true/.test(e.data)) socket.__hydrated = true;
    });
    return socket;
  }
  Hydrating.prototype = Tracked.prototype;
  Object.assign(Hydrating, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Hydrating;
})();
"""


def _socket_count(page) -> int:
    return page.evaluate("window.__sockets.length")


def _reconnected(page, before: int) -> None:
    """The browser's websocket died with its worker, a new one is open, and the page is hydrated
    over it again (a person sees "Lanjut" enabled again)."""
    page.wait_for_function(f"window.__sockets[{before - 1}].readyState === 3")
    page.wait_for_function(f"window.__sockets.length > {before} && "
                           "window.__sockets[window.__sockets.length - 1].readyState === 1 && "
                           "window.__sockets[window.__sockets.length - 1].__hydrated === true", timeout=30_000)


def _no_alert_but_reconnecting(page) -> None:
    alerts = page.get_by_role("alert").filter(has_not_text=tr("connection.lost.title"))
    expect(alerts).to_have_count(0)


def test_a_killed_worker_loses_no_answer_no_photo_and_sends_once(cluster, browser, tmp_path):
    from paduko_app.domain import catalogue

    service = catalogue.service(SERVICE_CODE)
    delivery = cluster.delivery_processes()
    assert len(delivery) == 1, "scripts/serve runs one delivery process beside the workers"
    assert len(cluster.workers()) == 2
    before = _submitted(cluster.database_url)

    context = browser.new_context(viewport=PHONE, base_url=cluster.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.add_init_script(TRACK_SOCKETS)
        page.add_init_script(TRACK_HYDRATION)
        # The code reaches the demo outbox through the delivery process, not a worker's thread.
        signed_in_resident(page, cluster.url, NIK, PHONE_NUMBER)

        seen: list[str] = []
        questions: list[str] = []
        photos: list[str] = []
        kills: list[list[int]] = []

        def kill(step: int) -> None:
            sockets = _socket_count(page)
            kills.append(cluster.kill_the_browsers_worker())
            _reconnected(page, sockets)

        def on_step(step: int, heading: str) -> None:
            assert heading not in seen, f"asked twice after a killed worker: {heading}"
            after_photo = bool(photos) and seen[-1] == photos[-1]
            seen.append(heading)
            if heading == tr("wizard.check.heading"):
                return
            if page.locator("#upload-file").count():
                photos.append(heading)
            else:
                questions.append(_question_for(service, heading).id)
            if step == 1 or (after_photo and len(kills) == 1):
                kill(step)  # the first answer (or the first photo) was saved by the dead worker
                _no_alert_but_reconnecting(page)

        walk_to_check_page(page, service, tmp_path, on_step=on_step)
        assert len(kills) == 2 and photos, f"the walk killed {len(kills)} times over {len(photos)} photos"
        _no_alert_but_reconnecting(page)

        page.get_by_role("button", name=tr("wizard.send")).click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(tr("wizard.done.heading"), timeout=30_000)
        number = page.locator(".big-number").first.inner_text().strip()

        page.goto("/status")  # the status, as the resident reads it
        expect(page.locator("li.service-card", has_text=number)).to_have_count(1)
    except Exception:
        page.screenshot(path=str(cluster.log_path.with_suffix(".png")), full_page=True)
        _print_server_log(cluster)
        raise
    finally:
        context.close()

    after = _submitted(cluster.database_url)
    assert set(after) - set(before) == {number}, "exactly one new application"
    answers, documents = after[number]
    assert set(questions) <= answers, f"answers lost: {set(questions) - answers}"
    assert documents == len(photos), f"{documents} photos stored of {len(photos)} uploaded"
    # The sign-in code and the submission's message were sent by the delivery process (the
    # workers run no delivery thread under scripts/serve).
    deadline = time.monotonic() + 30
    while _undelivered(cluster.database_url):
        assert time.monotonic() < deadline, "messages left undelivered"
        time.sleep(0.5)
    assert cluster.delivery_processes() == delivery  # the delivery process was never touched
    assert len(cluster.workers()) == 2
