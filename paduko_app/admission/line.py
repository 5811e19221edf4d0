"""The service line ("antrean"): when the server is full, new applications start in turn.

Under overload, first-come service slowed every step of every resident together until they
gave up (docs/BENCHMARKS.md, N=500: 9 of 500 applications finished). A public service should
instead finish the applications already under way and let newcomers wait in a visible line,
with their place and an estimate, in their language. So the wizard asks the line before it
starts or resumes an application (`enter`); every step of an admitted application keeps its
place (`touch`); sending it frees the place (`leave`). Nobody already admitted is ever sent back
to the line: a resident who paused for a while keeps going when they return.

How many applications may run at once is the capacity, which each worker adjusts from how fast
it answers (`capacity.Capacity`). An application counts as running while its last step was
within `ACTIVE_S`; a waiter who stops asking (a closed tab) leaves the line after `WAITER_TTL_S`.

`LocalLine` serves one process (SQLite, one worker); `RedisLine` is the same line shared by
several workers through Redis, decided in one Lua script so two workers never admit the same
free place twice. The unit tests run the same cases against both.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Protocol

ACTIVE_S = 120.0  # an application counts as running this long after its last step
WAITER_TTL_S = 30.0  # a waiter's page asks every few seconds; silence this long leaves the line
FORGET_S = 30 * 60.0  # an admitted application untouched this long is forgotten
RATE_WINDOW_S = 300.0  # admissions counted over this window for the estimate


@dataclass(frozen=True)
class Place:
    admitted: bool
    ahead: int = 0  # people in line before this one
    minutes: int = 0  # estimated wait; 0 while no one has been admitted lately to estimate from
    running: int = 0  # applications counted as running (after this call)
    capacity: int = 0  # how many may run at once, all workers together


def estimate_minutes(ahead: int, admitted: int, since_first_s: float) -> int:
    """Minutes until the turn of the person with `ahead` people before them, at the pace of the
    `admitted` admissions of the last window, the first of them `since_first_s` ago (counted as at
    least a minute, so that a line just begun does not promise seconds)."""
    if admitted <= 0:
        return 0
    per_minute = admitted * 60.0 / min(RATE_WINDOW_S, max(60.0, since_first_s))
    return max(1, math.ceil((ahead + 1) / per_minute))


class Line(Protocol):
    def enter(self, key: str) -> Place: ...
    def touch(self, key: str) -> None: ...
    def leave(self, key: str) -> None: ...


class LocalLine:
    """The line of one process. Thread-safe: handlers call it from the handler pool."""

    def __init__(self, capacity: Callable[[], int], clock: Callable[[], float] = time.monotonic):
        self._capacity, self._clock = capacity, clock
        self._lock = threading.Lock()
        self._admitted: dict[str, float] = {}  # key -> last step
        self._waiting: dict[str, float] = {}  # key -> last asked, in order of arrival
        self._admissions: deque[float] = deque()

    def enter(self, key: str) -> Place:
        with self._lock:
            now = self._clock()
            self._forget(now)
            capacity = self._capacity()
            if key in self._admitted:
                self._admitted[key] = now
                return Place(True, running=self._running(now), capacity=capacity)
            self._waiting[key] = now  # a dict keeps the order of arrival; asking again keeps it
            ahead = list(self._waiting).index(key)
            running = self._running(now)
            if running + ahead < capacity:
                del self._waiting[key]
                self._admitted[key] = now
                self._admissions.append(now)
                return Place(True, running=running + 1, capacity=capacity)
            since_first = now - self._admissions[0] if self._admissions else 0.0
            return Place(False, ahead, estimate_minutes(ahead, len(self._admissions), since_first), running, capacity)

    def touch(self, key: str) -> None:
        with self._lock:
            self._admitted[key] = self._clock()
            self._waiting.pop(key, None)

    def leave(self, key: str) -> None:
        with self._lock:
            self._admitted.pop(key, None)
            self._waiting.pop(key, None)

    def _running(self, now: float) -> int:
        return sum(1 for last in self._admitted.values() if now - last < ACTIVE_S)

    def _forget(self, now: float) -> None:
        for key in [k for k, last in self._waiting.items() if now - last >= WAITER_TTL_S]:
            del self._waiting[key]
        for key in [k for k, last in self._admitted.items() if now - last >= FORGET_S]:
            del self._admitted[key]
        while self._admissions and now - self._admissions[0] >= RATE_WINDOW_S:
            self._admissions.popleft()


# KEYS: admitted (zset key -> last step), waiting (zset key -> arrival), seen (zset key -> last
# asked), admissions (zset of admission times), capacities (hash worker -> capacity), capacity
# expiries (zset worker -> expiry). ARGV: key, now (ms), worker, its capacity, the windows, and
# whether that capacity is the fixed one for all workers together (PADUKO_LINE_CAPACITY).
_ENTER = """
local now = tonumber(ARGV[2])
redis.call('HSET', KEYS[5], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[6], now + tonumber(ARGV[5]), ARGV[3])
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)) do
  redis.call('HDEL', KEYS[5], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
local capacity = 0
for _, value in ipairs(redis.call('HVALS', KEYS[5])) do capacity = capacity + tonumber(value) end
if ARGV[10] == '1' then capacity = tonumber(ARGV[4]) end
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[7]))) do
  redis.call('ZREM', KEYS[2], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[7]))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[8]))
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[9]))
local running = redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[6]) + 1, '+inf')
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  return {1, 0, 0, running, capacity}
end
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
redis.call('ZADD', KEYS[3], now, ARGV[1])
local ahead = redis.call('ZRANK', KEYS[2], ARGV[1])
if running + ahead < capacity then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('ZADD', KEYS[4], now, ARGV[1] .. ':' .. now)
  return {1, 0, 0, running + 1, capacity}
end
local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')[2] or now
return {0, ahead, redis.call('ZCARD', KEYS[4]), running, capacity, now - tonumber(first)}
"""
_TOUCH = """
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
"""


class RedisLine:
    """One line for all workers, kept in Redis. Called from the handler pool (a blocking client)."""

    KEYS = tuple(f"paduko:line:{name}" for name in
                 ("admitted", "waiting", "seen", "admissions", "capacity", "capacity-until"))

    def __init__(self, client, worker: str, capacity: Callable[[], int],
                 clock: Callable[[], float] = time.time):
        self._redis, self._worker, self._capacity, self._clock = client, worker, capacity, clock
        self._enter = client.register_script(_ENTER)
        self._touch = client.register_script(_TOUCH)

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def enter(self, key: str) -> Place:
        admitted, ahead, admissions, running, capacity, *since_first_ms = self._enter(keys=self.KEYS, args=[
            key, self._now_ms(), self._worker, self._capacity(), int(WAITER_TTL_S * 1000),
            int(ACTIVE_S * 1000), int(WAITER_TTL_S * 1000), int(FORGET_S * 1000), int(RATE_WINDOW_S * 1000),
            "1" if getattr(self._capacity, "fixed", False) else "0"])
        if admitted:
            return Place(True, running=int(running), capacity=int(capacity))
        minutes = estimate_minutes(int(ahead), int(admissions), int(since_first_ms[0]) / 1000)
        return Place(False, int(ahead), minutes, int(running), int(capacity))

    def touch(self, key: str) -> None:
        self._touch(keys=self.KEYS[:3], args=[key, self._now_ms()])

    def leave(self, key: str) -> None:
        pipe = self._redis.pipeline(transaction=True)
        for name in self.KEYS[:3]:
            pipe.zrem(name, key)
        pipe.execute()
