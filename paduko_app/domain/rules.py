"""Show-when and required-when rules: small serialisable objects, one pure evaluator.

The same rule decides in the browser-facing wizard whether a question is asked and, on the
server, whether an answer or document is required. Never code in configuration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Union


@dataclass(frozen=True)
class Rule:
    """`field` compared with `value` by `op`.

    ops: eq, ne, in (value is a tuple), days_since_gt (field is an ISO date older than
    `value` days), years_since_ge (field is an ISO date at least `value` years ago).
    """

    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class All:
    rules: tuple["Condition", ...]


@dataclass(frozen=True)
class Any_:
    rules: tuple["Condition", ...]


Condition = Union[Rule, All, Any_]

OPS = ("eq", "ne", "in", "days_since_gt", "years_since_ge")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from start to end (age on `end`)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def evaluate(cond: Condition | None, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
    """True when the condition holds for the answers (None always holds).

    An unanswered field makes a comparison false, so nothing is asked or required on a guess.
    """
    if cond is None:
        return True
    today = today or dt.date.today()
    if isinstance(cond, All):
        return all(evaluate(c, answers, today) for c in cond.rules)
    if isinstance(cond, Any_):
        return any(evaluate(c, answers, today) for c in cond.rules)
    actual = answers.get(cond.field)
    if actual in (None, ""):
        return False
    if cond.op == "eq":
        return actual == cond.value
    if cond.op == "ne":
        return actual != cond.value
    if cond.op == "in":
        return actual in cond.value
    when = _as_date(actual)
    if when is None:
        return False
    if cond.op == "days_since_gt":
        return (today - when).days > cond.value
    if cond.op == "years_since_ge":
        return years_between(when, today) >= cond.value
    raise ValueError(f"unknown rule op {cond.op!r}")


def could_hold(cond: Condition | None, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
    """True unless the answers so far already rule the condition out: an unanswered field may
    still make it hold. Counts the steps that can still apply, so a step count never grows."""
    if cond is None:
        return True
    if isinstance(cond, All):
        return all(could_hold(c, answers, today) for c in cond.rules)
    if isinstance(cond, Any_):
        return any(could_hold(c, answers, today) for c in cond.rules)
    if answers.get(cond.field) in (None, ""):
        return True
    return evaluate(cond, answers, today)


def fields_of(cond: Condition | None) -> set[str]:
    """Every answer a condition reads (for catalogue integrity checks)."""
    if cond is None:
        return set()
    if isinstance(cond, (All, Any_)):
        return set().union(*(fields_of(c) for c in cond.rules))
    return {cond.field}
