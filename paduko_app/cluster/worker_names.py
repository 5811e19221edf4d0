"""Which workers are alive, as Redis sees it.

Each worker keeps one Redis connection named after its socket identity (Reflex's `instance_id`).
A killed process's connections are closed by the kernel, so Redis forgets the name at once: a
record or lock noted with a name that Redis no longer lists belongs to a dead worker.
"""

from __future__ import annotations

import asyncio
import time

NAME_PREFIX = "paduko-rx-"
RECHECK_S = 30.0


class WorkerNames:
    """Mixed into Reflex's Redis token manager (needs its `redis` and `instance_id`)."""

    __slots__ = ()  # no layout of its own: install() turns Reflex's objects into subclasses
    _alive_connection = None
    _alive_as: str | None = None
    _alive_checked = 0.0
    _alive_lock: asyncio.Lock | None = None

    async def _announce_alive(self) -> None:
        """One open connection named after this worker's identity (renamed when it changes: Reflex
        gives each forked worker a fresh one). At most every RECHECK_S a PING tells whether Redis
        still has it (a server `timeout` closes idle connections); if not, it is opened again."""
        if (self._alive_as == self.instance_id and self._alive_connection is not None
                and time.monotonic() - self._alive_checked < RECHECK_S):
            return
        if self._alive_lock is None:
            self._alive_lock = asyncio.Lock()
        async with self._alive_lock:  # two browsers connecting at once share one connection
            if self._alive_connection is None:
                pool = self.redis.connection_pool
                self._alive_connection = pool.connection_class(**pool.connection_kwargs)
            connection = self._alive_connection
            if self._alive_as == self.instance_id and connection.is_connected:
                try:
                    await connection.send_command("PING")
                    await connection.read_response()
                    self._alive_checked = time.monotonic()
                    return
                except Exception:
                    await connection.disconnect()
            await connection.connect()
            await connection.send_command("CLIENT", "SETNAME", NAME_PREFIX + self.instance_id)
            await connection.read_response()
            self._alive_as, self._alive_checked = self.instance_id, time.monotonic()

    async def _instance_alive(self, instance_id: str) -> bool:
        return await self._name_alive(NAME_PREFIX + instance_id)

    async def _name_alive(self, name: str) -> bool:
        return any(client.get("name") == name for client in await self.redis.client_list())

    async def _stop_announcing(self) -> None:
        if self._alive_connection is not None:
            try:
                await self._alive_connection.disconnect()
            except Exception:
                pass
            self._alive_connection = None
