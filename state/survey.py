"""The IKM survey page: nine questions, one per page, answered with four large buttons, then
the regulation's optional respondent profile (sex, education, occupation), one per page too.

Public: the notification's link carries a one-time token (`/survei?t=...`); a signed-in resident
comes from /akun with `?undangan=<id>` of an invitation offered to their own account. Only the
invitation's id is kept, in a backend-only var; the answers are stored when the last question is
answered (or the person chooses to send what they answered so far).
"""

from __future__ import annotations

import reflex as rx

from components.focus import focus_after_press
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain import ikm
from paduko_app.services import surveys
from paduko_app.services.callers import Caller
from state.auth import guarded

LAST = len(ikm.ELEMENTS) - 1  # the last of the nine questions
PROFILE_ITEMS = tuple(ikm.PROFILE)  # steps LAST+1 ... : one profile item each
FINAL = LAST + len(PROFILE_ITEMS)


class SurveyState(rx.State):
    step: int = 0  # the page shown: 0-8 the questions, 9-11 the profile
    phase: str = "loading"  # loading, asking, thanks, gone
    error: str = ""  # message id
    _invitation_id: int = 0
    _answers: list = []
    _profile: dict = {}

    def _find(self, caller: Caller):
        params = self.router.url.query_parameters
        token, wanted = params.get("t", ""), params.get("undangan", "")
        with unit_of_work() as session:
            return surveys.find(session, token=token[:64],
                                invitation_id=int(wanted) if wanted.isdigit() and len(wanted) < 10 else None,
                                account_id=caller.account_id if caller.role == "resident" else None)

    @rx.event
    @guarded(authz.PUBLIC)
    def load(self, caller: Caller):
        self.step, self.error, self._answers, self._profile = 0, "", [None] * len(ikm.ELEMENTS), {}
        try:
            self._invitation_id = self._find(caller).id
        except surveys.SurveyError:
            self._invitation_id, self.phase = 0, "gone"
            return
        self.phase = "asking"
        # The one-time token should not stay in the address bar or the history.
        return rx.call_script("history.replaceState(null, '', '/survei')")

    @rx.event
    @guarded(authz.PUBLIC)
    def choose(self, value: int):
        if self.phase != "asking" or self.step > LAST or value not in (*ikm.SCALE, 0):
            return
        answers = list(self._answers)  # reassigned, not mutated in place: a state store sees the change
        answers[self.step] = value or None  # 0: skipped
        self._answers = answers
        return self._next()

    @rx.event
    @guarded(authz.PUBLIC)
    def pick(self, value: str):
        """A profile page: one of the form's options, or "" to skip."""
        if self.phase != "asking" or not LAST < self.step <= FINAL:
            return
        item = PROFILE_ITEMS[self.step - LAST - 1]
        if value and value not in ikm.PROFILE[item]:
            return
        self._profile = {**self._profile, item: value or None}
        return self._next()

    def _next(self):
        if self.step < FINAL:
            self.step += 1
            return focus_after_press("#survey-question")
        return self._store()

    @rx.event
    @guarded(authz.PUBLIC)
    def back(self):
        if self.phase == "asking" and self.step > 0:
            self.step -= 1

    def _store(self):
        from paduko_app.db.models import SurveyInvitation

        try:
            with unit_of_work() as session:
                invitation = session.get(SurveyInvitation, self._invitation_id)
                if invitation is None:
                    raise surveys.SurveyError(surveys.ERR_GONE)
                surveys.answer(session, invitation, self._answers, profile=self._profile)
        except surveys.SurveyError as exc:
            self.error = exc.message_id
            self.phase = "gone" if exc.message_id == surveys.ERR_GONE else "asking"
            return
        self.phase, self._invitation_id, self._answers, self._profile = "thanks", 0, [], {}
