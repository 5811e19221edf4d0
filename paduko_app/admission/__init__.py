"""The service line: new applications start in turn when the server is full (see `line`).

`line()` is this process's view of it: in memory with one worker, in Redis when
REFLEX_REDIS_URL is set (several workers share one line). `capacity` is this worker's share,
adjusted from how fast its handlers answer (`state.auth` reports each answer's time).
"""

from __future__ import annotations

import os
import socket
import threading

from paduko_app import settings
from paduko_app.admission.capacity import Capacity, from_environment
from paduko_app.admission.line import Line, LocalLine, Place, RedisLine

__all__ = ["Capacity", "Line", "Place", "capacity", "enter", "line"]

capacity: Capacity = from_environment()
_line: Line | None = None
_line_pid = 0
_lock = threading.Lock()


def line() -> Line:
    """The line for this process (made again in a forked worker: a Redis client is per process)."""
    global _line, _line_pid
    with _lock:
        if _line is None or _line_pid != os.getpid():
            redis_url = settings.load().redis_url
            if redis_url:
                import redis

                client = redis.Redis.from_url(redis_url, socket_timeout=5)
                _line = RedisLine(client, f"{socket.gethostname()}:{os.getpid()}", capacity)
            else:
                _line = LocalLine(capacity)
            _line_pid = os.getpid()
        return _line


def enter(key: str) -> Place:
    """Ask the line for this tab's place (admitted, or how many are ahead); whether the line was
    full tells the capacity whether raising it could help."""
    place = line().enter(key)
    capacity.full(not place.admitted)
    return place
