"""Shared fixtures: databases (SQLite always, PostgreSQL when PADUKO_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

pytest_plugins = ["tests.browser_fixtures"]  # the served app and Chromium, for e2e and a11y

POSTGRES_URL = os.environ.get("PADUKO_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _fresh_postgres_database() -> tuple[str, callable]:
    """A new empty database on the test server, and a function that drops it."""
    name = f"paduko_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def pytest_collection_modifyitems(items):
    """The several-workers tests need PostgreSQL and Redis servers: .ci/run starts them (it sets
    PADUKO_TEST_POSTGRES_URL; Redis comes from the redis_url fixture); a plain run skips them."""
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="needs real PostgreSQL and Redis servers: run by .ci/run")
    for item in items:
        if item.get_closest_marker("cluster"):
            item.add_marker(skip)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    """The URL of an empty database on each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'paduko.db'}"
        return
    url, drop = _fresh_postgres_database()
    yield url
    drop()


@pytest.fixture
def engine(empty_database_url):
    """An engine on a migrated, empty database."""
    from paduko_app.db import migrate
    from paduko_app.db.engine import make_engine

    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server (Debian's package, installed when missing) on a free loopback port."""
    import socket
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    url = subprocess.run(["bash", "scripts/redis-for-tests", "start", str(folder), str(port)], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()
    yield url
    subprocess.run(["bash", "scripts/redis-for-tests", "stop", str(folder)], cwd=root, check=False)


@pytest.fixture(scope="session")
def cluster_port() -> int:
    """One port for every cluster test's server: the port is baked into the frontend build, so the
    servers after the first start from its build instead of building again."""
    from tests.browser_fixtures import free_port

    return free_port()
