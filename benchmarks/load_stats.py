"""Figures of a load run (benchmarks/load.py): percentiles, and the server's CPU time and memory
read from /proc for the served process and every process it started."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method: always one of the values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    residents: int
    completed: int
    errors: int
    seconds: float
    events: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cpu_s: float
    rss_growth_bytes: int

    @property
    def per_minute(self) -> float:
        return self.completed / self.seconds * 60 if self.seconds > 0 else 0.0

    @property
    def cpu_ms_per_event(self) -> float:
        return self.cpu_s * 1000 / self.events if self.events else math.nan

    @property
    def kib_per_session(self) -> float:
        return self.rss_growth_bytes / 1024 / self.residents if self.residents else math.nan


def summarise(residents: int, completed: int, errors: int, seconds: float, round_trips_ms: list[float],
              cpu_s: float, rss_growth_bytes: int) -> Summary:
    return Summary(residents, completed, errors, seconds, len(round_trips_ms), percentile(round_trips_ms, 50),
                   percentile(round_trips_ms, 95), percentile(round_trips_ms, 99), cpu_s, rss_growth_bytes)


def render(label: str, s: Summary) -> str:
    return (f"{label:<22} N={s.residents:<4} complete {s.completed:>4} in {s.seconds:6.1f}s = {s.per_minute:7.0f}/min"
            f"  errors {s.errors:<3} events {s.events:<6} round trip p50 {s.p50_ms:6.1f} p95 {s.p95_ms:7.1f}"
            f" p99 {s.p99_ms:7.1f} ms  CPU/event {s.cpu_ms_per_event:5.1f} ms"
            f"  RSS/session {s.kib_per_session:6.0f} KiB")


def process_tree(root_pid: int, proc: Path = Path("/proc")) -> list[int]:
    """The process and all its descendants (Granian's workers are children of the served process)."""
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(stat_text: str, ticks: int) -> float:
    """utime + stime of one /proc/PID/stat line, in seconds."""
    fields = stat_text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks  # fields 14 and 15 of proc(5)


def tree_usage(root_pid: int) -> tuple[float, int]:
    """(CPU seconds, resident memory in bytes) of the process tree, summed."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, rss = 0.0, 0
    for pid in process_tree(root_pid):
        try:
            cpu += cpu_seconds(Path(f"/proc/{pid}/stat").read_text(), ticks)
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return cpu, rss
