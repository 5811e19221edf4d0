"""A browser's state lock in Redis names the worker holding it, is released at once when that
worker died, and lasts as long as the event holding it.

A worker killed while it ran a browser's event left Reflex's lock in Redis until it expired
(then 10 s, `redis_lock_expiration`), and the browser's next event ("Kirim" pressed again) waited
that long. Each lock is taken together with a note of its holder (`<lock key>_owner`, same
expiry); a lock whose holder Redis no longer lists (`worker_names`) is released at once.

Reflex lets a lock expire after `redis_lock_expiration` whatever the event is doing, and an event
that took longer (seconds waiting for a handler thread under load) had already sent the browser
its next page when its state write was refused (`LockExpiredError`): the browser showed step B
while Redis still said step A, so the next answer was checked against step A's question and
refused (docs/BENCHMARKS.md "Load test"). A live worker's lock is now renewed every second while
its event runs (`_keep_lock`); expiry only frees a lock whose worker stopped renewing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from reflex.istate.manager.redis import StateManagerRedis

from paduko_app.cluster.worker_names import NAME_PREFIX
from paduko_app.trace import ref

log = logging.getLogger("paduko.sockets")
RENEW_EVERY_S = 1.0
SLOW_LOCK_S = 1.0  # a lock waited for or held longer than this is logged at INFO

# Take the lock and note its holder in one step; release a lock only if it is still the one seen.
_LOCK_WITH_OWNER = """
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX') then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE_IF_SAME = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
"""
_RENEW_IF_SAME = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


def lock_ref(lock_key: bytes) -> str:
    """The browser a state lock key belongs to (`<token>_lock`), as `trace.ref` names it."""
    return ref(lock_key.decode(errors="replace").rsplit("_lock", 1)[0])


def event_of(lock_id: bytes) -> str:
    """The event name Reflex puts in a lock id (`<event>:<uuid>`)."""
    return lock_id.decode(errors="replace").rsplit(":", 1)[0] if b":" in lock_id else "-"


class OwnedLocks(StateManagerRedis):
    """Reflex's Redis state manager whose locks say which worker holds them, and last as long as
    the event holding them. `_paduko_tokens` (the worker's TakeoverTokenManager) names the worker."""

    _paduko_tokens = None

    async def _lock_with_owner(self, lock_key: bytes, lock_id: bytes, owner: str) -> bool:
        return bool(await self.redis.eval(_LOCK_WITH_OWNER, 2, lock_key, lock_key + b"_owner", lock_id, owner,
                                          self.lock_expiration))

    async def _release_lock_of_dead_worker(self, lock_key: bytes, tokens) -> None:
        held, owner = await self.redis.mget(lock_key, lock_key + b"_owner")
        if held is None or owner is None or owner.decode() == tokens._alive_as:
            return
        if await tokens._name_alive(owner.decode()):
            return
        if await self.redis.eval(_RELEASE_IF_SAME, 2, lock_key, lock_key + b"_owner", held):
            log.warning("browser %s: state lock of dead worker %s released (its event %s)",
                        lock_ref(lock_key), owner.decode()[len(NAME_PREFIX):][:8], event_of(held))

    async def _try_get_lock(self, lock_key: bytes, lock_id: bytes) -> bool | None:
        tokens = self._paduko_tokens
        if tokens is None:
            return await super()._try_get_lock(lock_key, lock_id)
        try:
            await tokens._announce_alive()
            owner = NAME_PREFIX + tokens.instance_id
            if await self._lock_with_owner(lock_key, lock_id, owner):
                return True
            await self._release_lock_of_dead_worker(lock_key, tokens)
            return await self._lock_with_owner(lock_key, lock_id, owner) or None
        except Exception:  # Redis trouble: behave as Reflex does
            log.exception("could not check the worker holding a state lock")
            return await super()._try_get_lock(lock_key, lock_id)

    @contextlib.asynccontextmanager
    async def _lock(self, token, event_name: str | None = None):
        asked = time.monotonic()
        async with super()._lock(token, event_name=event_name) as lock_id:
            lock_key = self._lock_key(token)
            got = time.monotonic()
            keeper = asyncio.create_task(self._keep_lock(lock_key, lock_id))
            try:
                yield lock_id
            finally:
                keeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keeper
                waited, held = got - asked, time.monotonic() - got
                log.log(logging.INFO if waited > SLOW_LOCK_S or held > SLOW_LOCK_S else logging.DEBUG,
                        "browser %s: event %s waited %.2f s for its state lock, held it %.2f s",
                        lock_ref(lock_key), event_name, waited, held)

    async def _keep_lock(self, lock_key: bytes, lock_id: bytes) -> None:
        """Renew the lock (and its owner note) every second while it is still ours. Often, because
        under load the event loop was seen standing still for 6 s between two wake-ups."""
        every = min(RENEW_EVERY_S, self.lock_expiration / 3000)
        started = time.monotonic()
        told = False
        while True:
            await asyncio.sleep(every)
            try:
                kept = await self.redis.eval(_RENEW_IF_SAME, 2, lock_key, lock_key + b"_owner", lock_id,
                                             self.lock_expiration)
            except Exception:  # Redis trouble: try again next time; the expiry is the limit
                log.exception("could not renew a state lock")
                continue
            if not kept:
                return
            held = time.monotonic() - started
            # Reflex's own "held too long" warning only sees the time since the last renewal.
            if not told and held * 3000 > self.lock_expiration:
                told = True
                log.warning("state lock %s held %.1f s, renewed while its event runs",
                            lock_id.decode(errors="replace"), held)
