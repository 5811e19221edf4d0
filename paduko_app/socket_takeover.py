"""Puts the `paduko_app.cluster` classes in place of Reflex's own in each worker: a browser whose
worker died keeps its session on another worker and does not wait for the dead worker's lock, a
tab reconnecting before its old websocket was noticed closed keeps its session (one worker or
several), a lock lasts as long as its event, and a page update leaves only after the state it
shows is written. Each job and why it is needed: the modules of `paduko_app/cluster/`.
"""

from __future__ import annotations

import contextlib

from reflex.istate.manager.redis import StateManagerRedis
from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager

from paduko_app.cluster.event_trace import trace_events
from paduko_app.cluster.held_updates import HeldUpdates, hold_updates_until_written
from paduko_app.cluster.same_tab import TAB_PARAM, ReconnectTokenManager, SameTab, same_tab, tab_of
from paduko_app.cluster.state_locks import OwnedLocks
from paduko_app.cluster.tokens import TakeoverTokenManager
from paduko_app.cluster.worker_names import NAME_PREFIX
from paduko_app.trace import install_worker_logging

__all__ = ["NAME_PREFIX", "TAB_PARAM", "ReconnectTokenManager", "TakeoverStateManager", "TakeoverTokenManager",
           "connected_here", "install", "lifespan", "same_tab", "tab_of"]


class TakeoverStateManager(HeldUpdates, OwnedLocks):
    """Reflex's Redis state manager: updates held until written, inside a lock that names its
    worker and is renewed while its event runs."""


_this_workers_tokens = None  # the token manager of this worker, once installed


def connected_here(token: str) -> bool:
    """Whether a browser tab has its websocket on this worker now (True before the app is set up)."""
    manager = _this_workers_tokens
    return manager is None or token in manager.token_to_socket


def install(app) -> None:
    """Turn the app's token and state managers into the classes above (same objects)."""
    global _this_workers_tokens
    namespace = app.event_namespace
    if namespace is not None:
        trace_events(namespace)
    manager = getattr(namespace, "_token_manager", None) if namespace is not None else None
    _this_workers_tokens = manager
    if type(manager) is RedisTokenManager:
        manager.__class__ = TakeoverTokenManager
    elif type(manager) is LocalTokenManager:
        manager.__class__ = ReconnectTokenManager
    if isinstance(manager, SameTab):
        manager._paduko_namespace = namespace
    states = app._state_manager
    if type(states) is StateManagerRedis and isinstance(manager, TakeoverTokenManager):
        states.__class__ = TakeoverStateManager
        states._paduko_tokens = manager
        if namespace is not None:
            hold_updates_until_written(namespace, states)


@contextlib.asynccontextmanager
async def lifespan(app):
    """Registered with the app: in each worker, after Reflex set up its socket handling."""
    install_worker_logging()
    install(app)
    yield
