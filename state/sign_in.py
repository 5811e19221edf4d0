"""Resident sign-up and sign-in with NIK, mobile number and a one-time code."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import settings
from paduko_app.db.engine import unit_of_work
from paduko_app.notify import worker
from paduko_app.services import auth
from state.auth import AuthState
from state.ui import UIState

_config = settings.load()


def deliver_now() -> None:
    """Wake the delivery worker; it sends off the event loop (never wait on a gateway here)."""
    worker.wake()


class ResidentSignInState(rx.State):
    step: str = "identify"  # identify -> code
    purpose: str = "sign_in"  # sign_in or sign_up
    errors: dict[str, str] = {}  # field -> message id (no personal data)
    masked_phone: str = ""
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
    async def send_code(self, form: dict):
        ui = await self.get_state(UIState)
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
        return rx.call_script("setTimeout(function(){var e=document.getElementById('code');if(e)e.focus();},50)")

    @rx.event
    async def resend(self):
        if self.step != "code":
            return
        ui = await self.get_state(UIState)
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
    async def verify(self, form: dict):
        if self.step != "code":
            return
        try:
            with unit_of_work() as session:
                signed = auth.verify_code(session, nik=self._nik, phone=self._phone, code=str(form.get("code", "")),
                                          secret=_config.secret_key, session_days=_config.session_days)
        except auth.AuthError as exc:
            self.errors = {"code": exc.message_id}
            return focus_error_summary()
        auth_state = await self.get_state(AuthState)
        self.step, self.errors, self.masked_phone = "identify", {}, ""
        self._nik, self._phone, self._name = "", "", ""
        return auth_state._start_session(signed.token, signed.role, "/selamat-datang" if signed.first_time else "/akun")

    @rx.event
    def change_details(self):
        self.step, self.errors, self.masked_phone = "identify", {}, ""
