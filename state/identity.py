"""A resident asks the office to verify their account (/akun/verifikasi): KTP-el photo + selfie."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.i18n import translate
from paduko_app.services import people, verification
from paduko_app.services.callers import Caller
from state.auth import guarded


class IdentityState(rx.State):
    status: str = ""  # none, pending, refused, verified
    reason: dict[str, str] = {}  # the verifikator's reason, "reason:<lang>" -> text
    errors: dict[str, str] = {}

    def _refresh(self, account) -> None:
        with unit_of_work() as session:
            latest = verification.latest(session, account.id)
        self.reason = {}
        if people.is_verified(account):
            self.status = "verified"
        elif latest is None or latest.status == "approved":
            self.status = "none"
        else:
            self.status = latest.status
            reason_id = verification.REFUSAL_REASONS.get(latest.refusal_reason or "")
            if reason_id:
                self.reason = {f"reason:{lang}": translate(lang, reason_id) for lang in LANGUAGES}

    @rx.event
    @guarded(authz.RESIDENT)
    def load(self, caller: Caller):
        account = caller.account
        self.errors = {}
        self._refresh(account)

    @rx.event
    @guarded(authz.RESIDENT)
    def send(self, form: dict, caller: Caller):
        account = caller.account
        try:
            with unit_of_work() as session:
                verification.request(session, account=session.merge(account), ktp_key=str(form.get("ktp", "")),
                                     selfie_key=str(form.get("selfie", "")))
        except verification.VerificationError as exc:
            self.errors = exc.errors
            return focus_error_summary()
        self.errors = {}
        self._refresh(account)
