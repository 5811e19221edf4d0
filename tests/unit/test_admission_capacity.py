"""Each worker's capacity follows how fast its handlers answer."""

from __future__ import annotations

from paduko_app.admission.capacity import ADJUST_S, MIN_SAMPLES, WINDOW_S, Capacity


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def _answers(capacity: Capacity, clock: Clock, seconds: float, count: int = MIN_SAMPLES) -> None:
    clock.now += ADJUST_S
    for _ in range(count):
        capacity.observe(seconds)


def test_slow_answers_lower_it_by_a_quarter_down_to_the_floor():
    clock = Clock()
    capacity = Capacity(40, floor=4, target_s=0.5, clock=clock)
    _answers(capacity, clock, 0.8)
    assert capacity() == 30
    for _ in range(20):
        _answers(capacity, clock, 0.8)
    assert capacity() == 4


def test_fast_answers_raise_it_only_while_the_line_is_full():
    clock = Clock()
    capacity = Capacity(40, target_s=0.5, clock=clock)
    _answers(capacity, clock, 0.05)
    assert capacity() == 40  # a quiet, fast server does not grow a number nobody reaches
    capacity.full(True)
    _answers(capacity, clock, 0.05)
    assert capacity() == 45


def test_a_few_answers_or_middling_ones_change_nothing():
    clock = Clock()
    capacity = Capacity(40, target_s=0.5, clock=clock)
    capacity.full(True)
    _answers(capacity, clock, 5.0, count=MIN_SAMPLES - 1)
    assert capacity() == 40
    clock.now += WINDOW_S  # those slow ones are past
    _answers(capacity, clock, 0.4)
    assert capacity() == 40


def test_it_adjusts_at_most_once_per_period():
    clock = Clock()
    capacity = Capacity(40, target_s=0.5, clock=clock)
    _answers(capacity, clock, 0.8)
    for _ in range(50):
        capacity.observe(0.8)
    assert capacity() == 30


def test_a_fixed_capacity_never_moves(monkeypatch):
    from paduko_app.admission.capacity import from_environment

    monkeypatch.setenv("PADUKO_LINE_CAPACITY", "3")
    capacity = from_environment()
    for _ in range(100):
        capacity.observe(9.0)
    assert capacity() == 3
