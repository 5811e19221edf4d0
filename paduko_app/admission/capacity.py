"""How many applications this worker lets run at once, adjusted from how fast it answers.

A fixed number cannot be right: an older resident thinks a minute over a question, a load test
answers every second, and the same two cores carry twenty times more of the first. So each
worker watches how long its handlers take (from the handler pool's queue to the answer, the
wait a person feels) and, every `ADJUST_S`:
- when the slowest tenth took longer than the target, lowers its capacity by a quarter: those
  under way finish sooner, and newcomers wait in the line, where they see their place;
- when even that tenth took under half the target and the line was full, raises it by an
  eighth (at least one).
With too few answers in a window (a quiet server) nothing changes.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from typing import Callable

ADJUST_S = 2.0
WINDOW_S = 5.0
MIN_SAMPLES = 10


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


class Capacity:
    def __init__(self, start: int, *, floor: int = 4, ceiling: int = 10_000, target_s: float = 0.5,
                 fixed: bool = False, clock: Callable[[], float] = time.monotonic):
        self.floor, self.ceiling, self.target_s, self.fixed = floor, ceiling, target_s, fixed
        self._value = max(floor, min(ceiling, start)) if not fixed else start
        self._clock = clock
        self._lock = threading.Lock()
        self._samples: deque[tuple[float, float]] = deque()  # (when, seconds)
        self._last_adjust = clock()
        self._full = False

    def __call__(self) -> int:
        return self._value

    def observe(self, seconds: float) -> None:
        """One handler's answer took this long (called from any thread)."""
        if self.fixed:
            return
        with self._lock:
            now = self._clock()
            self._samples.append((now, seconds))
            self._adjust(now)

    def full(self, is_full: bool) -> None:
        """Whether the line had no free place at the last admission check."""
        self._full = is_full

    def _adjust(self, now: float) -> None:
        while self._samples and now - self._samples[0][0] > WINDOW_S:
            self._samples.popleft()
        if now - self._last_adjust < ADJUST_S or len(self._samples) < MIN_SAMPLES:
            return
        self._last_adjust = now
        slowest_tenth = sorted(s for _, s in self._samples)[int(len(self._samples) * 0.9)]
        if slowest_tenth > self.target_s:
            self._value = max(self.floor, int(self._value * 0.75))
        elif slowest_tenth < self.target_s / 2 and self._full:
            self._value = min(self.ceiling, self._value + max(1, self._value // 8))


def from_environment() -> Capacity:
    """PADUKO_LINE_CAPACITY fixes the number for the whole service, all workers together (no
    adjusting); otherwise each worker begins at PADUKO_LINE_START (40), never goes below
    PADUKO_LINE_FLOOR (20: a line only under real overload, not after a few slow answers) and
    keeps its slowest tenth of answers under PADUKO_LINE_TARGET_MS (1000)."""
    fixed = os.environ.get("PADUKO_LINE_CAPACITY", "")
    if fixed.isdigit() and int(fixed) > 0:
        return Capacity(int(fixed), floor=1, fixed=True)
    start = int(_env_number("PADUKO_LINE_START", 40))
    return Capacity(start, floor=min(start, int(_env_number("PADUKO_LINE_FLOOR", 20))),
                    target_s=_env_number("PADUKO_LINE_TARGET_MS", 1000) / 1000)
