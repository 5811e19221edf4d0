"""A browser whose worker died keeps its session when it reconnects to another worker, its next
event does not wait for a lock the dead worker held, and a tab that reconnects before the server
noticed its old websocket was gone keeps its session too (one worker or several).

With several workers Reflex records in Redis which worker holds each browser's websocket
(`token_manager_socket_record_<token>`, kept for an hour). A worker that is killed never removes
its records, so when the browser reconnects to another worker, Reflex takes the token for a
duplicated tab and hands the browser a new one: a fresh, empty state. In the wizard that sent the
resident back to the account page with the application "lost" (seen in
tests/e2e/test_killed_worker.py).

Here each worker keeps one Redis connection named after its socket identity (Reflex's
`instance_id`). A killed process's connections are closed by the kernel, so Redis forgets the
name at once. When a browser reconnects with a token recorded for another worker whose name
Redis no longer knows, that record is stale and is dropped: the browser keeps its token and its
state. A record of a live worker is left alone, so a really duplicated tab still gets a new token.

The same goes for Reflex's lock on a browser's state: a worker killed while it ran that browser's
event leaves the lock in Redis until it expires (10 s, `redis_lock_expiration`), and the browser's
next event ("Kirim" pressed again) waited that long. Each lock is taken together with a note of
the worker holding it (`<lock key>_owner`, same expiry); a lock whose holder Redis no longer
lists is released at once.

A phone that loses its signal is the common case of the same mistake, with one worker too: no
close frame reaches the server, which notices the dead websocket only at the Engine.IO ping
timeout (25 + 120 s). A reconnect or reload within that time finds the token still linked to a
live sid, and Reflex (LocalTokenManager and RedisTokenManager alike) takes it for a duplicated
tab: new token, empty state, the wizard sends the person to /akun. The browser cannot tell
"duplicate" from "same tab" by sessionStorage, since "Duplicate tab" copies it. So each page
load carries a tab id (paduko_app/head.py) in a JS variable, sent as `paduko_tab` in the
websocket's address: it survives Reflex's reconnects, and a reload through sessionStorage (put
there only at `pagehide` and taken out again at load, so a duplicate of a live tab never
copies it). Each link notes the tab id beside the sid; a connection that brings the token with
the tab id noted for its current sid is that tab coming back and takes the link over (the old
sid is disconnected where this worker holds it); anything else is left to Reflex, so a really
duplicated tab still gets its own token. Asking the old sid whether it still answers was the
other choice, but it delays every reconnect by the wait and guesses on a slow network.

A lock of a live worker is kept as long as its event runs (`_keep_lock`). Reflex lets the lock
expire after `redis_lock_expiration` whatever the event is doing, and an event that took longer
(seconds waiting for a handler thread under load) had already sent the browser its next page
when its state write was refused (`LockExpiredError`): the browser showed step B while Redis
still said step A, so the next answer was checked against step A's question and refused
(`error.choice.invalid`, `error.required`; docs/BENCHMARKS.md "Load test"). Expiry now only
frees a lock whose worker stopped renewing it: a dead one (released at once, above) or one
whose event loop stood still for the whole expiry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import re
import time
import urllib.parse

from redis.exceptions import WatchError
from reflex.istate.manager.redis import StateManagerRedis
from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager, SocketRecord

from paduko_app.trace import install_worker_logging, ref

log = logging.getLogger("paduko.sockets")
NAME_PREFIX = "paduko-rx-"
RECHECK_S = 30.0
TAB_PARAM = "paduko_tab"  # the websocket address's parameter carrying the page's tab id
_TAB_ID = re.compile(r"[0-9a-f]{32}")
RENEW_EVERY_S = 1.0
SLOW_LOCK_S = 1.0  # a lock waited for or held longer than this is logged at INFO


def _lock_ref(lock_key: bytes) -> str:
    """The browser a state lock key belongs to (`<token>_<state>_lock`)."""
    return ref(lock_key.decode(errors="replace").rsplit("_lock", 1)[0])


def _event_of(lock_id: bytes) -> str:
    """The event name Reflex puts in a lock id (`<event>:<uuid>`)."""
    return lock_id.decode(errors="replace").rsplit(":", 1)[0] if b":" in lock_id else "-"


def tab_of(environ: dict | None) -> str | None:
    """The tab id a websocket connection was opened with, if it is one (head.py makes them)."""
    query = urllib.parse.parse_qs((environ or {}).get("QUERY_STRING", ""))
    tab = (query.get(TAB_PARAM) or [""])[0]
    return tab if _TAB_ID.fullmatch(tab) else None


def same_tab(noted: tuple[str, str] | None, linked_sid: str, tab: str | None) -> bool:
    """Whether a connection with `tab` is the tab whose link to `linked_sid` was noted as `noted`
    (sid, tab): then it is that tab reconnecting, not a duplicate."""
    return tab is not None and noted == (linked_sid, tab)


class _SameTab:
    """What both token managers below share: the tab id of a sid, and ending a replaced socket."""

    __slots__ = ()  # no layout of its own: install() turns Reflex's objects into subclasses (listed after Reflex's class)
    _paduko_namespace = None  # Reflex's event namespace, set by install()
    _paduko_tasks: set | None = None

    def _tab_of_sid(self, sid: str) -> str | None:
        namespace = self._paduko_namespace
        if namespace is None or namespace.server is None:
            return None
        return tab_of(namespace.server.get_environ(sid, namespace.namespace))

    def _end_replaced_socket(self, old_sid: str) -> None:
        """The tab came back on a new socket: forget the old one here and close it, so it does not
        linger until the ping timeout (its close no longer unlinks the token: it is not the
        token's sid any more)."""
        self.sid_to_token.pop(old_sid, None)
        namespace = self._paduko_namespace
        if namespace is None or namespace.server is None:
            return
        if self._paduko_tasks is None:
            self._paduko_tasks = set()
        task = asyncio.create_task(namespace.server.disconnect(old_sid, namespace=namespace.namespace))
        self._paduko_tasks.add(task)
        task.add_done_callback(self._paduko_tasks.discard)
        log.info("a tab reconnected before its old websocket was noticed closed: it keeps its session")


class ReconnectTokenManager(LocalTokenManager, _SameTab):
    """Reflex's one-worker token manager that recognises a tab coming back on a new socket."""

    def _tabs(self) -> dict[str, tuple[str, str]]:
        # install() turns Reflex's own object into this class, so __init__ never ran.
        return self.__dict__.setdefault("_paduko_tabs", {})

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        tab = self._tab_of_sid(sid)
        record = self.token_to_socket.get(token)
        if record is not None and record.sid != sid and same_tab(self._tabs().get(token), record.sid, tab):
            del self.token_to_socket[token]
            self._end_replaced_socket(record.sid)
        new_token = await super().link_token_to_sid(token, sid)
        if tab is not None:
            self._tabs()[new_token or token] = (sid, tab)
        return new_token

    async def disconnect_token(self, token: str, sid: str) -> None:
        # Reflex drops the token's link whichever sid closes; the replaced socket's late close
        # must not drop the link of the socket that replaced it.
        record = self.token_to_socket.get(token)
        if record is not None and record.sid == sid:
            del self.token_to_socket[token]
            self._tabs().pop(token, None)
        if self.sid_to_token.get(sid) == token:
            del self.sid_to_token[sid]


class TakeoverTokenManager(RedisTokenManager, _SameTab):
    """Reflex's Redis token manager that recognises records left by a dead worker, and a tab
    coming back on a new socket (on any worker)."""

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

    def _tab_key(self, token: str) -> str:
        return f"paduko_socket_tab_{token}"

    async def _take_over_for_same_tab(self, token: str, sid: str, tab: str) -> bool:
        """Link the token to `sid` in place of the socket its tab had, if that is this tab."""
        key = self._get_redis_key(token)
        raw, noted = await self.redis.mget(key, self._tab_key(token))
        if raw is None:
            return False
        record = pickle.loads(raw)
        noted_pair = tuple(noted.decode().split(" ", 1)) if noted else None
        if record.sid == sid or not same_tab(noted_pair, record.sid, tab):
            return False
        self._ensure_socket_record_task()
        new_record = SocketRecord(instance_id=self.instance_id, sid=sid)
        # Replace only the record we looked at: another connection may have just linked.
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            if await pipe.get(key) != raw:
                return False
            pipe.multi()
            pipe.set(key, pickle.dumps(new_record), ex=self.token_expiration)
            pipe.set(self._tab_key(token), f"{sid} {tab}", ex=self.token_expiration)
            try:
                await pipe.execute()
            except WatchError:
                return False
        if record.instance_id == self.instance_id:
            self._end_replaced_socket(record.sid)
        # Another worker holding the old sid adopts the new record from Redis's notification and
        # no longer counts the old sid as the token's.
        self.token_to_socket[token] = new_record
        self.sid_to_token[sid] = token
        return True

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        tab = self._tab_of_sid(sid)
        try:
            await self._announce_alive()
            await self._drop_record_of_dead_worker(token)
            if tab is not None and await self._take_over_for_same_tab(token, sid, tab):
                log.info("browser %s: its tab took its session over on sid %s (worker %s)",
                         ref(token), sid, self.instance_id[:8])
                return None
        except Exception:  # Redis trouble: behave as Reflex does
            log.exception("could not check the worker holding a reconnecting browser")
        new_token = await super().link_token_to_sid(token, sid)
        if new_token:
            log.info("browser %s: linked to another live socket, given a new token %s on sid %s",
                     ref(token), ref(new_token), sid)
        else:
            log.info("browser %s: linked to sid %s (worker %s)", ref(token), sid, self.instance_id[:8])
        if tab is not None:
            try:
                await self.redis.set(self._tab_key(new_token or token), f"{sid} {tab}", ex=self.token_expiration)
            except Exception:
                log.exception("could not note the tab of a browser's socket")
        return new_token

    async def close(self) -> None:
        if self._alive_connection is not None:
            with contextlib.suppress(Exception):
                await self._alive_connection.disconnect()
            self._alive_connection = None
        await super().close()


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


class TakeoverStateManager(StateManagerRedis):
    """Reflex's Redis state manager whose locks say which worker holds them, and last as long as
    the event holding them."""

    _paduko_tokens: TakeoverTokenManager | None = None

    async def _lock_with_owner(self, lock_key: bytes, lock_id: bytes, owner: str) -> bool:
        return bool(await self.redis.eval(_LOCK_WITH_OWNER, 2, lock_key, lock_key + b"_owner", lock_id, owner,
                                          self.lock_expiration))

    async def _release_lock_of_dead_worker(self, lock_key: bytes, tokens: TakeoverTokenManager) -> None:
        held, owner = await self.redis.mget(lock_key, lock_key + b"_owner")
        if held is None or owner is None or owner.decode() == tokens._alive_as:
            return
        if await tokens._name_alive(owner.decode()):
            return
        if await self.redis.eval(_RELEASE_IF_SAME, 2, lock_key, lock_key + b"_owner", held):
            log.warning("browser %s: state lock of dead worker %s released (its event %s)",
                        _lock_ref(lock_key), owner.decode()[len(NAME_PREFIX):][:8], _event_of(held))

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
            self._held_updates()[token.lock_key] = []
            try:
                # Reflex's modify_state writes the state inside this block, after the event sent
                # its updates: they are held back until then (hold_if_locked).
                yield lock_id
            except BaseException:
                # The state was not written: the browser keeps the page the server still has.
                if self._held_updates().pop(token.lock_key, None):
                    log.warning("browser %s: event %s ended without writing its state; its page update "
                                "is not sent", _lock_ref(lock_key), event_name)
                raise
            else:
                await self._send_held(token.lock_key)
            finally:
                self._held_updates().pop(token.lock_key, None)
                keeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keeper
                waited, held = got - asked, time.monotonic() - got
                log.log(logging.INFO if waited > SLOW_LOCK_S or held > SLOW_LOCK_S else logging.DEBUG,
                        "browser %s: event %s waited %.2f s for its state lock, held it %.2f s",
                        _lock_ref(lock_key), event_name, waited, held)

    # --- a page update leaves only once the state it shows is written ---------------------------

    _paduko_send = None  # the namespace's own emit_update, set by install()

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

    async def _send_held(self, token: str) -> None:
        updates = self._held_updates().pop(token, None) or []
        if updates and self._paduko_send is not None:
            for update in updates:
                await self._paduko_send(update, token)

    async def set_state(self, token, state, *, lock_id: bytes | None = None, **context):
        await super().set_state(token, state, lock_id=lock_id, **context)
        if lock_id is not None:
            log.debug("browser %s: state written by event %s", _lock_ref(self._lock_key(token)), _event_of(lock_id))

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


def _trace_events(namespace) -> None:
    """At DEBUG: each event a browser sends and each update sent to it, by name and socket only
    (never a payload), so a log shows where an answer went after a worker died."""
    if not log.isEnabledFor(logging.DEBUG) or getattr(namespace, "_paduko_traced", False):
        return
    namespace._paduko_traced = True
    on_event, emit_update = namespace.on_event, namespace.emit_update

    async def traced_on_event(sid, data):
        name = data.get("name") if isinstance(data, dict) else "?"
        log.debug("browser %s: event %s received on sid %s", ref(namespace.sid_to_token.get(sid)), name, sid)
        return await on_event(sid, data)

    async def traced_emit_update(update, token):
        record = namespace._token_manager.token_to_socket.get(token)
        where = ("sid " + record.sid if record.instance_id == namespace._token_manager.instance_id
                 else "another worker") if record else "no socket"
        log.debug("browser %s: update (%d states%s) sent to %s", ref(token), len(update.delta or {}),
                  ", final" if getattr(update, "final", False) else "", where)
        return await emit_update(update, token)

    namespace.on_event, namespace.emit_update = traced_on_event, traced_emit_update


def install(app) -> None:
    """Turn the app's Redis token and state managers into the classes above (same objects)."""
    namespace = app.event_namespace
    if namespace is not None:
        _trace_events(namespace)
    manager = getattr(namespace, "_token_manager", None) if namespace is not None else None
    if type(manager) is RedisTokenManager:
        manager.__class__ = TakeoverTokenManager
    elif type(manager) is LocalTokenManager:
        manager.__class__ = ReconnectTokenManager
    if isinstance(manager, _SameTab):
        manager._paduko_namespace = namespace
    states = app._state_manager
    if type(states) is StateManagerRedis and isinstance(manager, TakeoverTokenManager):
        states.__class__ = TakeoverStateManager
        states._paduko_tokens = manager
        if namespace is not None:
            _hold_updates_until_written(namespace, states)


def _hold_updates_until_written(namespace, states: TakeoverStateManager) -> None:
    """Every update for a browser whose event runs in this worker waits until that event's state
    is written (TakeoverStateManager._lock): a worker killed in between leaves Redis and the page
    at the same step."""
    if states._paduko_send is not None:
        return
    send = states._paduko_send = namespace.emit_update

    async def emit_update(update, token):
        if not states.hold_if_locked(token, update):
            await send(update, token)

    namespace.emit_update = emit_update


@contextlib.asynccontextmanager
async def lifespan(app):
    """Registered with the app: in each worker, after Reflex set up its socket handling."""
    install_worker_logging()
    install(app)
    yield
