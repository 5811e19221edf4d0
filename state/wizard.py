"""The guided wizard's glue: which step is on screen, and the handlers that move between steps.

Which steps exist, which is open and what comes next is the domain's `Journey`; what a step
and the answer summary show is `services.answer_views`. Texts are sent in all three languages
("key:lang") so a language switch is instant and keeps what was typed. Personal data beyond
what the current page shows stays in backend-only vars.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import random
import re
import secrets
import time
from typing import Any

import reflex as rx

from components.form import focus_error_summary
from paduko_app import admission, authz, settings, socket_takeover
from paduko_app.db.engine import unit_of_work
from paduko_app.domain import catalogue
from paduko_app.domain.fields import UNKNOWN, AnswerError, DateParts, FieldType
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.journey import CHECK_STEP, Step
from paduko_app.domain.messages import m
from paduko_app.i18n import translate
from paduko_app.services import answer_views as views
from paduko_app.services import applications, office_settings, wizard
from paduko_app.services.callers import Caller
from paduko_app.trace import ref
from state.auth import guarded, guarded_background
from state.kiosk import WIPED_STATES
from state.sign_in import ResidentSignInState
from state.ui import UIState

_config = settings.load()
log = logging.getLogger(__name__)
LINE_POLL_S = 2.0  # how often a waiting tab's place is asked for, at the front of the line
LINE_POLL_MAX_S = 10.0  # ... and at most this far apart, far back in it
LINE_SHOW_EVERY_S = 15.0  # how often a changed place is drawn at the front (each drawing writes the tab's state)
LINE_SHOW_BAND = 100  # ... and once more this long apart for every hundred people ahead
_watching: set[str] = set()  # tabs whose line this process watches


def line_redraw_due(shown: tuple[int, int | None], place: admission.Place, since_s: float) -> bool:
    """Whether to draw a waiter's place (ahead, minutes) again. Only when what they would see has
    changed, and far back less often: each drawing writes the tab's state (CPU the people under way
    need) and is read out by a screen reader; a place 300 back changing every few seconds tells
    nobody more than once a minute does."""
    if shown == (place.ahead, place.minutes):
        return False
    return since_s >= LINE_SHOW_EVERY_S * (1 + place.ahead // LINE_SHOW_BAND)


def answers_page(sent: object, step_key: str) -> bool:
    """Whether a press was made on the page now shown (`sent` is the step key the page carried).
    A double tap sends the same press twice; the second arrives after the first moved on. A form
    without the field (a page of an older version still open) is taken as before; a button of
    such a page sends no key, and its handler refuses the call for the missing argument."""
    return sent is None or str(sent) == step_key


def on_shown_step(handler):
    """Acts on a wizard press only if it was made on the page the server is on.

    Every wizard button and form sends the step key of its page: a button as its first argument,
    a form in its hidden "step" field. The second tap of a double tap (an older resident's
    tremor, a slow phone) or a press replayed after a reconnect carries the key of a page the
    server has left: it is not acted on, and the server's page is sent again, so "Kembali" goes
    back one step, "Tidak tahu" answers one question, "Kirim" sends once. Goes under `guarded`,
    which supplies `caller`.
    """

    first = list(inspect.signature(handler).parameters)[1]  # the key, or the form with its field

    @functools.wraps(handler)
    def checked(self, *args, caller: Caller, **kwargs):
        pressed = args[0] if args else kwargs.get(first)  # Reflex passes its arguments by name
        sent = pressed.get("step") if isinstance(pressed, dict) else pressed
        if not answers_page(sent, self.step_key):
            log.info("browser %s: %s for step %s while the server is on %s: its page is shown again",
                     ref(self.router.session.client_token), handler.__name__, _loggable_key(sent), self.step_key)
            return self._show_again(caller)
        return handler(self, *args, caller=caller, **kwargs)

    return checked


class WizardState(rx.State):
    step_kind: str = ""  # for_whom, question, document, check, done
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
    voice_ids: str = ""  # message ids of the current page's prompt, for pre-made audio
    doc_preview: str = ""  # URL of the stored photo's preview, served only to those allowed
    rows: list[dict[str, str]] = []  # check page
    revising: bool = False  # sent back by an officer: only the flagged items are asked
    errors: dict[str, str] = {}
    for_name: str = ""  # "untuk: Ibu Rosnah" on every page when applying for someone else
    link_pending: bool = False  # the caregiver's surat kuasa still awaits an officer
    done_number: str = ""
    done_for: str = ""  # whom the application just sent is for (the name the applicant typed)
    done_pin: str = ""
    receipt_url: str = ""
    _application_id: int = 0
    _step_id: str = ""
    _return_to_check: bool = False
    _submit_key: str = ""
    line_ahead: int = 0  # people in the service line before this one
    _line_entry: str = ""  # "begin:<service>" or "resume:<application id>": what starts at the turn

    def _wipe(self) -> None:
        for name, field in self.__class__.__fields__.items():
            if field._owner is self.__class__:
                setattr(self, name, field.default_value())
        self._application_id, self._step_id, self._return_to_check, self._submit_key = 0, "", False, ""
        self._line_entry = ""

    def _leave(self, caller: Caller):
        self._wipe()
        return rx.redirect("/kiosk" if caller.role == "operator" else "/akun")

    def _editable(self, caller: Caller) -> bool:
        with unit_of_work() as session:
            return wizard.editable(session, self._application_id, caller) is not None

    # --- entering ----------------------------------------------------------------------------

    @rx.event
    @guarded(authz.APPLICANT)
    def begin(self, service_code: str, caller: Caller, sign_in: ResidentSignInState):
        """"Ajukan" on a service page, or its /ajukan page after signing in. A caregiver first says for whom."""
        if service_code not in catalogue.SERVICES_BY_CODE:
            return
        sign_in.next_path = ""  # arrived: a later sign-in goes to /akun
        self._wipe()
        if not self._my_turn(f"begin:{service_code}", service_code):
            return rx.redirect("/permohonan")
        return self._begin(service_code, caller)

    def _begin(self, service_code: str, caller: Caller):
        with unit_of_work() as session:
            who = wizard.applicant_of_caller(session, caller)
            if who is None:
                return rx.redirect("/kiosk" if caller.role == "operator" else "/masuk")
            people = wizard.people_to_choose(session, who)
            if people:
                self.texts = views.flat("service", views.all_langs(catalogue.service(service_code).name))
                self.options, self.step_kind, self._step_id = people, "for_whom", service_code
                self.step_key = f"for_whom-{service_code}"
                return rx.redirect("/permohonan")
            self._application_id = wizard.start_or_resume(session, who, service_code, _config.secret_key)
        self._show_first_open()
        return rx.redirect("/permohonan")

    @rx.event
    @guarded(authz.RESIDENT)
    @on_shown_step
    def choose_person(self, form: dict, caller: Caller):
        if self.step_kind != "for_whom":
            return
        person_text = str(form.get("person", ""))
        if not person_text.isdigit():
            self.errors = {"person": m("error.choice.invalid")}
            return focus_error_summary()
        with unit_of_work() as session:
            try:
                who = wizard.applicant_of_caller(session, caller, int(person_text))
            except wizard.WizardError as exc:
                self.errors = {"person": exc.message_id}
                return focus_error_summary()
            self._application_id = wizard.start_or_resume(session, who, self._step_id, _config.secret_key)
        self.errors = {}
        self._show_first_open()

    @rx.event
    @guarded(authz.RESIDENT)
    def resume(self, application_id: str, caller: Caller):
        """"Lanjutkan permohonan" (or "Perbaiki") from the account page, on this or another device."""
        self._wipe()
        self._application_id = int(application_id) if application_id.isdigit() and len(application_id) < 12 else 0
        service_code = self._editable_service(self._application_id, caller)
        if service_code is None:
            return self._leave(caller)
        if self._my_turn(f"resume:{self._application_id}", service_code):
            self._show_first_open()
        return rx.redirect("/permohonan")

    # --- the service line (paduko_app/admission) ------------------------------------------------

    def _editable_service(self, application_id: int, caller: Caller) -> str | None:
        """The service of a draft this caller may still fill in, or None."""
        with unit_of_work() as session:
            application = wizard.editable(session, application_id, caller)
            return application.service_code if application is not None else None

    def _line_key(self) -> str:
        return self.router.session.client_token

    def _my_turn(self, entry: str, service_code: str) -> bool:
        """Whether this application may start now; if the service is full, the line is shown
        (place and estimate) and `entry` is what starts when the turn comes."""
        place = admission.enter(self._line_key())
        if place.admitted:
            return True
        log.info("browser %s waits in the line: %d ahead, %d running of %d",
                 ref(self.router.session.client_token), place.ahead, place.running, place.capacity)
        self.step_kind, self.step_key, self._line_entry = "line", "line", entry
        self.texts = views.flat("service", views.all_langs(catalogue.service(service_code).name))
        self._show_place(place)
        return False

    def _show_place(self, place: admission.Place) -> None:
        """Assigned only when changed: an assignment sends the var and stores the state again."""
        texts = {key: text for key, text in self.texts.items() if key.startswith("service:")} | views.flat(
            "wait", views.all_langs(m("wizard.line.estimate"), minutes=place.minutes) if place.minutes
            else views.same_in_all(""))
        if self.line_ahead != place.ahead:
            self.line_ahead = place.ahead
        if self.texts != texts:
            self.texts = texts

    @rx.event(background=True)
    @guarded_background(authz.APPLICANT)
    async def wait_in_line(self, caller: Caller):
        """While the line is shown: asks for this tab's place every few seconds (beside its other
        events, holding nothing), shows a changed place now and then, and takes the turn when it
        comes. Stops when the tab leaves the line or disconnects from this worker (its reconnect
        elsewhere loads the page, which starts the watch there); one watch per tab and worker."""
        token = self.router.session.client_token
        if token in _watching:
            return None
        _watching.add(token)
        try:
            shown_at, ahead = time.monotonic(), self.line_ahead
            shown: tuple[int, int | None] = (ahead, None)  # the estimate drawn first is not known here
            while True:
                # Far back in the line, asking less often costs nobody a turn; spread, not in step.
                await asyncio.sleep(min(LINE_POLL_MAX_S, LINE_POLL_S + ahead / 10) * random.uniform(0.75, 1.25))
                if not socket_takeover.connected_here(token):
                    return None
                place = await asyncio.to_thread(admission.enter, token)
                if place.admitted:
                    return WizardState.take_turn
                ahead = place.ahead
                if line_redraw_due(shown, place, time.monotonic() - shown_at):
                    async with self:
                        if self.step_kind != "line":
                            return None
                        self._show_place(place)
                    shown_at, shown = time.monotonic(), (place.ahead, place.minutes)
        finally:
            _watching.discard(token)

    @rx.event
    @guarded(authz.APPLICANT)
    def take_turn(self, caller: Caller):
        """The turn came (sent by `wait_in_line`): start what the person asked for, on the page
        where they wait; if they went to another page meanwhile, the place goes to the next."""
        if self.step_kind != "line" or self.router.page.path.rstrip("/") != "/permohonan":
            admission.line().leave(self._line_key())
            if self.step_kind == "line":
                self._wipe()
            return None
        kind, _, value = self._line_entry.partition(":")
        service_code = value if kind == "begin" else self._editable_service(int(value), caller)
        if service_code is None:
            return self._leave(caller)
        if not self._my_turn(self._line_entry, service_code):
            return WizardState.wait_in_line
        self._wipe()
        if kind == "begin":
            redirect = self._begin(value, caller)
            return redirect if self.step_kind == "" else None  # the step is drawn here, on this page
        self._application_id = int(value)
        self._show_first_open()
        return None

    @rx.event
    @guarded(authz.APPLICANT)
    def load(self, caller: Caller):
        """on_load of /permohonan: show the current step again (after a reload too)."""
        if self.step_kind in ("done", "for_whom"):
            return
        if self.step_kind == "line":
            return WizardState.wait_in_line
        if not self._editable(caller):
            return self._leave(caller)
        self._show(self._step_id)

    # --- showing a step ----------------------------------------------------------------------

    def _draft(self) -> wizard.Draft:
        with unit_of_work() as session:
            return wizard.load_draft(session, self._application_id)

    def _show_first_open(self) -> None:
        """Resume where the person stopped; after an officer's request, at the first flagged item."""
        draft = self._draft()
        self._render(draft, draft.journey.first_open())

    def _show(self, step_id: str) -> None:
        draft = self._draft()
        self._render(draft, draft.journey.find(step_id) or CHECK_STEP)

    def _render(self, draft: wizard.Draft, step: Step) -> None:
        admission.line().touch(self._line_key())  # every step keeps the application counted as running
        application = draft.application
        # The name the applicant typed, never what the office holds (a typed NIK opens nothing).
        self.for_name = (wizard.name_for_applicant(application, draft.person)
                         if application.channel in ("caregiver", "kiosk") else "")
        offered = None
        if step.id == "pickup_place":
            with unit_of_work() as session:
                offered = office_settings.offered_places(session)
        view = views.step_view(draft.journey, step, draft.documents, draft.flags, for_name=self.for_name,
                               offered_places=offered)
        self._step_id, self.step_kind = view.id, view.kind
        # The key remounts the inputs on another step, but not when the same step is shown again
        # (after a reload or the page's on_load), which would wipe what is being typed.
        shown_before, self.step_key = self.step_key, f"{application.id}-{view.kind}-{view.id}"
        self.revising = draft.journey.revising
        self.link_pending = application.channel == "caregiver" and wizard.link_status_of(application) != "accepted"
        texts = views.flat("service", views.all_langs(draft.svc.name))
        texts |= views.flat("step", views.all_langs(m("wizard.step_of"), number=view.number, total=view.total))
        texts |= views.flat("label", view.label) | views.flat("hint", view.hint)
        texts |= views.flat("flag", views.flag_texts(view.flag))
        if view.late_rule:
            texts |= views.flat("late", view.late_rule)
        self.texts, self.voice_ids = texts, view.voice_ids
        self.q_type, self.q_required, self.q_allow_unknown = view.q_type, view.required, view.allow_unknown
        self.options = [{"value": o.value, **views.flat("label", o.label)} for o in view.options]
        self.value = view.value
        self.date_day, self.date_month, self.date_year = view.date_parts
        self.doc_preview = view.doc_preview
        if view.kind == "check":
            self.rows = [views.row_dict(r) for r in views.answer_summary(draft.journey, draft.documents, draft.flags,
                                                                           for_name=self.for_name)]
            if self.step_key != shown_before or not self._submit_key:  # the same check page keeps its key
                self._submit_key = secrets.token_urlsafe(24)  # a double tap re-sends this same key

    def _show_again(self, caller: Caller):
        """The answer to a press made on a page the server has left: the page the server is on,
        sent whole again, so the browser shows exactly that page and nothing is acted on."""
        if self.step_kind in ("", "for_whom", "done"):  # nothing to load: the page shown is the state
            return None
        if not self._editable(caller):
            return self._leave(caller)
        self._show(self._step_id)
        return None

    def _after_answer(self) -> None:
        draft = self._draft()
        if self._return_to_check:
            # A changed answer can bring a new question or photo: ask for it before the check page.
            self._return_to_check = False
            self._render(draft, draft.journey.first_missing())
            return
        self._render(draft, draft.journey.next_after(self._step_id))

    # --- moving between steps ----------------------------------------------------------------

    @rx.event
    @guarded(authz.APPLICANT)
    @on_shown_step
    def next_step(self, form: dict, caller: Caller):
        if self.step_kind not in ("question", "document"):
            return
        with unit_of_work() as session:
            application = wizard.editable(session, self._application_id, caller)
            if application is None:
                return self._leave(caller)
            try:
                if self.step_kind == "question":
                    raw: Any = form.get("answer", "")
                    if self.q_type == FieldType.DATE.value:
                        raw = DateParts(str(form.get("day", "")), str(form.get("month", "")), str(form.get("year", "")))
                    wizard.answer(session, application.id, self._step_id, raw)
                else:
                    key = str(form.get("upload", ""))
                    if key or not self.doc_preview:
                        wizard.attach(session, application.id, self._step_id, key, caller.account_id)
            except AnswerError as exc:
                self.errors = {"answer": exc.message_id}
                return focus_error_summary()
            except wizard.WizardError as exc:
                self.errors = {"upload": exc.message_id}
                return focus_error_summary()
        self.errors = {}
        self._after_answer()

    @rx.event
    @guarded(authz.APPLICANT)
    @on_shown_step
    def answer_unknown(self, step: str, caller: Caller):
        if self.step_kind != "question" or not self.q_allow_unknown:
            return
        with unit_of_work() as session:
            application = wizard.editable(session, self._application_id, caller)
            if application is None:
                return self._leave(caller)
            wizard.answer(session, application.id, self._step_id, UNKNOWN)
        self.errors = {}
        self._after_answer()

    @rx.event
    @guarded(authz.APPLICANT)
    @on_shown_step
    def back(self, step: str, caller: Caller):
        if not self._editable(caller):
            return self._leave(caller)
        self.errors = {}
        if self._return_to_check:
            self._return_to_check = False
            self._show("")
            return
        draft = self._draft()
        previous = draft.journey.previous_before(self._step_id)
        if previous is None:
            return rx.redirect("/kiosk" if caller.role == "operator" else "/akun")
        self._render(draft, previous)

    @rx.event
    @guarded(authz.APPLICANT)
    @on_shown_step
    def change(self, step: str, step_id: str, caller: Caller):
        """"Ubah" on the check page: that step, then straight back to the check page."""
        if not self._editable(caller):
            return self._leave(caller)
        draft = self._draft()
        step = draft.journey.find(step_id)  # while revising, only what the officer flagged
        if step is None or step.kind == "check":
            return
        self._return_to_check, self.errors = True, {}
        self._render(draft, step)

    @rx.event
    @guarded(authz.APPLICANT)
    @on_shown_step
    def send(self, step: str, caller: Caller, ui: UIState):
        """"Kirim permohonan": submits once, however often it is pressed."""
        if self.step_kind != "check":  # a second tap arrives after the first finished: nothing to do
            return
        with unit_of_work() as session:
            application = wizard.editable(session, self._application_id, caller)
            if application is None:
                return self._leave(caller)
            try:
                done = wizard.submit(session, application.id, account=caller.account, submit_key=self._submit_key,
                                     secret=_config.secret_key, public_url=_config.public_url,
                                     lang=ui.active_lang, translate=translate)
            except (wizard.WizardError, applications.ApplicationError) as exc:
                self.errors = {"form": exc.message_id}
                return focus_error_summary()
        if done is None:
            return
        admission.line().leave(self._line_key())  # sent: the place goes to the next in line
        from paduko_app.notify import worker
        from paduko_app.services import notifications

        worker.wake()
        if caller.role == "resident":
            with unit_of_work() as session:
                notifications.remember_language(session, caller.account_id, ui.active_lang)
        texts = {key: text for key, text in self.texts.items() if key.startswith("service:")}
        self.texts = texts | {f"due:{lang}": format_date(done.due_date, lang, weekday=True) for lang in LANGUAGES}
        self.step_kind, self.done_number, self.done_pin = "done", done.number, done.pin
        self.step_key = f"{application.id}-done"  # a second tap on "Kirim" was made on the check page
        with unit_of_work() as session:
            self.done_for = wizard.for_whom(session, application.id)
        self.receipt_url = f"/api/permohonan/{application.id}/tanda-terima"


_STEP_KEY = re.compile(r"[0-9]{1,12}-[a-z_]{1,20}-[A-Za-z0-9_.]{0,60}")


def _loggable_key(sent) -> str:
    """A step key sent by the browser, if it has the shape of one (it is the browser's input)."""
    return str(sent) if sent is not None and _STEP_KEY.fullmatch(str(sent)) else "?"


WIPED_STATES.append(WizardState)
