"""An empty Reflex app (same Reflex as PADUKO, plugins off, plain `rx.el.*` elements), written to a
temporary folder, built for production and served on a free port: the baseline that
`benchmarks/lighthouse.py` measures in the same run as PADUKO.

    .venv/bin/python benchmarks/empty_app.py    # builds, serves, prints the address until Ctrl-C

The folder it builds in is the caller's (`benchmarks/lighthouse.py` removes it after its run) or,
run alone, a temporary one removed on Ctrl-C.

DESIGN.md's baseline ("plugins=[] and plain rx.el.* elements": 173 KiB) was measured once by hand;
built here in the same run it shares the machine's load and the installed Reflex with PADUKO.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser_fixtures import BUILD_TIMEOUT_S, free_port, serving  # noqa: E402

APP_NAME = "empty_app"

RXCONFIG = f'''import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="{APP_NAME}",
    plugins=[],
    disable_plugins=[SitemapPlugin],
    show_built_with_reflex=False,
    telemetry_enabled=False,
)
'''

# One page with a heading and a paragraph, and a state, as any Reflex app has.
APP = '''import reflex as rx


class State(rx.State):
    pass


def index() -> rx.Component:
    return rx.el.main(
        rx.el.h1("Empty Reflex app"),
        rx.el.p("A baseline for PADUKO's first-load figures."),
        lang="en",
    )


app = rx.App()
app.add_page(index, title="Empty Reflex app")
'''


def write_app(folder: Path) -> Path:
    (folder / APP_NAME).mkdir(parents=True, exist_ok=True)
    (folder / "rxconfig.py").write_text(RXCONFIG)
    (folder / APP_NAME / "__init__.py").write_text("")
    (folder / APP_NAME / f"{APP_NAME}.py").write_text(APP)
    (folder / "assets").mkdir(exist_ok=True)
    return folder


def start_empty_app(folder: Path, log_path: Path | None = None) -> tuple[str, subprocess.Popen]:
    """Build the empty app in `folder` and serve it; (address, server process group leader)."""
    write_app(folder)
    port = free_port()
    bun_bin = ROOT / "tools" / "bun" / "node_modules" / ".bin"
    env = dict(os.environ, PATH=f"{bun_bin}:{os.environ['PATH']}", REFLEX_USE_SYSTEM_BUN="1")
    for name in ("REFLEX_DB_URL", "REFLEX_REDIS_URL", "PADUKO_DATA_DIR"):
        env.pop(name, None)
    reflex = str(Path(sys.executable).parent / "reflex")
    log = (log_path or folder / "server.log").open("w")
    server = subprocess.Popen([reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
                               "--backend-port", str(port)], cwd=folder, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while not (serving(url + "/") and serving(url + "/ping")):
        if server.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise SystemExit(f"the empty Reflex app did not start (log: {log.name})")
        time.sleep(1)
    return url, server


def stop(server: subprocess.Popen) -> None:
    """Stop a server started with its own process group, and wait for it (its files can then go)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    build_folder = Path(tempfile.mkdtemp(prefix="paduko-empty-reflex-"))
    address, process = start_empty_app(build_folder)
    print(address, flush=True)
    try:
        process.wait()
    except KeyboardInterrupt:
        stop(process)
    finally:
        shutil.rmtree(build_folder, ignore_errors=True)
