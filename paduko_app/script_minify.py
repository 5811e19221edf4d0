"""Minify PADUKO's own browser scripts (assets/*.js) in a production build's output.

Reflex minifies the JavaScript it builds, but copies the files of assets/ as they are: with their
comments, voice.js, pwa.js and focus.js cost every first load 2.4 KiB more (gzip) than
minified (issue 12). The PWA plugin runs this after the build and before the service worker's
precache list is made, with the project's Bun (`bun build --minify`: each script is one plain
function expression, nothing is imported or exported, so the output runs as the same classic script).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from paduko_app import settings

ASSETS = settings.ROOT / "assets"
log = logging.getLogger(__name__)


def bun() -> str | None:
    """Bun on the PATH, else the project's own (tools/bun, as scripts/run installs it)."""
    project = settings.ROOT / "tools" / "bun" / "node_modules" / ".bin" / "bun"
    return shutil.which("bun") or (str(project) if project.exists() else None)


def minify(static_dir: Path, sources: Path = ASSETS) -> list[str]:
    """Replace each of our scripts in `static_dir` by its minified form; the names done."""
    command = bun()
    if command is None:
        log.warning("bun not found: PADUKO's scripts are served unminified")
        return []
    done = []
    with tempfile.TemporaryDirectory(prefix="paduko-minify-") as work:
        for source in sorted(sources.glob("*.js")):
            target = static_dir / source.name
            if not target.exists():
                continue
            out = Path(work) / source.name
            subprocess.run([command, "build", str(target), "--minify", "--target=browser", f"--outfile={out}"],
                           check=True, capture_output=True)
            target.write_bytes(out.read_bytes())
            done.append(source.name)
    return done
