"""The service line, the same cases on one process's line and on the line shared through Redis."""

from __future__ import annotations

import pytest

from paduko_app.admission.line import (ACTIVE_S, FORGET_S, RATE_WINDOW_S, WAITER_TTL_S, LocalLine, RedisLine,
                                       estimate_minutes)


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["local", "redis"])
def make_line(request):
    clock = Clock()
    made = []

    def make(capacity: int, worker: str = "w1"):
        if request.param == "local":
            return LocalLine(lambda: capacity, clock=clock)
        import redis

        if not made:
            client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
            client.flushdb()
            made.append(client)
        return RedisLine(made[0], worker, lambda: capacity, clock=clock)

    make.clock = clock
    return make


def test_admits_up_to_capacity_then_lines_up_in_order_of_arrival(make_line):
    line = make_line(2)
    assert line.enter("a").admitted and line.enter("b").admitted
    c, d = line.enter("c"), line.enter("d")
    assert (c.admitted, c.ahead, d.admitted, d.ahead) == (False, 0, False, 1)
    assert (c.running, c.capacity) == (2, 2)
    assert line.enter("d").ahead == 1  # asking again keeps the place


def test_a_place_freed_goes_to_the_first_in_line_not_to_a_newcomer(make_line):
    line = make_line(1)
    line.enter("a")
    line.enter("b")
    line.leave("a")  # sent
    assert not line.enter("newcomer").admitted
    assert line.enter("b").admitted


def test_an_admitted_application_is_never_sent_back_to_the_line(make_line):
    line = make_line(1)
    assert line.enter("a").admitted
    line.enter("b")
    make_line.clock.now += ACTIVE_S + 1  # "a" paused: no longer counted as running...
    assert line.enter("b").admitted  # ...so its place went to "b"
    assert line.enter("a").admitted  # and "a" goes on when it returns, over capacity for a while
    line.touch("a")
    assert not line.enter("c").admitted


def test_steps_keep_an_application_counted_as_running(make_line):
    line = make_line(1)
    line.enter("a")
    for _ in range(3):
        make_line.clock.now += ACTIVE_S - 10
        line.touch("a")
    assert not line.enter("b").admitted


def test_a_waiter_who_stops_asking_leaves_the_line(make_line):
    line = make_line(1)
    line.enter("a")
    line.enter("gone")
    make_line.clock.now += WAITER_TTL_S / 2
    assert line.enter("b").ahead == 1
    make_line.clock.now += WAITER_TTL_S / 2 + 1
    assert line.enter("b").ahead == 0


def test_an_untouched_admission_is_forgotten_after_a_long_time(make_line):
    line = make_line(1)
    line.enter("a")
    make_line.clock.now += FORGET_S + 1
    assert line.enter("b").admitted
    assert not line.enter("a").admitted  # a newcomer now, behind nobody but the full line


def test_the_estimate_follows_the_recent_pace_of_admissions(make_line):
    line = make_line(2)
    line.enter("a")
    make_line.clock.now += 60
    line.enter("b")  # two admitted over a minute
    assert [line.enter(key).minutes for key in ("c", "d", "e")] == [1, 1, 2]
    make_line.clock.now += RATE_WINDOW_S  # nobody admitted for a long while: no pace to tell
    line.touch("a")
    line.touch("b")
    place = line.enter("e")
    assert (place.admitted, place.minutes) == (False, 0)


def test_a_line_just_begun_counts_its_pace_over_at_least_a_minute():
    assert estimate_minutes(0, 1, 5.0) == 1
    assert estimate_minutes(9, 10, 5.0) == 1
    assert estimate_minutes(9, 10, 600.0) == 5  # over the five-minute window: two a minute
    assert estimate_minutes(3, 0, 60.0) == 0


def test_capacity_of_every_live_worker_counts(redis_url):
    """Several workers share only the Redis line: each adds its own capacity while it is alive."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    clock = Clock()
    first = RedisLine(client, "w1", lambda: 1, clock=clock)
    second = RedisLine(client, "w2", lambda: 1, clock=clock)
    assert first.enter("a").admitted
    assert second.enter("b").capacity == 2
    assert second.enter("b").admitted
    clock.now += WAITER_TTL_S + 1  # w1 has not asked since: its share drops out
    assert second.enter("c").capacity == 1


def test_a_fixed_capacity_is_the_whole_services_not_each_workers(redis_url):
    import redis

    from paduko_app.admission.capacity import Capacity

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    clock = Clock()
    first = RedisLine(client, "w1", Capacity(1, floor=1, fixed=True), clock=clock)
    second = RedisLine(client, "w2", Capacity(1, floor=1, fixed=True), clock=clock)
    assert first.enter("a").admitted
    place = second.enter("b")
    assert (place.admitted, place.capacity) == (False, 1)
