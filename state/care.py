"""A caregiver's "Orang yang saya bantu": the people they apply for, and adding one."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.services import care
from state.auth import AuthState, guarded


class CareState(rx.State):
    people: list[dict[str, str]] = []  # names and masked NIKs: what the page shows
    errors: dict[str, str] = {}
    added: bool = False

    def _refresh(self, account_id: int) -> None:
        with unit_of_work() as session:
            self.people = [{"name": p.name, "nik": p.masked_nik, "relationship": p.relationship,
                            "status": p.status} for p in care.people_of(session, account_id)]

    @rx.event
    @guarded(authz.RESIDENT)
    async def load(self):
        account, _ = (await self.get_state(AuthState))._account_and_device()
        self.errors, self.added = {}, False
        self._refresh(account.id)

    @rx.event
    @guarded(authz.RESIDENT)
    async def add(self, form: dict):
        account, _ = (await self.get_state(AuthState))._account_and_device()
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
