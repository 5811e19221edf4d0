"""Office pages: the admin's staff accounts and the verifikator's care-link decisions."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain.identity import mask_number
from paduko_app.domain.regions import kelurahan_by_code
from paduko_app.services import answer_views as views
from paduko_app.services import care, limits, staff
from paduko_app.services.wizard import WIB
from paduko_app.services.callers import Caller
from state.auth import guarded
from state.office_application import RELATIONSHIPS


class StaffAdminState(rx.State):
    accounts: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    # Shown once, right after creating or resetting; cleared on the next load.
    issued_username: str = ""
    issued_password: str = ""
    # When a global limit tripped lately (possible SMS pumping): times only, no personal data.
    alarms: list[str] = []

    def _refresh(self) -> None:
        with unit_of_work() as session:
            self.alarms = [alarm.at.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")
                           for alarm in limits.recent_alarms(session)]
            self.accounts = [{
                "id": str(a.id), "username": a.username or "", "name": a.display_name, "role": a.role,
                "kelurahan": (kelurahan_by_code(a.kelurahan_code or "") or None).name
                if kelurahan_by_code(a.kelurahan_code or "") else "",
                "state": "active" if a.active else "inactive",
            } for a in staff.list_staff(session)]

    @rx.event
    @guarded(authz.ADMIN)
    def load(self):
        self.errors, self.issued_username, self.issued_password = {}, "", ""
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def create(self, form: dict, caller: Caller):
        admin = caller.account
        try:
            with unit_of_work() as session:
                account, password = staff.create(
                    session, admin=admin, username=str(form.get("username", "")),
                    display_name=str(form.get("display_name", "")), role=str(form.get("role", "")),
                    kelurahan_code=str(form.get("kelurahan", "")))
        except staff.StaffError as exc:
            self.errors = exc.errors
            return focus_error_summary()
        self.errors, self.issued_username, self.issued_password = {}, account.username, password
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def reset_account(self, account_id: str, caller: Caller):
        admin = caller.account
        try:
            with unit_of_work() as session:
                password = staff.reset(session, admin=admin, account_id=int(account_id))
                username = next((a["username"] for a in self.accounts if a["id"] == account_id), "")
        except (staff.StaffError, ValueError):
            return
        self.issued_username, self.issued_password = username, password
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def deactivate(self, account_id: str, caller: Caller):
        admin = caller.account
        try:
            with unit_of_work() as session:
                staff.deactivate(session, admin=admin, account_id=int(account_id))
        except (staff.StaffError, ValueError) as exc:
            self.errors = getattr(exc, "errors", {})
        self._refresh()


class CareLinkReviewState(rx.State):
    links: list[dict[str, str]] = []
    errors: dict[str, str] = {}

    def _refresh(self, officer) -> None:
        with unit_of_work() as session:
            self.links = [{
                "id": str(link.id), "caregiver": caregiver.display_name, "person": person.name,
                "nik": mask_number(person.nik or ""),
                # Words, not codes: "anak", "Surat kuasa (F-1.07)".
                **views.flat("relationship", views.all_langs(RELATIONSHIPS.get(link.relationship,
                                                                               RELATIONSHIPS["other"]))),
                **views.flat("evidence", views.all_langs(f"care.evidence_kind.{link.evidence_kind}"
                                                         if link.evidence_kind in ("f107", "other")
                                                         else "care.evidence_kind.other")),
            } for link, person, caregiver in care.pending(session, viewer_account_id=officer.id)]

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def load(self, caller: Caller):
        self.errors = {}
        self._refresh(caller.account)

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def decide(self, form: dict, caller: Caller):
        officer = caller.account
        try:
            with unit_of_work() as session:
                care.decide(session, int(str(form.get("link_id", "0")) or 0), officer=officer,
                            accept=form.get("decision") == "accept",
                            reason=str(form.get("reason_code") or form.get("reason", "")))
        except (care.CareError, ValueError) as exc:
            self.errors = getattr(exc, "errors", {"form": care.ERR_NOT_FOUND})
            return focus_error_summary()
        self.errors = {}
        self._refresh(officer)
