"""Production serving: build the frontend only when what it is built from changed, then serve.

`reflex run --env prod` compiles and rebuilds the frontend at every start (14-18 s on a built
clone before the first answer). `scripts/serve` runs `build` (skipped while a stamp of the
inputs matches) and then `run`, which only serves: the built pages and the backend on one port,
in PADUKO_WORKERS processes (Granian), sharing state through Redis when there are several.
Granian respawns a worker that dies (Reflex's own start would stop the whole server), and one
delivery process (`python -m paduko_app.notify.worker`) runs beside the workers, restarted when
it dies and stopped with them; the workers then start no delivery thread of their own.

    python -m paduko_app.serve build          # build when stale; prints whether it built
    python -m paduko_app.serve run            # serve the existing build (never builds)

Uses Reflex 0.10.1's own build and serve steps (`reflex.reflex._compile_app`,
`reflex.utils.build.setup_frontend_prod`, `reflex.utils.exec.run_backend_prod`), the ones
`reflex run --env prod` calls, in two separate commands.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / ".web" / "build" / "client"
STAMP = ROOT / ".web" / "build" / "paduko-inputs.sha256"
# What the built frontend is made from. The public URL and port are baked into it (the websocket
# address), so a change of those rebuilds too.
INPUT_DIRS = ("paduko_app", "components", "state", "assets", "locales")
INPUT_FILES = ("rxconfig.py", "reflex.lock/bun.lock", "requirements.lock")
BAKED_ENV = ("PADUKO_PUBLIC_URL", "PADUKO_PORT", "PADUKO_MODE")


def inputs_digest(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    files = [p for d in INPUT_DIRS for p in sorted((root / d).rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".mo", ".pyc")]
    files += [root / f for f in INPUT_FILES if (root / f).exists()]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in BAKED_ENV:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    from importlib.metadata import version

    digest.update(version("reflex").encode())
    return digest.hexdigest()


def build_is_current(root: Path = ROOT) -> bool:
    stamp = root / ".web" / "build" / "paduko-inputs.sha256"
    return (stamp.exists() and (root / ".web" / "build" / "client" / "index.html").exists()
            and stamp.read_text().strip() == inputs_digest(root))


def _prod_environment() -> None:
    os.environ["REFLEX_ENV_MODE"] = "prod"
    from reflex_base.environment import environment

    from reflex import constants

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)


def build() -> bool:
    """Build the production frontend unless the build is current; True when it built."""
    if build_is_current():
        return False
    _prod_environment()
    from reflex.config import get_config
    from reflex.reflex import _compile_app, _init
    from reflex.utils import build as rx_build
    from reflex.utils import prerequisites

    os.chdir(ROOT)
    if prerequisites.needs_reinit():
        _init(name=get_config().app_name)
    _compile_app(avoid_dirty_check=False)
    rx_build.setup_frontend_prod(ROOT)
    STAMP.write_text(inputs_digest() + "\n")
    return True


log = logging.getLogger("paduko.serve")
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The delivery process ends when the server's main process ends, even by SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class DeliveryProcess:
    """`python -m paduko_app.notify.worker` beside the web workers, restarted when it dies."""

    RESTART_DELAY_S = 2.0

    def __init__(self, env: dict | None = None):
        self._env = dict(os.environ if env is None else env, PADUKO_DELIVERY="process")
        self._stopping = threading.Event()
        self.process: subprocess.Popen | None = None
        self._watcher: threading.Thread | None = None

    def _spawn(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "paduko_app.notify.worker"], cwd=ROOT,
                                        env=self._env, preexec_fn=_die_with_parent)

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self.process.wait()
            if self._stopping.is_set():
                return
            log.error("delivery process exited with %s; restarting", code)
            if self._stopping.wait(self.RESTART_DELAY_S):
                return
            self._spawn()

    def start(self) -> None:
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="paduko-delivery-watch", daemon=True)
        self._watcher.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _granian_respawns_failed_workers() -> None:
    """Reflex 0.10.1 starts Granian without `respawn_failed_workers`, and then one worker that
    dies (out of memory, a crash, a kill) makes Granian stop every worker: the whole service is
    down. Reflex builds its `Server` inside `run_granian_backend_prod`, so the class it looks up
    is swapped for one that respawns (Granian still exits on a crash loop: a worker dying
    within 5.5 s of its respawn)."""
    import granian.server

    base = granian.server.Server
    if getattr(base, "paduko_respawns", False):
        return

    class RespawningServer(base):
        paduko_respawns = True

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("respawn_failed_workers", True)
            super().__init__(*args, **kwargs)

    granian.server.Server = RespawningServer


def run(workers: int) -> None:
    """Serve the built frontend and the backend on one port; never builds."""
    if not (BUILD / "index.html").exists():
        raise SystemExit("no frontend build: run `python -m paduko_app.serve build` first")
    if workers > 1 and not os.environ.get("REFLEX_REDIS_URL"):
        raise SystemExit("several workers share state through Redis: set REFLEX_REDIS_URL")
    _prod_environment()
    os.environ["GRANIAN_WORKERS"] = str(workers)
    # Read by each worker's lifespan: the delivery process below sends, the workers only enqueue.
    os.environ["PADUKO_DELIVERY"] = "process"
    from reflex_base.environment import environment

    environment.REFLEX_SKIP_COMPILE.set(True)  # the pages were compiled by `build`
    from reflex.config import get_config
    from reflex.utils import exec as rx_exec

    os.chdir(ROOT)
    config = get_config()
    _granian_respawns_failed_workers()
    delivery = DeliveryProcess()
    delivery.start()
    try:
        rx_exec.run_backend_prod(os.environ.get("PADUKO_HOST", "0.0.0.0"), config.backend_port,
                                 config.loglevel.subprocess_level(), mount_frontend_compiled_app=True)
    finally:
        delivery.stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        print("frontend built" if build() else "frontend build is current: not rebuilt")
        return 0
    if argv[:1] == ["run"]:
        workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else int(
            os.environ.get("PADUKO_WORKERS", "1"))
        run(workers)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
