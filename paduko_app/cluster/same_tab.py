"""A tab that reconnects before the server noticed its old websocket was gone keeps its session
(one worker or several).

A phone that loses its signal is the common case: no close frame reaches the server, which
notices the dead websocket only at the Engine.IO ping timeout (25 + 120 s). A reconnect or reload
within that time finds the token still linked to a live sid, and Reflex (LocalTokenManager and
RedisTokenManager alike) takes it for a duplicated tab: new token, empty state, the wizard sends
the person to /akun. The browser cannot tell "duplicate" from "same tab" by sessionStorage, since
"Duplicate tab" copies it. So each page load carries a tab id (paduko_app/head.py) in a JS
variable, sent as `paduko_tab` in the websocket's address: it survives Reflex's reconnects, and a
reload through sessionStorage (put there only at `pagehide` and taken out again at load, so a
duplicate of a live tab never copies it). Each link notes the tab id beside the sid; a connection
that brings the token with the tab id noted for its current sid is that tab coming back and takes
the link over (the old sid is disconnected where this worker holds it); anything else is left to
Reflex, so a really duplicated tab still gets its own token. Asking the old sid whether it still
answers was the other choice, but it delays every reconnect by the wait and guesses on a slow
network.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import re
import urllib.parse

from redis.exceptions import WatchError
from reflex.utils.token_manager import LocalTokenManager, SocketRecord

log = logging.getLogger("paduko.sockets")
TAB_PARAM = "paduko_tab"  # the websocket address's parameter carrying the page's tab id
_TAB_ID = re.compile(r"[0-9a-f]{32}")


def tab_of(environ: dict | None) -> str | None:
    """The tab id a websocket connection was opened with, if it is one (head.py makes them)."""
    query = urllib.parse.parse_qs((environ or {}).get("QUERY_STRING", ""))
    tab = (query.get(TAB_PARAM) or [""])[0]
    return tab if _TAB_ID.fullmatch(tab) else None


def same_tab(noted: tuple[str, str] | None, linked_sid: str, tab: str | None) -> bool:
    """Whether a connection with `tab` is the tab whose link to `linked_sid` was noted as `noted`
    (sid, tab): then it is that tab reconnecting, not a duplicate."""
    return tab is not None and noted == (linked_sid, tab)


class SameTab:
    """What both token managers share: the tab id of a sid, and ending a replaced socket."""

    __slots__ = ()  # no layout of its own: install() turns Reflex's objects into subclasses
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


class ReconnectTokenManager(LocalTokenManager, SameTab):
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


class SameTabOnRedis(SameTab):
    """The same for Reflex's Redis token manager: the tab noted in Redis, on any worker."""

    __slots__ = ()

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
