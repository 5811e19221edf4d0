"""Periodic work the server does on its own: end kiosk sessions left idle (a closed tab never
presses "warga berikutnya"). Runs in a thread, off the event loop (DESIGN principle 9)."""

from __future__ import annotations

import asyncio
import logging

from paduko_app.db.engine import unit_of_work
from paduko_app.services import kiosk

SWEEP_EVERY_SECONDS = 30  # a session idle for 5 minutes ends within half a minute
log = logging.getLogger(__name__)


def sweep_once() -> int:
    with unit_of_work() as session:
        return kiosk.sweep(session)


async def sweep_forever() -> None:
    while True:
        try:
            await asyncio.to_thread(sweep_once)
        except Exception:  # a database hiccup must not stop the next sweep
            log.exception("kiosk sweep failed")
        await asyncio.sleep(SWEEP_EVERY_SECONDS)
