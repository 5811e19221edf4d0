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
from paduko_app.services.callers import Caller
from state.auth import AuthState, guarded, public
from state.ui import UIState

_config = settings.load()


class ResidentHomeState(rx.State):
    name: str = ""
    drafts: list[dict[str, str]] = []  # id, service name in each language, revising; for "Lanjutkan" / "Perbaiki"
    notices: list[dict[str, str]] = []  # "Pemberitahuan": the latest messages about their applications
    offers: list[dict[str, str]] = []  # KTP-el recording times to confirm
    offer_slots: list[dict[str, str]] = []  # each offered time, with its application's id
    documents: list[dict[str, str]] = []  # finished documents to download and print at home
    surveys: list[dict[str, str]] = []  # IKM surveys offered for finished documents: href, number, service
    errors: dict[str, str] = {}
    answered: bool = False
    loaded: bool = False  # the lists below the heading are shown once they have arrived

    def _refresh(self, caller: Caller, lang: str) -> None:
        from paduko_app.domain import catalogue
        from paduko_app.domain.formatting import LANGUAGES
        from paduko_app.i18n import translate
        from paduko_app.notify.outbox import render
        from paduko_app.services import decisions, notifications, status, surveys, wizard
        from paduko_app.services import answer_views as views
        from state.office_application import _slot_texts

        self.name = caller.account.display_name
        self.loaded = True
        with unit_of_work() as session:
            notifications.remember_language(session, caller.account_id, lang)
            drafts = wizard.drafts_of(session, caller.account_id)
            names = wizard.for_whom_of(session, drafts)  # a caregiver may have one for each person
            self.drafts = [{"id": str(a.id), "revising": "1" if a.status == "needs_revision" else "",
                            "for": names[a.id],
                            **{f"service:{lang}": translate(lang, catalogue.service(a.service_code).name)
                               for lang in LANGUAGES}}
                           for a in drafts]
            self.notices = [{"text": render(n), "at": n.created_at.strftime("%d-%m-%Y %H:%M")}
                            for n in notifications.for_account(session, caller.account_id)]
            seen = wizard.applications_of(session, caller.account_id, sent_only=True)
            offers = decisions.open_offers(session, seen)
            results = status.result_documents_of(session, [a.id for a in seen if a.status == "finished_print"])
            finished = [(a, results.get(a.id)) for a in seen if a.status == "finished_print"]
            survey_offers = surveys.open_for(session, caller.account_id)
        self.documents = [{"href": f"/api/dokumen/{document_id}", "number": a.number,
                           **views.flat("service", views.all_langs(catalogue.service(a.service_code).name))}
                          for a, document_id in finished if document_id]
        self.surveys = [{"href": f"{surveys.SURVEY_PATH}?undangan={o.invitation_id}", "number": o.number,
                         **views.flat("service", views.all_langs(catalogue.service(o.service_code).name))}
                        for o in survey_offers]
        self.offers = [{"id": str(a.id), "number": a.number, "home": "1" if o.kind == "home" else "",
                        "address": o.address or "",
                        **views.flat("service", views.all_langs(catalogue.service(a.service_code).name))}
                       for a, o in offers]
        self.offer_slots = [{"application_id": str(a.id), "value": slot, "key": f"{a.id}-{i}", **_slot_texts(slot)}
                            for a, o in offers for i, slot in enumerate(o.slots)]

    @rx.event
    @guarded(authz.RESIDENT)
    def load(self, caller: Caller, ui: UIState):
        self.errors, self.answered = {}, False
        self._refresh(caller, ui.active_lang)

    @rx.event
    @guarded(authz.RESIDENT)
    def answer_offer(self, form: dict, caller: Caller, ui: UIState):
        """Confirm an offered recording time, or ask for another."""
        from paduko_app.db.models import Application
        from paduko_app.domain.messages import FormErrors
        from paduko_app.services import access, decisions

        application_id = str(form.get("application_id", ""))
        with unit_of_work() as session:
            application = session.get(Application, int(application_id)) if application_id.isdigit() and len(
                application_id) < 12 else None
            if not access.may_see_application(session, caller.principal, application):
                return
            try:
                decisions.answer_appointment(session, application, caller.account_id, slot=str(form.get("slot", "")),
                                             other_time=form.get("choice") == "other")
            except FormErrors as exc:
                self.errors = {"slot": next(iter(exc.errors.values()))}
                return focus_error_summary()
        from paduko_app.notify import worker

        worker.wake()
        self._refresh(caller, ui.active_lang)
        self.errors, self.answered = {}, True


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
    def load(self, caller: Caller):
        account = caller.account
        self.name, self.role = account.display_name, account.role
        self.totp_enabled, self.totp_secret, self.totp_qr, self.errors = bool(account.totp_secret), "", "", {}

    @rx.event
    @guarded(authz.STAFF)
    def start_totp(self, caller: Caller):
        import segno

        from paduko_app.domain import totp

        account = caller.account
        self.totp_secret = totp.new_secret()
        self.totp_qr = segno.make(totp.provisioning_uri(self.totp_secret, account.username or "")).png_data_uri(scale=5)

    @rx.event
    @guarded(authz.STAFF)
    def confirm_totp(self, form: dict, caller: Caller):
        from paduko_app.services import staff

        account = caller.account
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
    @public
    def sign_in(self, form: dict, auth_state: AuthState):
        # argon2 takes ~170 ms (also for unknown usernames): in the handler pool, never on the loop
        try:
            with unit_of_work() as session:
                signed = auth.staff_sign_in(session, username=str(form.get("username", "")),
                                            password=str(form.get("password", "")),
                                            totp_code=str(form.get("totp", "")))
        except auth.AuthError as exc:
            self.errors = {exc.field or "username": exc.message_id}  # never say which one was wrong
            return focus_error_summary()
        self.errors = {}
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
