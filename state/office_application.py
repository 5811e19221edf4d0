"""One application, for the verifikator who works it: its content, and the decisions.

What the page shows comes from services.office_view (audited there); each decision is one
use case in services.decisions. Texts go out in all three languages like the wizard's.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Application
from paduko_app.domain import catalogue, numbers, pickup
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.lifecycle import STATUS_LABELS, Status
from paduko_app.domain.messages import FormErrors, m
from paduko_app.domain.regions import kelurahan_by_code
from paduko_app.services import answer_views as views
from paduko_app.services import care, decisions, office_settings, office_view, queue, revisions
from paduko_app.services.callers import Caller
from state.auth import guarded
from state.office_queue import CHANNEL_LABELS, target_texts

RELATIONSHIPS = {r: f"care.relationship.{r}" for r in ("child", "spouse", "sibling", "other")}  # the care page's words
APPOINTMENT_STATES = {s: f"office.appointment.{s}" for s in ("offered", "confirmed", "change_requested")}
# Named so the catalogue extractor finds ids that the code builds from their parts.
_APPOINTMENT_IDS = (m("office.appointment.offered"), m("office.appointment.confirmed"),
                    m("office.appointment.change_requested"))


def _when(moment, lang: str) -> str:
    local = moment.astimezone(queue.WIB)
    return f"{format_date(local.date(), lang)} {local:%H.%M}"


def _slot_texts(slot: str) -> dict[str, str]:
    moment = decisions.parse_slot(slot)
    return {f"label:{lang}": _when(moment, lang) if moment else slot for lang in LANGUAGES}


class ApplicationReviewState(rx.State):
    found: bool = False
    number: str = ""
    status: str = ""
    mine: bool = False  # this officer holds it and may decide
    holder: str = ""
    header: dict[str, str] = {}  # service, status, channel, target ... in each language
    person: dict[str, str] = {}  # name, full NIK, age, kelurahan (only on this page; views audited)
    applicant: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    earlier: list[dict[str, str]] = []
    link: dict[str, str] = {}  # a caregiver's link still awaiting a decision
    appointment: dict[str, str] = {}
    slots: list[dict[str, str]] = []
    reasons: list[dict[str, str]] = []
    is_recording: bool = False
    home_visit_asked: bool = False
    visit_address: str = ""
    pickup_default: str = ""
    pickup_offered: list[str] = []  # the places the office offers now (services/office_settings)
    is_pickup: bool = False
    is_print: bool = False
    name_warning: str = ""
    errors: dict[str, str] = {}
    done: str = ""  # message id of what just happened, shown as a status message
    _application_id: int = 0

    def _number_from_url(self) -> str:
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return numbers.normalise_application_number(last) or ""

    def _refresh(self, caller: Caller) -> None:
        with unit_of_work() as session:
            found = office_view.detail(session, self._application_id, caller.account)
            reason_rows = revisions.reasons(session)
        self.found = found is not None
        if found is None:
            return
        a = found.application
        svc = catalogue.service(a.service_code)
        self.number, self.status = a.number, a.status
        self.mine = a.assigned_account_id == caller.account_id and a.status == Status.IN_REVIEW.value
        self.holder = found.assigned.display_name if found.assigned else ""
        kel = kelurahan_by_code(found.person.kelurahan_code or a.kelurahan_code or "")
        self.header = {
            **views.flat("service", views.all_langs(svc.name)),
            **views.flat("status", views.all_langs(STATUS_LABELS[Status(a.status)])),
            **views.flat("channel", views.all_langs(CHANNEL_LABELS[a.channel])),
            **views.flat("target", target_texts(found.days_left) if a.status in queue.QUEUE_STATUSES
                         else views.same_in_all("")),
            **{f"due:{lang}": format_date(found.due, lang) if found.due else "" for lang in LANGUAGES},
            **{f"submitted:{lang}": _when(a.submitted_at, lang) if a.submitted_at else "" for lang in LANGUAGES},
            "late": "1" if found.days_left < 0 and a.status in queue.QUEUE_STATUSES else "",
        }
        self.person = {"name": found.person.name, "nik": found.person.nik or "",
                       "age": str(found.person_age) if found.person_age is not None else "",
                       "kelurahan": kel.name if kel else "", "older": "1" if (found.person_age or 0) >= 60 else ""}
        self.applicant = {"name": found.applicant.display_name,
                          "operator": found.operator.display_name if found.operator else ""}
        self.rows = [views.row_dict(r) for r in found.rows]
        self.timeline = [{
            **views.flat("event", views.all_langs(e.event)),
            **{f"at:{lang}": _when(e.at, lang) for lang in LANGUAGES},
            "reason": e.reason or "",
        } for e in found.timeline]
        self.earlier = [{"number": e.number, **views.flat("service", views.all_langs(catalogue.service(e.service_code).name)),
                         **views.flat("status", views.all_langs(STATUS_LABELS[Status(e.status)]))} for e in found.earlier]
        link = found.pending_link
        self.link = {"id": str(link.id), **views.flat("relationship", views.all_langs(RELATIONSHIPS.get(
            link.relationship, RELATIONSHIPS["other"])))} if link else {}
        self.reasons = [{"id": str(r.id), **views.flat("label", revisions.reason_texts(r))} for r in reason_rows]
        self.is_recording = a.service_code == "KTP_REKAM"
        answers = {r.id: r for r in found.rows}
        self.home_visit_asked = self.is_recording and "visit_address" in answers
        self.visit_address = answers["visit_address"].value["id"] if self.home_visit_asked else ""
        self.is_pickup = catalogue.Output.PICK_UP in svc.outputs
        self.is_print = catalogue.Output.PRINT_AT_HOME in svc.outputs
        chosen = answers.get("pickup_place")
        with unit_of_work() as session:
            self.pickup_offered = list(office_settings.offered_places(session))
        self.pickup_default = next((p for p in self.pickup_offered if chosen and chosen.value["id"] == views.all_langs(
            pickup.place_text_id(p))["id"]), self.pickup_offered[0])
        appointment = found.appointment
        self.appointment = {
            "kind": appointment.kind, "address": appointment.address or "",
            **views.flat("state", views.all_langs(APPOINTMENT_STATES[appointment.status])),
            **{f"chosen:{lang}": _slot_texts(appointment.chosen)[f"label:{lang}"] if appointment.chosen else ""
               for lang in LANGUAGES},
        } if appointment else {}
        self.slots = [{"value": s, **_slot_texts(s)} for s in (appointment.slots if appointment else [])]
        warning = found.name_warning
        self.name_warning = f"{warning[0]} / {warning[1]}" if warning else ""

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def load(self, caller: Caller):
        self.errors, self.done, self._application_id = {}, "", 0
        number = self._number_from_url()
        with unit_of_work() as session:
            found = session.exec(select(Application.id).where(Application.number == number)).first() if number else None
        self._application_id = found or 0
        self._refresh(caller)

    def _after(self, caller: Caller, done: str):
        self.errors, self.done = {}, done
        self._refresh(caller)
        return rx.call_script("window.scrollTo(0,0)")

    def _failed(self, errors: dict[str, str]):
        self.errors, self.done = errors, ""
        return focus_error_summary()

    def _run(self, caller: Caller, done: str, action):
        """One decision: its use case commits; refusals come back as messages on their fields."""
        try:
            with unit_of_work() as session:
                action(session)
        except FormErrors as exc:  # care.CareError too
            return self._failed(exc.errors)
        except queue.QueueError as exc:
            self._refresh(caller)
            return self._failed({"form": m("error.office.taken") if exc.message_id == queue.ERR_TAKEN else exc.message_id})
        return self._after(caller, done)

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def take(self, caller: Caller):
        return self._run(caller, m("office.done.taken"),
                         lambda session: queue.claim(session, self._application_id, caller.account))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def request_revision(self, form: dict, caller: Caller):
        flags = {(row["kind"], row["id"]): int(chosen) for row in self.rows
                 if (chosen := str(form.get(f"flag-{row['kind']}-{row['id']}", ""))).isdigit() and len(chosen) < 10}
        note = str(form.get("note", ""))[:500]
        return self._run(caller, m("office.done.revision"), lambda session: decisions.request_revision(
            session, self._application_id, caller.account, flags, note))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def reject(self, form: dict, caller: Caller):
        chosen = str(form.get("reject_reason", ""))
        reason_id = int(chosen) if chosen.isdigit() and len(chosen) < 10 else 0
        note = str(form.get("reject_note", ""))[:500]
        return self._run(caller, m("office.done.rejected"), lambda session: decisions.reject(
            session, self._application_id, caller.account, reason_id, note))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def finish_print(self, form: dict, caller: Caller):
        key = str(form.get("pdf", ""))[:64]
        return self._run(caller, m("office.done.finished"), lambda session: decisions.finish_print(
            session, self._application_id, caller.account, key))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def finish_pickup(self, form: dict, caller: Caller):
        place = str(form.get("place", ""))
        return self._run(caller, m("office.done.finished"), lambda session: decisions.finish_pickup(
            session, self._application_id, caller.account, place))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def offer_recording(self, form: dict, caller: Caller):
        kind = "home" if form.get("visit_kind") == "home" else "office"
        slots = [str(form.get(f"slot{i}", "")) for i in range(1, 4)]
        address = str(form.get("address", ""))
        return self._run(caller, m("office.done.offered"), lambda session: decisions.offer_recording(
            session, self._application_id, caller.account, kind=kind, slots=slots, address=address))

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def decide_link(self, form: dict, caller: Caller):
        """A caregiver's surat kuasa is decided before the application itself."""
        link_id = self.link.get("id", "")
        if not link_id:
            return
        accept, reason = form.get("decision") == "accept", str(form.get("reason", ""))[:500]
        return self._run(caller, m("office.done.link"), lambda session: care.decide(
            session, int(link_id), officer=caller.account, accept=accept, reason=reason))
