"""A browser whose worker was killed keeps its token (and so its state) on another worker; a
really duplicated tab, whose first worker is alive, still gets a new token. On a real Redis."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from paduko_app.socket_takeover import TakeoverTokenManager

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
    assert asyncio.run(_reconnect_after(redis_url, first_dies=True)) is None


def test_a_duplicated_tab_of_a_live_worker_still_gets_a_new_token(redis_url):
    assert asyncio.run(_reconnect_after(redis_url, first_dies=False)) not in (None, "tab-token")
