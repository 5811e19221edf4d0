"""Run a coroutine to the end from a synchronous test.

Playwright's sync API (the browser tests' session fixture) keeps an event loop running in the
main thread for the whole test session, so `asyncio.run` there fails once a browser test has run;
a worker thread has no loop of its own and can always start one.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_async(coroutine):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
