"""A tab that reconnects (or reloads) before the server noticed its old websocket was gone keeps its
token; a duplicated tab (same token, no tab id or another one) still gets a new token. One worker
here; the Redis manager is in tests/unit/test_socket_takeover.py."""

from __future__ import annotations

import asyncio

from paduko_app import socket_takeover
from paduko_app.socket_takeover import ReconnectTokenManager, same_tab, tab_of
from reflex.utils.token_manager import LocalTokenManager
from tests.run_async import run_async

TAB = "0123456789abcdef0123456789abcdef"
OTHER_TAB = "fedcba9876543210fedcba9876543210"


def test_the_tab_id_is_read_from_the_socket_address():
    assert tab_of({"QUERY_STRING": f"token=t&EIO=4&transport=websocket&paduko_tab={TAB}"}) == TAB


def test_anything_but_a_tab_id_is_no_tab():
    for query in ("token=t", "paduko_tab=", "paduko_tab=xyz", f"paduko_tab={TAB}0", f"paduko_tab={TAB.upper()}"):
        assert tab_of({"QUERY_STRING": query}) is None, query
    assert tab_of(None) is None


def test_same_tab_only_when_both_the_socket_and_the_tab_match():
    assert same_tab(("sid-1", TAB), "sid-1", TAB)
    assert not same_tab(("sid-1", TAB), "sid-1", OTHER_TAB)  # another page load: a duplicate
    assert not same_tab(("sid-1", TAB), "sid-1", None)  # no tab id: as Reflex decides
    assert not same_tab(("sid-0", TAB), "sid-1", TAB)  # a note about an older socket
    assert not same_tab(None, "sid-1", TAB)


class _Server:
    """The part of python-socketio's server the manager uses: each sid's address, and closing."""

    def __init__(self):
        self.environ: dict[str, dict] = {}
        self.closed: list[str] = []

    def get_environ(self, sid, namespace=None):
        return self.environ.get(sid)

    async def disconnect(self, sid, namespace=None):
        self.closed.append(sid)


class _Namespace:
    namespace = "/_event"

    def __init__(self):
        self.server = _Server()


def _manager() -> tuple[ReconnectTokenManager, _Server]:
    """Reflex's own one-worker manager turned into ours, as install() does at start."""
    manager = LocalTokenManager()
    namespace = _Namespace()
    namespace._token_manager = manager
    app = type("App", (), {"event_namespace": namespace, "_state_manager": None})()
    socket_takeover.install(app)
    assert type(manager) is ReconnectTokenManager
    return manager, namespace.server


def _connect(server: _Server, sid: str, tab: str | None) -> None:
    server.environ[sid] = {"QUERY_STRING": "token=t" + (f"&paduko_tab={tab}" if tab else "")}


async def _reconnect(second_tab: str | None, first_tab: str | None = TAB):
    manager, server = _manager()
    _connect(server, "sid-1", first_tab)
    assert await manager.link_token_to_sid("token", "sid-1") is None
    _connect(server, "sid-2", second_tab)  # sid-1 was never closed: the server did not notice
    new_token = await manager.link_token_to_sid("token", "sid-2")
    await asyncio.sleep(0)  # let the replaced socket's close run
    return manager, server, new_token


def test_the_same_tab_reconnecting_keeps_its_token_and_its_old_socket_is_closed():
    manager, server, new_token = run_async(_reconnect(TAB))
    assert new_token is None
    assert manager.token_to_sid["token"] == "sid-2"
    assert "sid-1" not in manager.sid_to_token
    assert server.closed == ["sid-1"]


def test_a_duplicated_tab_gets_a_new_token_and_the_first_keeps_its_socket():
    for second_tab in (OTHER_TAB, None):
        manager, server, new_token = run_async(_reconnect(second_tab))
        assert new_token not in (None, "token")
        assert manager.token_to_sid["token"] == "sid-1"
        assert server.closed == []


def test_a_page_without_a_tab_id_is_left_to_reflex():
    manager, server, new_token = run_async(_reconnect(None, first_tab=None))
    assert new_token not in (None, "token")
    assert server.closed == []


async def _late_close_of_the_replaced_socket():
    manager, server, _ = await _reconnect(TAB)
    await manager.disconnect_token("token", "sid-1")  # the ping timeout, minutes later
    still = dict(manager.token_to_sid)
    await manager.disconnect_token("token", "sid-2")  # the tab really closes
    return still, dict(manager.token_to_sid)


def test_the_replaced_sockets_late_close_leaves_the_new_link_alone():
    still, after = run_async(_late_close_of_the_replaced_socket())
    assert still == {"token": "sid-2"}
    assert after == {}


async def _reconnect_after_a_duplicate():
    """A tab was duplicated (the copy got its own token); then the first tab reconnects."""
    manager, server = _manager()
    _connect(server, "sid-1", TAB)
    await manager.link_token_to_sid("token", "sid-1")
    _connect(server, "sid-copy", OTHER_TAB)
    copy_token = await manager.link_token_to_sid("token", "sid-copy")
    _connect(server, "sid-2", TAB)
    return copy_token, await manager.link_token_to_sid("token", "sid-2"), dict(manager.token_to_sid)


def test_the_first_tab_still_comes_back_after_it_was_duplicated():
    copy_token, new_token, links = run_async(_reconnect_after_a_duplicate())
    assert new_token is None
    assert links == {"token": "sid-2", copy_token: "sid-copy"}
