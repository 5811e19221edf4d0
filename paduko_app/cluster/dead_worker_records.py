"""A browser whose worker died keeps its session when it reconnects to another worker.

With several workers Reflex records in Redis which worker holds each browser's websocket
(`token_manager_socket_record_<token>`, kept for an hour). A worker that is killed never removes
its records, so when the browser reconnected to another worker, Reflex took the token for a
duplicated tab and handed the browser a new one: a fresh, empty state (the wizard sent the
resident back to the account page, seen in tests/e2e/test_killed_worker.py). A record noted for
a worker whose name Redis no longer lists (`worker_names`) is stale and is dropped, so the
browser keeps its token and state; a record of a live worker is left alone, so a really
duplicated tab still gets a new token.
"""

from __future__ import annotations

import contextlib
import logging
import pickle

from paduko_app.trace import ref

log = logging.getLogger("paduko.sockets")


class DeadWorkerRecords:
    """Mixed into Reflex's Redis token manager together with `WorkerNames`."""

    __slots__ = ()

    async def _drop_record_of_dead_worker(self, token: str) -> None:
        key = self._get_redis_key(token)
        raw = await self.redis.get(key)
        if raw is None:
            return
        record = pickle.loads(raw)
        if record.instance_id == self.instance_id or await self._instance_alive(record.instance_id):
            return
        # Delete only the record we looked at (another worker may have just written its own).
        async with self.redis.pipeline(transaction=True) as pipe:
            with contextlib.suppress(Exception):
                await pipe.watch(key)
                if await pipe.get(key) == raw:
                    pipe.multi()
                    pipe.delete(key)
                    await pipe.execute()
                    log.info("browser %s: socket record of dead worker %s dropped; it keeps its session",
                             ref(token), record.instance_id[:8])
