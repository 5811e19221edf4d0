"""The production server (scripts/serve) with two workers on a fresh PostgreSQL database and a
Redis server, for the cluster tests (`-m cluster`, run by .ci/run with PADUKO_TEST_POSTGRES_URL).

All of them serve on one port per session: the port is baked into the frontend build, so a second
server on the same port starts from the build the first one made."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser_fixtures import ARTIFACTS, ROOT, serving, stop_server
from tests.conftest import _fresh_postgres_database

START_TIMEOUT_S = 900  # the first start builds the frontend


@dataclass
class Served:
    url: str
    port: int
    pid: int  # scripts/serve execs `python -m paduko_app.serve run`: the Granian main process
    database_url: str
    log_path: Path


@contextlib.contextmanager
def serve_two_workers(data_dir: Path, redis_url: str, port: int, name: str, **extra_env: str) -> Iterator[Served]:
    import redis

    database_url, drop_database = _fresh_postgres_database()
    redis.Redis.from_url(redis_url).flushdb()  # a fresh start, as the database's: no earlier server's line or states
    inherited = {k: v for k, v in os.environ.items() if k != "PADUKO_PUBLIC_URL"}  # unless extra_env sets it
    env = dict(inherited, PADUKO_DATA_DIR=str(data_dir), PADUKO_PORT=str(port),
               PADUKO_MODE="demo", PADUKO_CODE_LIMIT_PER_IP="10000", PADUKO_WORKERS="2",
               REFLEX_DB_URL=database_url, REFLEX_REDIS_URL=redis_url,
               # Every lock, state write, event and update by browser and socket: printed on failure.
               PADUKO_LOG_LEVEL=os.environ.get("PADUKO_LOG_LEVEL", "DEBUG"), **extra_env)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"cluster-server-{name}.log"
    log = log_path.open("w")
    server = subprocess.Popen(["bash", "scripts/serve"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (serving(url + "/api/sehat") and serving(url + "/")):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scripts/serve did not start; see {log_path}")
            time.sleep(1)
        yield Served(url=url, port=port, pid=server.pid, database_url=database_url, log_path=log_path)
        assert server.poll() is None, "the server exited (Granian stops when a worker crash-loops)"
    finally:
        stop_server(server, 30)
        log.close()
        drop_database()


def print_server_log(log_path: Path, lines: int = 150) -> None:
    """The workers' own lines (locks, state writes, events, updates by browser and socket), the
    last `lines` of them, for the failure report."""
    text = log_path.read_text(errors="replace").splitlines()
    ours = [line for line in text if " pid=" in line or "Unexpected exit" in line or "WARNING" in line]
    print("--- server log (last %d of its own lines) ---" % lines)
    print("\n".join(ours[-lines:]))
