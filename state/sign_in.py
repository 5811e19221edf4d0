"""Resident sign-up and sign-in with NIK, mobile number and a one-time code."""

from __future__ import annotations

import reflex as rx

from components.focus import focus_after_press
from components.form import focus_error_summary
from paduko_app import settings
from paduko_app.db.engine import unit_of_work
from paduko_app.notify import worker
from paduko_app.services import auth
from state.auth import AuthState, public
from state.ui import UIState

_config = settings.load()


def deliver_now() -> None:
    """Wake the delivery worker; it sends off the event loop (never wait on a gateway here)."""
    worker.wake()


def apply_path(service_code: str) -> str:
    """The page that starts (or resumes) an application for a service: where sign-in returns to."""
    return f"/layanan/{service_code.lower().replace('_', '-')}/ajukan"


class ResidentSignInState(rx.State):
    step: str = "identify"  # identify -> code
    purpose: str = "sign_in"  # sign_in or sign_up
    errors: dict[str, str] = {}  # field -> message id (no personal data)
    masked_phone: str = ""
    # The service whose "Ajukan" brought a stranger here: sign-in (and the welcome page after a
    # sign-up) returns straight to its first question. A path, no personal data.
    next_path: str = ""
    # Personal data stays on the server.
    _nik: str = ""
    _phone: str = ""
    _name: str = ""

    def _limit_subjects(self) -> dict:
        """Who asks, for the sending limits: this browser's Reflex token and its address."""
        return {"client": self.router.session.client_token, "ip": self.router.session.client_ip,
                "per_ip": _config.code_limit_per_ip, "global_per_hour": _config.code_limit_per_hour}

    @rx.event
    def start(self, purpose: str):
        """on_load of /masuk and /daftar: a fresh form."""
        self.purpose = "sign_up" if purpose == "sign_up" else "sign_in"
        self.step, self.errors, self.masked_phone = "identify", {}, ""
        self._nik, self._phone, self._name = "", "", ""

    @rx.event
    def remember_service(self, service_code: str):
        """"Ajukan" on a service page, before the wizard's guard sends a stranger to sign in."""
        from paduko_app.domain import catalogue

        self.next_path = apply_path(service_code) if service_code in catalogue.SERVICES_BY_CODE else ""

    @rx.event
    @public
    def send_code(self, form: dict, ui: UIState):
        try:
            with unit_of_work() as session:
                sent = auth.request_code(session, nik=str(form.get("nik", "")), phone=str(form.get("phone", "")),
                                         purpose=self.purpose, lang=ui.active_lang, secret=_config.secret_key,
                                         name=str(form.get("name", "")), **self._limit_subjects())
        except auth.AuthError as exc:
            self.errors = exc.errors
            return focus_error_summary()
        deliver_now()
        self.errors, self.step = {}, "code"
        self._nik, self._phone, self.masked_phone = sent.nik, sent.phone, sent.masked_phone
        self._name = " ".join(str(form.get("name", "")).split())
        return focus_after_press("#code", delay_ms=50)

    @rx.event
    @public
    def resend(self, ui: UIState):
        if self.step != "code":
            return
        try:
            with unit_of_work() as session:
                auth.request_code(session, nik=self._nik, phone=self._phone, purpose=self.purpose,
                                  lang=ui.active_lang, secret=_config.secret_key, name=self._name,
                                  **self._limit_subjects())
        except auth.AuthError as exc:
            self.errors = {"code": exc.message_id}
            return focus_error_summary()
        deliver_now()
        self.errors = {}

    @rx.event
    @public
    def verify(self, form: dict, auth_state: AuthState):
        if self.step != "code":
            return
        try:
            with unit_of_work() as session:
                signed = auth.verify_code(session, nik=self._nik, phone=self._phone, code=str(form.get("code", "")),
                                          secret=_config.secret_key, session_days=_config.session_days)
        except auth.AuthError as exc:
            self.errors = {"code": exc.message_id}
            return focus_error_summary()
        self.step, self.errors, self.masked_phone = "identify", {}, ""
        self._nik, self._phone, self._name = "", "", ""
        # A new resident reads the welcome and privacy notice once, which then continues to the
        # chosen service; a returning one goes straight to it (the path survives the page load).
        next_path = "/selamat-datang" if signed.first_time else (self.next_path or "/akun")
        if not signed.first_time:
            self.next_path = ""
        return auth_state._start_session(signed.token, signed.role, next_path)

    @rx.event
    def change_details(self):
        self.step, self.errors, self.masked_phone = "identify", {}, ""
