"""Pages behind sign-in: the resident's account page, staff home, staff sign-in, demo outbox."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from components.form import focus_error_summary
from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import OutboxMessage
from paduko_app.domain.identity import mask_number
from paduko_app.notify.outbox import render
from paduko_app.services import auth
from state.auth import AuthState, guarded

_config = settings.load()


class ResidentHomeState(rx.State):
    name: str = ""
    drafts: list[dict[str, str]] = []  # id, service name in each language, for "Lanjutkan permohonan"

    @rx.event
    @guarded(authz.RESIDENT)
    async def load(self):
        from paduko_app.domain import catalogue
        from paduko_app.domain.formatting import LANGUAGES
        from paduko_app.i18n import translate
        from paduko_app.services import wizard

        auth_state = await self.get_state(AuthState)
        account, _ = auth_state._account_and_device()
        self.name = auth_state.display_name
        with unit_of_work() as session:
            self.drafts = [{"id": str(a.id), **{f"service:{lang}": translate(lang, catalogue.service(a.service_code).name)
                                               for lang in LANGUAGES}}
                           for a in wizard.drafts_of(session, account.id)]


class StaffHomeState(rx.State):
    name: str = ""
    role: str = ""
    totp_enabled: bool = False
    # While setting up the authenticator: the staff member's own new secret, to put in their app.
    totp_secret: str = ""
    totp_qr: str = ""  # data: URL of the QR code
    errors: dict[str, str] = {}

    @rx.event
    @guarded(authz.STAFF)
    async def load(self):
        auth_state = await self.get_state(AuthState)
        account, _ = auth_state._account_and_device()
        self.name, self.role = auth_state.display_name, auth_state.role
        self.totp_enabled, self.totp_secret, self.totp_qr, self.errors = bool(account.totp_secret), "", "", {}

    @rx.event
    @guarded(authz.STAFF)
    async def start_totp(self):
        import segno

        from paduko_app.domain import totp

        account, _ = (await self.get_state(AuthState))._account_and_device()
        self.totp_secret = totp.new_secret()
        self.totp_qr = segno.make(totp.provisioning_uri(self.totp_secret, account.username or "")).png_data_uri(scale=5)

    @rx.event
    @guarded(authz.STAFF)
    async def confirm_totp(self, form: dict):
        from paduko_app.services import staff

        account, _ = (await self.get_state(AuthState))._account_and_device()
        try:
            with unit_of_work() as session:
                staff.enable_totp(session, account=account, secret=self.totp_secret, code=str(form.get("totp_code", "")))
        except staff.StaffError as exc:
            self.errors = exc.errors
            return focus_error_summary()
        self.totp_enabled, self.totp_secret, self.totp_qr, self.errors = True, "", "", {}


class StaffSignInState(rx.State):
    errors: dict[str, str] = {}

    @rx.event
    def start(self):
        self.errors = {}

    @rx.event
    async def sign_in(self, form: dict):
        try:
            with unit_of_work() as session:
                signed = auth.staff_sign_in(session, username=str(form.get("username", "")),
                                            password=str(form.get("password", "")),
                                            totp_code=str(form.get("totp", "")))
        except auth.AuthError as exc:
            self.errors = {exc.field or "username": exc.message_id}  # never say which one was wrong
            return focus_error_summary()
        self.errors = {}
        auth_state = await self.get_state(AuthState)
        return auth_state._start_session(signed.token, signed.role, "/petugas")


class DemoOutboxState(rx.State):
    """Demo mode only: the messages PADUKO would have sent, so a demo can sign in."""

    messages: list[dict[str, str]] = []

    @rx.event
    @guarded(authz.DEMO)
    def load(self):
        with unit_of_work() as session:
            rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(20)).all()
            self.messages = [{"to": mask_number(r.recipient) if len(r.recipient) == 16 else r.recipient[:4] + "…" + r.recipient[-3:],
                              "text": render(r), "at": r.created_at.strftime("%H:%M:%S")} for r in rows]
