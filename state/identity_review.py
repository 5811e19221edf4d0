"""The verifikator's queue of identity verifications (/petugas/verifikasi)."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.services import verification
from paduko_app.services.callers import Caller
from state.auth import guarded


class IdentityReviewState(rx.State):
    # The verifikator is entitled to what the office holds: they compare it with the photos.
    requests: list[dict[str, str]] = []
    errors: dict[str, str] = {}

    def _refresh(self) -> None:
        with unit_of_work() as session:
            self.requests = [{"id": str(p.id), "name": p.typed_name, "registered": p.registered_name or "",
                              "nik": p.nik} for p in verification.pending(session)]

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def load(self):
        self.errors = {}
        self._refresh()

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def decide(self, form: dict, caller: Caller):
        officer = caller.account
        try:
            with unit_of_work() as session:
                verification.decide(session, int(str(form.get("request_id", "0")) or 0), officer=officer,
                                    approve=form.get("decision") == "approve", reason=str(form.get("reason", "")))
        except (verification.VerificationError, ValueError) as exc:
            self.errors = getattr(exc, "errors", {"form": verification.ERR_NOT_FOUND})
            return focus_error_summary()
        self.errors = {}
        self._refresh()
