"""A browser whose worker was killed keeps its token (and so its state) on another worker; a
really duplicated tab, whose first worker is alive, still gets a new token; a tab coming back on a
new socket before its old one was noticed closed keeps its token on any worker. On a real Redis."""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import types

import pytest
from redis.asyncio import Redis

from paduko_app.socket_takeover import TakeoverTokenManager
from tests.run_async import run_async

pytestmark = pytest.mark.cluster


def _worker(url: str) -> TakeoverTokenManager:
    return TakeoverTokenManager(Redis.from_url(url))


async def _reconnect_after(url: str, first_dies: bool) -> str | None:
    first, second = _worker(url), _worker(url)
    try:
        assert await first.link_token_to_sid("tab-token", "sid-1") is None
        if first_dies:  # like SIGKILL: its tasks and connections end, its record stays in Redis
            await first.close()
            assert await second.redis.exists(second._get_redis_key("tab-token"))
        return await second.link_token_to_sid("tab-token", "sid-2")
    finally:
        await second.redis.delete(second._get_redis_key("tab-token"))
        for worker in (first, second):
            await worker.close()


def test_a_browser_reconnecting_from_a_dead_worker_keeps_its_token(redis_url):
    assert run_async(_reconnect_after(redis_url, first_dies=True)) is None


def test_a_duplicated_tab_of_a_live_worker_still_gets_a_new_token(redis_url):
    assert run_async(_reconnect_after(redis_url, first_dies=False)) not in (None, "tab-token")


async def _named_again_after_redis_dropped_it(url: str) -> bool:
    worker = _worker(url)
    try:
        await worker.link_token_to_sid("tab-token", "sid-1")
        name = "paduko-rx-" + worker.instance_id
        await worker.redis.execute_command("CLIENT", "KILL", "USER", "default")  # what a server `timeout` does
        assert not await worker._instance_alive(worker.instance_id)
        worker._alive_checked -= 60  # the next connect is past the recheck interval
        await worker.link_token_to_sid("other-token", "sid-2")
        return any(client.get("name") == name for client in await worker.redis.client_list())
    finally:
        await worker.redis.delete(worker._get_redis_key("tab-token"), worker._get_redis_key("other-token"))
        await worker.close()


def test_a_worker_names_its_connection_again_when_redis_closed_it(redis_url):
    assert run_async(_named_again_after_redis_dropped_it(redis_url))


async def _second_worker_gets_the_lock(url: str, first_dies: bool) -> bool:
    from reflex.istate.manager.redis import StateManagerRedis

    from paduko_app.socket_takeover import TakeoverStateManager

    workers = []
    for _ in range(2):
        tokens = _worker(url)
        states = StateManagerRedis(redis=Redis.from_url(url))
        states.__class__ = TakeoverStateManager  # as install() does in each worker
        states._paduko_tokens = tokens
        workers.append((tokens, states))
    (first_tokens, first), (second_tokens, second) = workers
    lock_key = b"browser-token_lock"
    try:
        assert await first._try_get_lock(lock_key, b"send:1")  # the event "Kirim" runs on the first worker
        if first_dies:  # killed during the event: its lock stays in Redis for 10 s
            await first_tokens.close()
        return bool(await second._try_get_lock(lock_key, b"send:2"))  # "Kirim" pressed again
    finally:
        await second.redis.delete(lock_key, lock_key + b"_owner")
        for tokens, states in workers:
            await tokens.close()
            await states.redis.aclose()


def test_a_state_lock_left_by_a_dead_worker_is_released_at_once(redis_url):
    assert run_async(_second_worker_gets_the_lock(redis_url, first_dies=True))


def test_a_state_lock_of_a_live_worker_is_kept(redis_url):
    assert not run_async(_second_worker_gets_the_lock(redis_url, first_dies=False))


# --- a tab that reconnects before the server noticed its old socket was gone (issue 12) ---------

def _worker_with_sockets(url: str):
    """A worker's token manager with the part of its socket server it reads (each sid's address)."""
    from tests.unit.test_reconnect_same_tab import _Namespace

    tokens = _worker(url)
    namespace = _Namespace()
    tokens._paduko_namespace = namespace
    return tokens, namespace.server


async def _same_tab_reconnects(url: str, *, second_tab: str | None, on_other_worker: bool):
    from tests.unit.test_reconnect_same_tab import TAB, _connect

    (first, first_server) = _worker_with_sockets(url)
    (second, second_server) = _worker_with_sockets(url) if on_other_worker else (first, first_server)
    try:
        _connect(first_server, "sid-1", TAB)
        assert await first.link_token_to_sid("tab-token", "sid-1") is None
        _connect(second_server, "sid-2", second_tab)  # sid-1 is alive as far as the server knows
        new_token = await second.link_token_to_sid("tab-token", "sid-2")
        await asyncio.sleep(0)  # the replaced socket's close runs
        closed = list(first_server.closed)
        if on_other_worker and new_token is None:
            await first._get_token_owner("tab-token", refresh=True)  # what Redis's notification makes it do
        old_sid_token = first.sid_to_token.get("sid-1")
        await first.disconnect_token("tab-token", "sid-1")  # the ping timeout, minutes later
        record = await second._fetch_socket_record("tab-token")
        return new_token, record.sid if record else None, closed, old_sid_token
    finally:
        keys = [k async for k in first.redis.scan_iter("*tab-token*")]
        if keys:
            await first.redis.delete(*keys)
        for worker in {id(first): first, id(second): second}.values():
            await worker.close()


def test_the_same_tab_reconnecting_on_another_worker_keeps_its_token(redis_url):
    from tests.unit.test_reconnect_same_tab import TAB

    new_token, linked_sid, closed, old_sid_token = run_async(
        _same_tab_reconnects(redis_url, second_tab=TAB, on_other_worker=True))
    assert (new_token, linked_sid) == (None, "sid-2")  # sid-1's late close left the new link alone
    assert old_sid_token is None  # the first worker no longer counts sid-1 as the token's


def test_the_same_tab_reconnecting_on_its_worker_keeps_its_token_and_closes_the_old_socket(redis_url):
    from tests.unit.test_reconnect_same_tab import TAB

    new_token, linked_sid, closed, old_sid_token = run_async(
        _same_tab_reconnects(redis_url, second_tab=TAB, on_other_worker=False))
    assert (new_token, linked_sid, closed, old_sid_token) == (None, "sid-2", ["sid-1"], None)


def test_a_duplicated_tab_with_another_tab_id_still_gets_a_new_token(redis_url):
    from tests.unit.test_reconnect_same_tab import OTHER_TAB

    for second_tab in (OTHER_TAB, None):
        new_token, linked_sid, closed, old_sid_token = run_async(
            _same_tab_reconnects(redis_url, second_tab=second_tab, on_other_worker=True))
        assert new_token not in (None, "tab-token")
        assert closed == [] and old_sid_token == "tab-token"  # the first tab keeps its socket


async def _lock_after_a_long_event(url: str, manager_class) -> tuple[bool, bool]:
    """An event holds a browser's state lock for three times the lock expiry (a handler waiting
    for a thread under load). Is the lock still its own at the end (so its state write is not
    refused after the browser got its next page), and was a second event kept out meanwhile?"""
    from reflex.istate.manager.redis import StateManagerRedis
    from reflex.istate.manager.token import StateToken

    from paduko_app.socket_takeover import TakeoverStateManager

    tokens = _worker(url)
    first = StateManagerRedis(redis=Redis.from_url(url), lock_expiration=300, lock_warning_threshold=100)
    second = StateManagerRedis(redis=Redis.from_url(url), lock_expiration=300, lock_warning_threshold=100)
    for states in (first, second):
        if manager_class is TakeoverStateManager:
            states.__class__ = TakeoverStateManager
            states._paduko_tokens = tokens
    token = StateToken(ident="long-event-token", cls=dict)
    lock_key = first._lock_key(token)
    try:
        async with first._lock(token, event_name="next_step") as lock_id:
            await asyncio.sleep(0.9)
            kept_out = not await second._try_get_lock(lock_key, b"next_step:2")
            still_ours = await first.redis.get(lock_key) == lock_id
        return still_ours, kept_out
    finally:
        await first.redis.delete(lock_key, lock_key + b"_owner")
        await tokens.close()
        for states in (first, second):
            await states.redis.aclose()


def test_a_state_lock_lasts_as_long_as_its_event(redis_url):
    from paduko_app.socket_takeover import TakeoverStateManager

    assert run_async(_lock_after_a_long_event(redis_url, TakeoverStateManager)) == (True, True)


def test_reflex_alone_lets_the_lock_of_a_long_event_expire(redis_url):
    """What the renewal is for: without it the same event loses its lock (the check above can fail)."""
    from reflex.istate.manager.redis import StateManagerRedis

    assert run_async(_lock_after_a_long_event(redis_url, StateManagerRedis)) == (False, False)


# --- a page update leaves only once its state is written (issue 11's killed-worker flake) ----

class _Browser:
    """What the namespace's emit_update reaches: the updates the browser got, each with the state
    Redis held for it when it was sent."""

    def __init__(self, redis: Redis, key: str):
        self.redis, self.key, self.got = redis, key, []

    async def emit_update(self, update, token):
        stored = await self.redis.get(self.key)
        self.got.append((token, update, pickle.loads(stored) if stored else None))


async def _event_sends_a_page(url: str, fails: bool = False, other_token: bool = False):
    """An event moves the wizard from step A to B and sends the browser page B, as Reflex does:
    the update inside modify_state, the state written when the block ends."""
    from reflex.istate.manager.redis import StateManagerRedis
    from reflex.istate.manager.token import StateToken

    from paduko_app.cluster.held_updates import hold_updates_until_written
    from paduko_app.socket_takeover import TakeoverStateManager

    tokens = _worker(url)
    states = StateManagerRedis(redis=Redis.from_url(url))
    states.__class__ = TakeoverStateManager
    states._paduko_tokens = tokens
    token = StateToken(ident="held-token", cls=dict)
    browser = _Browser(states.redis, str(token))
    namespace = types.SimpleNamespace(emit_update=browser.emit_update)
    hold_updates_until_written(namespace, states)
    await states.set_state(token, {"step": "A"})
    got_inside = None
    try:
        with contextlib.suppress(RuntimeError):
            async with states.modify_state(token) as state:
                state["step"] = "B"
                await namespace.emit_update("page B", "other-token" if other_token else token.ident)
                got_inside = list(browser.got)
                if fails:  # like a state write refused, or any error before it
                    raise RuntimeError("the event ended before its state was written")
        return got_inside, browser.got
    finally:
        await states.redis.delete(str(token), states._lock_key(token), states._lock_key(token) + b"_owner")
        await tokens.close()
        await states.redis.aclose()


def test_a_page_update_leaves_after_its_state_is_written(redis_url):
    inside, got = run_async(_event_sends_a_page(redis_url))
    assert inside == []  # held back while the event still runs
    assert got == [("held-token", "page B", {"step": "B"})]  # Redis was already at B when it left


def test_an_event_that_wrote_no_state_sends_no_page(redis_url):
    inside, got = run_async(_event_sends_a_page(redis_url, fails=True))
    assert inside == [] and got == []  # the browser keeps page A, which Redis still holds


def test_an_update_for_another_browser_is_not_held(redis_url):
    inside, got = run_async(_event_sends_a_page(redis_url, other_token=True))
    assert inside == [("other-token", "page B", {"step": "A"})]
