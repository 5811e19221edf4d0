"""An application's journey through the wizard: which steps there are, which one is open,
what comes next and before, and, after an officer asked for corrections, only the flagged ones.

Plain data in, plain data out (in the spirit of GOV.UK forms-runner's flow/journey): the
wizard's Reflex state, the check-answers page and the officer's view all ask this one object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from . import catalogue
from .rules import could_hold

QUESTION, DOCUMENT, CHECK = "question", "document", "check"


@dataclass(frozen=True)
class Step:
    kind: str  # question, document, check
    id: str  # question id or document requirement id ("" for check)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.id


CHECK_STEP = Step(CHECK, "")


class Journey:
    """The steps of one application, given its answers, its photos and any officer's flags."""

    def __init__(self, svc: catalogue.Service, answers: dict[str, Any], documents: Iterable[str],
                 flagged: Iterable[tuple[str, str]] = (), today: dt.date | None = None):
        self.svc = svc
        self.answers = answers
        self.documents = frozenset(documents)
        self.flagged = frozenset(flagged)
        self.today = today
        self.all_steps = self._all_steps()
        self.steps = self._revision_steps() if self.flagged else self.all_steps

    def _all_steps(self) -> list[Step]:
        """Questions that apply, one page per required photo, then check. A question answered
        from stored data stays in the list (a step done), and moving on skips it."""
        questions = [Step(QUESTION, q.id) for q in catalogue.questions_to_ask(self.svc, self.answers, self.today)]
        documents = [Step(DOCUMENT, d.id) for d in catalogue.required_documents(self.svc, self.answers, self.today)]
        return questions + documents + [CHECK_STEP]

    def _known(self, step: Step) -> bool:
        """Answered and fillable from stored data (KK number, address): not asked again on the way."""
        return step.kind == QUESTION and step.id in self.answers and bool(self.svc.question(step.id).prefill)

    def _revision_steps(self) -> list[Step]:
        """Only what the officer flagged, plus anything a corrected answer newly requires."""
        return [s for s in self.all_steps if s.key in self.flagged or s.kind == CHECK or self.is_open(s)]

    @property
    def revising(self) -> bool:
        return bool(self.flagged)

    def is_open(self, step: Step) -> bool:
        """Still to be done: a required question without an answer, a photo not yet sent."""
        if step.kind == QUESTION:
            return step.id not in self.answers and self.svc.question(step.id).required
        if step.kind == DOCUMENT:
            return step.id not in self.documents
        return False

    def find(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def index_of(self, step_id: str) -> int:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), -1)

    def first_open(self) -> Step:
        """Where a person resumes: the first open step; when revising, the first flagged one."""
        if self.revising:
            return next((s for s in self.steps if s.key in self.flagged), CHECK_STEP)
        return next((s for s in self.steps if self.is_open(s)), CHECK_STEP)

    def first_missing(self) -> Step:
        """After a change from the check page: a newly required step, else the check page."""
        return next((s for s in self.steps if self.is_open(s)), CHECK_STEP)

    def next_after(self, step_id: str) -> Step:
        index = self.index_of(step_id)
        later = [s for s in self.steps[index + 1:] if self.revising or not self._known(s)]
        return later[0] if later else self.steps[-1]

    def previous_before(self, step_id: str) -> Step | None:
        """The step before, or None on the first step (the caller leaves the wizard)."""
        index = self.index_of(step_id)
        earlier = [s for s in self.steps[:max(index, 0)] if self.revising or not self._known(s)]
        return earlier[-1] if earlier else None

    def position(self, step_id: str) -> tuple[int, int]:
        """(number, total) for "Langkah 2 dari 5". The total counts every step that can still
        apply, so an answer may shorten it but never lengthen it ("1 dari 4" then "2 dari 5")."""
        index = self.index_of(step_id)
        number = index + 1 if index >= 0 else len(self.steps)
        total = len(self.steps) if self.revising else self._steps_that_can_apply()
        return number, max(total, number)

    def _steps_that_can_apply(self) -> int:
        questions = [q for q in self.svc.questions if could_hold(q.show_when, self.answers, self.today)]
        documents = [d for d in self.svc.documents if could_hold(d.required_when, self.answers, self.today)]
        return len(questions) + len(documents) + 1  # the check page

    def summary_items(self) -> list[Step]:
        """What the check-answers page and the officer list: every question asked, every photo."""
        questions = [Step(QUESTION, q.id) for q in catalogue.questions_to_ask(self.svc, self.answers, self.today)]
        documents = [Step(DOCUMENT, d.id) for d in catalogue.required_documents(self.svc, self.answers, self.today)]
        return questions + documents
