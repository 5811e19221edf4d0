"""Reflex's Redis token manager with a dead worker's records dropped (`dead_worker_records`) and
a tab coming back on a new socket recognised (`same_tab`), on any worker."""

from __future__ import annotations

import logging

from reflex.utils.token_manager import RedisTokenManager

from paduko_app.cluster.dead_worker_records import DeadWorkerRecords
from paduko_app.cluster.same_tab import SameTabOnRedis
from paduko_app.cluster.worker_names import WorkerNames
from paduko_app.trace import ref

log = logging.getLogger("paduko.sockets")


class TakeoverTokenManager(RedisTokenManager, WorkerNames, DeadWorkerRecords, SameTabOnRedis):
    """What a (re)connecting browser is linked to, when workers die and tabs come back."""

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
        await self._stop_announcing()
        await super().close()
