"""A page update leaves the worker only after the state it shows is written to Redis.

Reflex sends an event's updates while the event runs and writes the browser's state when it
ends. A worker killed in between (issue 11: the killed-worker test failed once in CI) had shown
the browser step B while Redis still held step A; the reconnect's hydrate then showed step A
again, so the resident was asked a stored question twice (and the test's walker, answering the
page it had seen, got "no new page"). Here every update for a browser whose event runs in this
worker waits until that event's state is written, then leaves in order, before the lock is
released. An event that ends without writing its state sends nothing: the browser keeps the
page that the server still has. Wherever a kill lands, the page after the reconnect agrees with
Redis: either the old page (nothing was written, the answer is asked again with what is stored
shown) or the new one.

Handlers here send no progress updates mid-event (none `yield`s), so holding delays nothing a
person sees but the few milliseconds of the write.
"""

from __future__ import annotations

import contextlib
import logging

from reflex.istate.manager.redis import StateManagerRedis

from paduko_app.cluster.state_locks import event_of, lock_ref

log = logging.getLogger("paduko.sockets")


class HeldUpdates(StateManagerRedis):
    """`_paduko_send` is the namespace's own emit_update (set by `hold_updates_until_written`)."""

    _paduko_send = None

    def _held_updates(self) -> dict[str, list]:
        # install() turns Reflex's own object into this class, so __init__ never ran.
        return self.__dict__.setdefault("_paduko_held", {})

    def hold_if_locked(self, token: str, update) -> bool:
        """Hold `update` back when this worker runs an event of `token`'s browser (it is sent once
        the event's state is written); False when nothing of that browser runs here."""
        held_back = self._held_updates().get(token)
        if held_back is None:
            return False
        held_back.append(update)
        return True

    @contextlib.asynccontextmanager
    async def _lock(self, token, event_name: str | None = None):
        async with super()._lock(token, event_name=event_name) as lock_id:
            ident = token.lock_key
            self._held_updates()[ident] = []
            try:
                # Reflex's modify_state writes the state inside this block, after the event sent
                # its updates.
                yield lock_id
            except BaseException:
                if self._held_updates().pop(ident, None):
                    log.warning("browser %s: event %s ended without writing its state; its page update "
                                "is not sent", lock_ref(self._lock_key(token)), event_name)
                raise
            else:
                await self._send_held(ident)
            finally:
                self._held_updates().pop(ident, None)

    async def _send_held(self, token: str) -> None:
        updates = self._held_updates().pop(token, None) or []
        if updates and self._paduko_send is not None:
            for update in updates:
                await self._paduko_send(update, token)

    async def set_state(self, token, state, *, lock_id: bytes | None = None, **context):
        await super().set_state(token, state, lock_id=lock_id, **context)
        if lock_id is not None:
            log.debug("browser %s: state written by event %s", lock_ref(self._lock_key(token)), event_of(lock_id))


def hold_updates_until_written(namespace, states: HeldUpdates) -> None:
    """Route the namespace's updates through `states`, which holds back those of a browser whose
    event runs in this worker until its state is written."""
    if states._paduko_send is not None:
        return
    send = states._paduko_send = namespace.emit_update

    async def emit_update(update, token):
        if not states.hold_if_locked(token, update):
            await send(update, token)

    namespace.emit_update = emit_update
