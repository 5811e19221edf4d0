"""Blocking work off the event loop.

Reflex runs every event handler of a worker on one asyncio loop: a handler that waits for the
database, hashes a password or renders a PDF on that loop freezes every other person served by
the worker. `run` sends such work to a bounded pool of threads instead; `decode_slot` bounds how
many large images are decoded at once, so parallel uploads cannot exhaust the worker's memory.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def _int_env(name: str, default: int) -> int:
    text = os.environ.get(name, "")
    return int(text) if text.isdigit() and int(text) > 0 else default


# More threads than database connections only queue at the pool (SQLAlchemy's default: 5 + 10
# overflow); a handler mostly waits on I/O, so a few per core keep both cores busy.
HANDLER_THREADS = _int_env("PADUKO_HANDLER_THREADS", 12)
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=HANDLER_THREADS, thread_name_prefix="paduko-handler")
        return _executor


async def run(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run `fn` in the handler pool and await its result; context variables go with it (Reflex
    keeps the current event's context in them)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        _pool(), functools.partial(context.run, fn, *args, **kwargs))


# --- large image decodes ----------------------------------------------------------------------

# Decoded RGB(A) costs up to 4 bytes a pixel, and Pillow's turn/convert/resize make about two more
# copies: budget 12 bytes a pixel. Below this size a decode is small enough to run unbounded.
LARGE_DECODE_PIXELS = 16_000_000
BYTES_PER_PIXEL = 12
DECODE_WAIT_SECONDS = float(os.environ.get("PADUKO_DECODE_WAIT_SECONDS", "20") or 20)


def _memory_bytes() -> int:
    """Memory the machine has available now (MemAvailable), or its total where that is unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def decode_slots_from_memory(available: int, *, share: float = 0.25,
                             per_decode: int = 50_000_000 * BYTES_PER_PIXEL) -> int:
    """How many largest decodes (50 MP) fit in a quarter of the available memory; at least one."""
    return max(1, int(available * share) // per_decode)


DECODE_SLOTS = _int_env("PADUKO_DECODE_SLOTS", decode_slots_from_memory(_memory_bytes()))
_decodes = threading.BoundedSemaphore(DECODE_SLOTS)


class Busy(Exception):
    """No slot became free in time: the person is asked to try again shortly."""


@contextmanager
def decode_slot(pixels: int, *, wait: float | None = None) -> Iterator[None]:
    """Hold one of the decode slots while decoding a large image (called in a worker thread)."""
    if pixels < LARGE_DECODE_PIXELS:
        yield
        return
    if not _decodes.acquire(timeout=DECODE_WAIT_SECONDS if wait is None else wait):
        log.warning("no decode slot free for a %d-pixel image (%d slots busy)", pixels, DECODE_SLOTS)
        raise Busy()
    try:
        yield
    finally:
        _decodes.release()
