"""Where the server's CPU went in a load run: py-spy's collapsed stacks (benchmarks/load.py
--profile) summed by kind of work, by the function that ran, and by PADUKO's own functions.

    .venv/bin/python benchmarks/load_profile.py test-artifacts/profile/profile-50.txt

Each line of the file is one distinct stack, frames from the root to the leaf separated by ";",
then the number of samples (py-spy keeps only samples of threads running on a CPU). A sample is
put in a kind of WHOLE_WORK when any of its frames shows one (a PDF's font parsing is the
receipt's cost), else in the kind of the frame nearest the leaf that KINDS knows (a query made by
a handler is SQL, the JSON encoding of a delta is Reflex's). WHOLE_WORK: first match wins; a
 made by Reflex's state code counts as SQL, and PIL called from a handler as photos.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (kind, patterns matched against each frame's text "function (file:line)"); first match wins.
WHOLE_WORK: list[tuple[str, tuple[str, ...]]] = [
    ("photos (Pillow, media.py)", ("(PIL/", "(pillow_heif/", "(paduko_app/domain/media.py")),
    ("PDF receipt (fpdf2, fontTools, QR)", ("(fpdf/", "(fontTools/", "(qrcode/", "(segno/",
                                            "(paduko_app/domain/receipt.py")),
    ("password / code hashing (argon2)", ("(argon2/",)),
    ("i18n.translate", ("(paduko_app/i18n.py",)),
    ("wizard view (answer_views, journey, rules)", ("(paduko_app/services/answer_views.py",
                                                    "(paduko_app/domain/journey.py", "(paduko_app/domain/rules.py")),
]
KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("SQL (SQLAlchemy, driver)", ("(sqlalchemy/", "(sqlmodel/", "(sqlite3/", "(psycopg/", "(alembic/")),
    ("PADUKO handlers and services (own code)", ("(paduko_app/services/", "(paduko_app/domain/", "(paduko_app/db/",
                                                 "(paduko_app/notify/", "(paduko_app/api/routes.py", "(state/",
                                                 "(paduko_app/i18n.py", "(paduko_app/offload.py")),
    ("Reflex state manager (disk/Redis: pickle, read, write)", ("(reflex/istate/manager/", "(redis/", "(pickle",
                                                                "(copyreg")),
    ("Reflex delta and serialisation (JSON)", ("(reflex/istate/delta.py", "(reflex_base/utils/format.py",
                                               "(reflex_base/utils/serializers.py", "(json/", "_serialize (reflex")),
    ("Reflex events and state (other)", ("(reflex/", "(reflex_base/")),
    ("socket.io / engine.io / websocket", ("(socketio/", "(engineio/", "(websockets/", "(wsproto/")),
    ("HTTP (Granian, Starlette)", ("(granian/", "(starlette/", "(fastapi/", "(anyio/")),
    ("asyncio", ("(asyncio/",)),
]
OWN = re.compile(r"\((paduko_app|state|components)/(?!serve\.py)")
# A thread blocked in one of these was waiting, not computing (py-spy counts it where it cannot
# tell); such samples are left out.
WAITS = ("Condition.wait (", "Queue.get (", "_worker (concurrent", "EpollSelector.select (", "Event.wait (",
         "Lock.acquire (", "sleep (")


def read(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stack = [f for f in frames.split(";") if not f.startswith("process ")]
            if stack and not stack[-1].startswith(WAITS):
                stacks.append((stack, int(count)))
    return stacks


def kind_of(frames: list[str]) -> str:
    for kind, patterns in WHOLE_WORK:
        if any(p in f for f in frames for p in patterns):
            return kind
    for frame in reversed(frames):
        for kind, patterns in KINDS:
            if any(p in frame for p in patterns):
                return kind
    return "other"


def _short(frame: str) -> str:
    """'fn (path/to/site-packages/pkg/mod.py:12)' -> 'fn (pkg/mod.py)'."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "lib/python3.11/", "wt-profile/", "/work/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where})"


def report(path: Path, top: int = 25) -> str:
    stacks = read(Path(path))
    total = sum(c for _, c in stacks)
    if not total:
        return f"profile {path}: no samples"
    kinds, leaves, own_inclusive, inclusive = Counter(), Counter(), Counter(), Counter()
    loop = sum(c for frames, c in stacks if not any(f.startswith("Thread._bootstrap (") for f in frames))
    for frames, count in stacks:
        kinds[kind_of(frames)] += count
        leaves[_short(frames[-1])] += count
        seen = {_short(f) for f in frames}
        for f in seen:
            inclusive[f] += count
        for f in {_short(f) for f in frames if OWN.search(f)}:
            own_inclusive[f] += count
    out = [f"profile {path}: {total} samples of the thread holding the GIL (py-spy --gil, 200 Hz, every server process)",
           f"  on the event loop (the worker's main thread): {100 * loop / total:.1f}%; in other threads "
           f"(handler pool, Reflex's, the delivery worker): {100 * (total - loop) / total:.1f}%",
           "  by kind of work (each sample once: receipt, photos, hashing, i18n or wizard view when any frame"
           " shows it, else the kind of the frame nearest the leaf):"]
    out += [f"    {100 * c / total:5.1f}%  {k}" for k, c in kinds.most_common()]
    out.append(f"  functions with the most samples under them (inclusive), top {top}:")
    out += [f"    {100 * c / total:5.1f}%  {f}" for f, c in inclusive.most_common(top)]
    out.append(f"  PADUKO's own functions (inclusive), top {top}:")
    out += [f"    {100 * c / total:5.1f}%  {f}" for f, c in own_inclusive.most_common(top)]
    out.append(f"  where the CPU was when sampled (leaf function, self), top {top}:")
    out += [f"    {100 * c / total:5.1f}%  {f}" for f, c in leaves.most_common(top)]
    return "\n".join(out)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 25))
