"""The guided wizard: one question per page, document photos, check answers, submit once.

Everything shown is computed on the server from the catalogue; texts are sent in all three
languages ("key:lang") so a language switch is instant and keeps what was typed.
Personal data beyond what the current page shows stays in backend-only vars.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Application, Person
from paduko_app.domain import catalogue
from paduko_app.domain.fields import UNKNOWN, AnswerError, DateParts, FieldType
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.lifecycle import Status
from paduko_app.domain.messages import m
from paduko_app.domain.regions import KELURAHAN, kelurahan_by_code
from paduko_app.i18n import translate
from paduko_app.services import applications, care, kiosk, wizard
from state.auth import AuthState, guarded
from state.kiosk import WIPED_STATES
from state.ui import UIState

_config = settings.load()
TEXT_TYPES = {FieldType.TEXT, FieldType.NIK, FieldType.KK, FieldType.PHONE, FieldType.TIME, FieldType.NUMBER}
INPUT_MODES = {FieldType.NIK: "numeric", FieldType.KK: "numeric", FieldType.NUMBER: "numeric",
               FieldType.PHONE: "tel", FieldType.TIME: "text", FieldType.TEXT: "text"}
UNKNOWN_ALLOWED_TYPES = {"text", "nik", "kk", "time", "number"}


def _all_langs(message_id: str, **params) -> dict[str, str]:
    return {lang: translate(lang, message_id, **params) for lang in LANGUAGES}


def _display(question: catalogue.Question, value: Any) -> dict[str, str]:
    """An answer as a person reads it, in each language."""
    if value is None or value == "":
        return _all_langs(catalogue.NOT_ANSWERED_LABEL)
    if value == UNKNOWN:
        return _all_langs(catalogue.UNKNOWN_LABEL)
    if question.type in (FieldType.CHOICE, FieldType.YES_NO):
        label = next((o.label for o in question.options if o.value == value), None)
        return _all_langs(label) if label else {lang: str(value) for lang in LANGUAGES}
    if question.type is FieldType.DATE:
        day = dt.date.fromisoformat(value)
        return {lang: format_date(day, lang) for lang in LANGUAGES}
    if question.type is FieldType.KELURAHAN:
        kel = kelurahan_by_code(value)
        return {lang: kel.name if kel else str(value) for lang in LANGUAGES}
    return {lang: str(value) for lang in LANGUAGES}


def _flat(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}:{lang}": text for lang, text in texts.items()}


class WizardState(rx.State):
    step_kind: str = ""  # for_whom, question, document, check, done
    step_no: int = 0
    step_total: int = 0
    step_key: str = ""  # one per step, so each step's inputs start from its stored answer
    texts: dict[str, str] = {}  # "label:id" -> text, for every text on the current page
    q_type: str = ""
    q_required: bool = True
    q_allow_unknown: bool = False
    options: list[dict[str, str]] = []  # value, label:id, label:min, label:en
    value: str = ""  # the stored answer, shown again in the input
    date_day: str = ""
    date_month: str = ""
    date_year: str = ""
    doc_id: str = ""
    voice_ids: str = ""  # message ids of the current page's prompt, for pre-made audio
    doc_preview: str = ""  # URL of the stored photo's preview, served only to those allowed
    rows: list[dict[str, str]] = []  # check page
    errors: dict[str, str] = {}
    for_name: str = ""  # "untuk: Ibu Rosnah" on every page when applying for someone else
    link_pending: bool = False  # the caregiver's surat kuasa still awaits an officer
    done_number: str = ""
    done_pin: str = ""
    receipt_url: str = ""
    _application_id: int = 0
    _step_id: str = ""
    _return_to_check: bool = False
    _submit_key: str = ""

    def _wipe(self) -> None:
        for name, field in self.__class__.__fields__.items():
            if field._owner is self.__class__:
                setattr(self, name, field.default_value())
        self._application_id, self._step_id, self._return_to_check, self._submit_key = 0, "", False, ""

    # --- who is applying -------------------------------------------------------------------

    async def _who(self, session, person_id: int | None = None) -> wizard.Applicant | None:
        auth_state = await self.get_state(AuthState)
        account, token_id = auth_state._account_and_device()
        if account is None:
            return None
        if account.role == "operator":
            live = kiosk.active_for_device(session, token_id)
            return wizard.applicant_for(session, account, kiosk=live) if live else None
        return wizard.applicant_for(session, account, person_id=person_id)

    async def _owned_application(self, session) -> Application | None:
        """The wizard's application, if the caller may still edit it."""
        who = await self._who(session, None) if self._application_id else None
        application = session.get(Application, self._application_id) if self._application_id else None
        if who is None or application is None or application.applicant_account_id != who.account.id:
            return None
        if application.status not in (Status.DRAFT.value, Status.NEEDS_REVISION.value):
            return None
        if not wizard.may_continue(session, application):  # a refused or withdrawn care link
            return None
        if who.kiosk is not None and application.kiosk_session_id != who.kiosk.id:
            return None
        if who.kiosk is not None:
            kiosk.touch(session, who.kiosk)
            session.commit()
        return application

    # --- entering ----------------------------------------------------------------------------

    @rx.event
    @guarded(authz.APPLICANT)
    async def begin(self, service_code: str):
        """"Ajukan" on a service page. A caregiver first says for whom."""
        if service_code not in catalogue.SERVICES_BY_CODE:
            return
        self._wipe()
        with unit_of_work() as session:
            who = await self._who(session)
            if who is None:
                return rx.redirect("/kiosk" if (await self.get_state(AuthState)).role == "operator" else "/masuk")
            people = []
            if who.channel == "own":
                people = [{"value": str(p.person_id), "name": p.name}  # names the caregiver typed
                          for p in care.people_of(session, who.account.id) if p.status in care.LIVE]
            if people:
                self.texts = {"service:" + k.split(":")[1]: v for k, v in _flat("x", _all_langs(
                    catalogue.service(service_code).name)).items()}
                self.options = [{"value": str(who.person.id), "name": who.typed_name}] + people
                self.step_kind, self.errors, self._step_id = "for_whom", {}, service_code
                return rx.redirect("/permohonan")
            self._application_id = wizard.start_or_resume(session, who, service_code, _config.secret_key)
        self._go_first_open_step()
        return rx.redirect("/permohonan")

    @rx.event
    @guarded(authz.RESIDENT)
    async def choose_person(self, form: dict):
        if self.step_kind != "for_whom":
            return
        service_code = self._step_id
        person_text = str(form.get("person", ""))
        if not person_text.isdigit():
            self.errors = {"person": m("error.choice.invalid")}
            return focus_error_summary()
        with unit_of_work() as session:
            try:
                who = await self._who(session, int(person_text))
            except wizard.WizardError as exc:
                self.errors = {"person": exc.message_id}
                return focus_error_summary()
            self._application_id = wizard.start_or_resume(session, who, service_code, _config.secret_key)
        self._go_first_open_step()

    @rx.event
    @guarded(authz.RESIDENT)
    async def resume(self, application_id: str):
        """"Lanjutkan permohonan" from the account page, on this or another device."""
        self._wipe()
        self._application_id = int(application_id) if application_id.isdigit() else 0
        with unit_of_work() as session:
            if await self._owned_application(session) is None:
                self._wipe()
                return rx.redirect("/akun")
        self._go_first_open_step()
        return rx.redirect("/permohonan")

    @rx.event
    @guarded(authz.APPLICANT)
    async def load(self):
        """on_load of /permohonan: show the current step again (after a reload too)."""
        if self.step_kind in ("done", "for_whom"):
            return
        with unit_of_work() as session:
            if await self._owned_application(session) is None:
                self._wipe()
                role = (await self.get_state(AuthState)).role
                return rx.redirect("/kiosk" if role == "operator" else "/akun")
        self._show(self._step_id)

    # --- moving between steps ----------------------------------------------------------------

    def _context(self):
        with unit_of_work() as session:
            application = session.get(Application, self._application_id)
            svc = catalogue.service(application.service_code)
            answers = applications.answers_of(session, application.id)
            documents = wizard.documents_of(session, application.id)
            person = session.get(Person, application.person_id)
            return application, svc, answers, documents, person

    def _go_first_open_step(self) -> None:
        """Resume where the person stopped: the first question or photo still missing."""
        _application, svc, answers, documents, _person = self._context()
        for step in wizard.steps_of(svc, answers):
            if (step.kind == "question" and step.id not in answers) or (step.kind == "document" and step.id not in documents):
                self._show(step.id)
                return
        self._show("")

    def _show(self, step_id: str | None) -> None:
        application, svc, answers, documents, person = self._context()
        steps = wizard.steps_of(svc, answers)
        index = next((i for i, s in enumerate(steps) if s.id == step_id), len(steps) - 1) if step_id is not None else 0
        step = steps[index]
        self.step_no, self.step_total, self._step_id = index + 1, len(steps), step.id
        # The key remounts the inputs on another step, but not when the same step is shown again
        # (after a reload or the page's on_load), which would wipe what is being typed.
        self.step_kind, self.step_key = step.kind, f"{application.id}-{step.kind}-{step.id}"
        self.for_name = wizard.name_for_applicant(application, person) if application.channel in ("caregiver", "kiosk") else ""
        self.link_pending = application.channel == "caregiver" and self._link_status(application) != "accepted"
        texts = _flat("service", _all_langs(svc.name))
        texts |= _flat("step", _all_langs(m("wizard.step_of"), number=index + 1, total=len(steps)))
        if step.kind == "question":
            q = svc.question(step.id)
            texts |= _flat("label", _all_langs(q.label))
            texts |= _flat("hint", _all_langs(q.hint) if q.hint else {lang: "" for lang in LANGUAGES})
            if svc.deadline and q.id.startswith("late_reason"):
                texts |= _flat("late", _all_langs(svc.deadline.late_rule))
            self.q_type, self.q_required = q.type.value, q.required
            self.voice_ids = " ".join(filter(None, (q.label, q.hint)))
            self.q_allow_unknown = q.allow_unknown and q.type.value in UNKNOWN_ALLOWED_TYPES
            options = list(q.options)
            if q.type is FieldType.KELURAHAN:
                self.options = [{"value": k.code, **{f"label:{lang}": f"{k.name} ({k.kecamatan.name})" for lang in LANGUAGES}}
                                for k in KELURAHAN]
            else:
                self.options = [{"value": o.value, **_flat("label", _all_langs(o.label))} for o in options]
            stored = answers.get(q.id)
            self.value = "" if stored in (None, UNKNOWN) else str(stored)
            if q.type is FieldType.DATE and stored:
                day = dt.date.fromisoformat(stored)
                self.date_day, self.date_month, self.date_year = str(day.day), str(day.month), str(day.year)
            else:
                self.date_day = self.date_month = self.date_year = ""
        elif step.kind == "document":
            requirement = next(d for d in svc.documents if d.id == step.id)
            texts |= _flat("label", _all_langs(requirement.label))
            texts |= _flat("hint", _all_langs(requirement.instruction))
            have = documents.get(step.id)
            self.doc_id = step.id
            self.voice_ids = f"{requirement.label} {requirement.instruction}"
            self.doc_preview = f"/api/dokumen/{have.id}/gambar" if have else ""
        else:
            self.rows = self._rows(svc, answers, documents)
            self.voice_ids = "wizard.check.heading wizard.check.declaration"
            self._submit_key = secrets.token_urlsafe(24)  # a double tap re-sends this same key
            if catalogue.is_late(svc, answers):
                texts |= _flat("late", _all_langs(svc.deadline.late_rule))
        self.texts = texts

    @staticmethod
    def _link_status(application: Application) -> str | None:
        from paduko_app.services import care

        with unit_of_work() as session:
            return care.link_status(session, application.applicant_account_id, application.person_id)

    def _rows(self, svc, answers, documents) -> list[dict[str, str]]:
        rows = []
        for q in catalogue.questions_to_ask(svc, answers):
            shown = _display(q, answers.get(q.id))
            rows.append({"kind": "question", "id": q.id, **_flat("label", _all_langs(q.label)),
                         **_flat("value", shown), "preview": ""})
        for d in catalogue.required_documents(svc, answers):
            have = documents.get(d.id)
            rows.append({"kind": "document", "id": d.id, **_flat("label", _all_langs(d.label)),
                         **_flat("value", _all_langs(m("wizard.photo_received") if have else m("wizard.photo_missing"))),
                         "preview": f"/api/dokumen/{have.id}/gambar" if have else ""})
        return rows

    def _after_answer(self) -> None:
        if self._return_to_check:
            self._return_to_check = False
            _application, svc, answers, documents, _person = self._context()
            # A changed answer can bring a new question or photo: ask for it before the check page.
            for step in wizard.steps_of(svc, answers):
                if (step.kind == "question" and step.id not in answers and svc.question(step.id).required) or (
                        step.kind == "document" and step.id not in documents):
                    self._show(step.id)
                    return
            self._show("")
            return
        _application, svc, answers, _documents, _person = self._context()
        steps = wizard.steps_of(svc, answers)
        index = next((i for i, s in enumerate(steps) if s.id == self._step_id), -1)
        self._show(steps[min(index + 1, len(steps) - 1)].id)

    @rx.event
    @guarded(authz.APPLICANT)
    async def next_step(self, form: dict):
        if self.step_kind not in ("question", "document"):
            return
        with unit_of_work() as session:
            application = await self._owned_application(session)
            if application is None:
                return rx.redirect("/akun")
            try:
                if self.step_kind == "question":
                    raw: Any = form.get("answer", "")
                    if self.q_type == FieldType.DATE.value:
                        raw = DateParts(str(form.get("day", "")), str(form.get("month", "")), str(form.get("year", "")))
                    wizard.answer(session, application.id, self._step_id, raw)
                elif self.step_kind == "document":
                    key = str(form.get("upload", ""))
                    if key or not self.doc_preview:
                        account = (await self._who(session)).account
                        wizard.attach(session, application.id, self._step_id, key, account.id)
                else:
                    return
            except AnswerError as exc:
                self.errors = {"answer": exc.message_id}
                return focus_error_summary()
            except wizard.WizardError as exc:
                self.errors = {"upload": exc.message_id}
                return focus_error_summary()
        self.errors = {}
        self._after_answer()
        return _scroll_top()

    @rx.event
    @guarded(authz.APPLICANT)
    async def answer_unknown(self):
        if self.step_kind != "question" or not self.q_allow_unknown:
            return
        with unit_of_work() as session:
            application = await self._owned_application(session)
            if application is None:
                return rx.redirect("/akun")
            wizard.answer(session, application.id, self._step_id, UNKNOWN)
        self.errors = {}
        self._after_answer()
        return _scroll_top()

    @rx.event
    @guarded(authz.APPLICANT)
    async def back(self):
        with unit_of_work() as session:
            if await self._owned_application(session) is None:
                return rx.redirect("/akun")
        self.errors = {}
        if self._return_to_check:
            self._return_to_check = False
            self._show("")
            return _scroll_top()
        _application, svc, answers, _documents, _person = self._context()
        steps = wizard.steps_of(svc, answers)
        index = next((i for i, s in enumerate(steps) if s.id == self._step_id), 0)
        if index == 0:
            return rx.redirect("/akun")
        self._show(steps[index - 1].id)
        return _scroll_top()

    @rx.event
    @guarded(authz.APPLICANT)
    async def change(self, step_id: str):
        """"Ubah" on the check page: that step, then straight back to the check page."""
        with unit_of_work() as session:
            if await self._owned_application(session) is None:
                return rx.redirect("/akun")
        _application, svc, answers, _documents, _person = self._context()
        if step_id not in {s.id for s in wizard.steps_of(svc, answers)}:
            return
        self._return_to_check, self.errors = True, {}
        self._show(step_id)
        return _scroll_top()

    @rx.event
    @guarded(authz.APPLICANT)
    async def send(self):
        """"Kirim permohonan": submits once, however often it is pressed."""
        if self.step_kind != "check":  # a second tap arrives after the first finished: nothing to do
            return
        ui = await self.get_state(UIState)
        with unit_of_work() as session:
            application = await self._owned_application(session)
            if application is None:
                return rx.redirect("/akun")
            who = await self._who(session)
            try:
                done = wizard.submit(session, application.id, account=who.account, submit_key=self._submit_key,
                                     secret=_config.secret_key, public_url=_config.public_url,
                                     lang=ui.active_lang, translate=translate)
            except (wizard.WizardError, applications.ApplicationError) as exc:
                self.errors = {"form": exc.message_id}
                return focus_error_summary()
        if done is None:
            return
        from state.sign_in import deliver_now

        deliver_now()
        texts = {key: text for key, text in self.texts.items() if key.startswith("service:")}
        self.texts = texts | {f"due:{lang}": format_date(done.due_date, lang, weekday=True) for lang in LANGUAGES}
        self.step_kind, self.done_number, self.done_pin = "done", done.number, done.pin
        self.receipt_url = f"/api/permohonan/{application.id}/tanda-terima"
        return _scroll_top()


def _scroll_top():
    return rx.call_script("window.scrollTo(0,0);var h=document.querySelector('main h1');if(h){h.setAttribute('tabindex','-1');h.focus();}")


WIPED_STATES.append(WizardState)
