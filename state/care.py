"""A caregiver's "Orang yang saya bantu": the people they apply for, and adding one."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.i18n import translate
from paduko_app.services import care
from paduko_app.services.callers import Caller
from state.auth import guarded

_REASON_IDS = set(care.REFUSAL_REASONS.values())


def _reason_texts(reason: str) -> dict[str, str]:
    """The officer's reason in each language: translated when picked from the list, else as written."""
    if reason in _REASON_IDS:
        return {f"reason:{lang}": translate(lang, reason) for lang in LANGUAGES}
    return {f"reason:{lang}": reason for lang in LANGUAGES}


class CareState(rx.State):
    # The names the caregiver typed (never the office's), masked NIKs, the state of each link.
    people: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    added: bool = False

    def _refresh(self, account_id: int) -> None:
        with unit_of_work() as session:
            self.people = [{"id": str(p.link_id), "name": p.name, "nik": p.masked_nik,
                            "relationship": p.relationship, "status": p.status,
                            **_reason_texts(p.refusal_reason)} for p in care.people_of(session, account_id)]

    @rx.event
    @guarded(authz.RESIDENT)
    def load(self, caller: Caller):
        account = caller.account
        self.errors, self.added = {}, False
        self._refresh(account.id)

    @rx.event
    @guarded(authz.RESIDENT)
    def add(self, form: dict, caller: Caller):
        account = caller.account
        try:
            with unit_of_work() as session:
                care.add_person(session, caregiver=account, nik=str(form.get("nik", "")),
                                name=str(form.get("name", "")), relationship=str(form.get("relationship", "")),
                                evidence=care.Evidence(str(form.get("evidence", "")),
                                                       str(form.get("evidence_kind", ""))))
        except care.CareError as exc:
            self.errors, self.added = exc.errors, False
            return focus_error_summary()
        self.errors, self.added = {}, True
        self._refresh(account.id)
        return rx.call_script("document.getElementById('care-form') && document.getElementById('care-form').reset()")

    @rx.event
    @guarded(authz.RESIDENT)
    def withdraw(self, link_id: str, caller: Caller):
        """"Berhenti membantu": every action for that person stops at once."""
        account = caller.account
        try:
            with unit_of_work() as session:
                care.withdraw(session, int(link_id), caregiver=account)
        except (care.CareError, ValueError):
            pass  # not theirs, or already stopped: the list below shows how things stand
        self.added = False
        self._refresh(account.id)
