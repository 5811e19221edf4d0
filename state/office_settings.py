"""What the office keeps itself (admin): the reasons officers give, applications an officer
holds (to release them), and messages that could not be delivered."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from components.form import focus_error_summary
from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application
from paduko_app.domain import catalogue, pickup
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.domain.identity import mask_number
from paduko_app.domain.messages import FormErrors
from paduko_app.notify import outbox, worker
from paduko_app.services import answer_views as views
from paduko_app.services import notifications, office_settings, queue, revisions
from paduko_app.services.callers import Caller
from state.auth import guarded


def _ticked(form: dict, name: str) -> bool:
    """A checkbox as a form sends it: its value ("1") when ticked, nothing when not; Reflex sends a
    bool instead when the box's id is its name. (The new-reason form sends a hidden "1".)"""
    return form.get(name) in (True, "1")


class ReasonsAdminState(rx.State):
    reasons: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    saved: bool = False

    def _refresh(self) -> None:
        with unit_of_work() as session:
            self.reasons = [{"id": str(r.id), "code": r.code, "text_id": r.text_id, "text_min": r.text_min,
                             "text_en": r.text_en, "active": "1" if r.active else ""}
                            for r in revisions.reasons(session, include_inactive=True)]

    @rx.event
    @guarded(authz.ADMIN)
    def load(self):
        self.errors, self.saved = {}, False
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def save(self, form: dict, caller: Caller):
        reason_id = str(form.get("reason_id", ""))
        try:
            with unit_of_work() as session:
                revisions.save_reason(
                    session, admin_id=caller.account_id,
                    reason_id=int(reason_id) if reason_id.isdigit() and len(reason_id) < 10 else None,
                    code=str(form.get("code", "")), active=_ticked(form, "active"),
                    texts={lang: str(form.get(f"text_{lang}", "")) for lang in LANGUAGES})
        except FormErrors as exc:
            self.errors, self.saved = exc.errors, False
            return focus_error_summary()
        self.errors, self.saved = {}, True
        self._refresh()


class HeldAdminState(rx.State):
    """Applications an officer holds: the admin can release one (an officer on leave, say).
    Numbers, services and officers only: no resident's data on an admin page."""

    held: list[dict[str, str]] = []

    def _refresh(self) -> None:
        with unit_of_work() as session:
            rows = session.exec(select(Application, Account).where(
                Application.assigned_account_id == Account.id, Application.status.in_(queue.QUEUE_STATUSES))
                .order_by(Application.assigned_at)).all()
            self.held = [{"id": str(a.id), "number": a.number, "officer": officer.display_name,
                          **views.flat("service", views.all_langs(catalogue.service(a.service_code).name))}
                         for a, officer in rows]

    @rx.event
    @guarded(authz.ADMIN)
    def load(self):
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def release(self, application_id: str, caller: Caller):
        if application_id.isdigit() and len(application_id) < 12:
            try:
                with unit_of_work() as session:
                    queue.release(session, int(application_id), caller.account)
            except queue.QueueError:
                pass  # already released by someone else: the refreshed list shows it
        self._refresh()


class DeliveriesAdminState(rx.State):
    """Messages the gateway refused after every retry, with the error, and "Kirim ulang"."""

    failed: list[dict[str, str]] = []

    def _refresh(self) -> None:
        with unit_of_work() as session:
            self.failed = [{"id": str(f.id), "to": mask_number(f.recipient) if len(f.recipient) == 16
                            else f.recipient[:4] + "…" + f.recipient[-3:], "message": f.message_id,
                            "attempts": str(f.attempts), "error": f.last_error or "",
                            "at": f.created_at.astimezone(queue.WIB).strftime("%Y-%m-%d %H:%M")}
                           for f in outbox.failed(session)]

    @rx.event
    @guarded(authz.ADMIN)
    def load(self):
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def retry(self, message_id: str):
        if message_id.isdigit() and len(message_id) < 12:
            with unit_of_work() as session:
                notifications.send_again(session, int(message_id))
            worker.wake()
        self._refresh()


class OfficeAdminState(rx.State):
    """/admin/kantor: contacts and hours, the home page's announcement, service target times."""

    contact: dict[str, str] = {}
    announcement: dict[str, str] = {}
    targets: list[dict[str, str]] = []  # code, name in each language, default, office's value
    pickup: dict[str, str] = {}  # pickup_<code>_offered ("1" or ""), _address, _hours_<lang>
    errors: dict[str, str] = {}
    saved: str = ""  # which form was saved last: contact, announcement, targets
    version: int = 0  # bumps on every load; the forms show once it is above 0

    def _refresh(self) -> None:
        with unit_of_work() as session:
            c = office_settings.contact(session)
            texts, active = office_settings.announcement_draft(session)
            own = office_settings.targets(session)
            places = office_settings.pickup_places(session)
        self.contact = {"phone": c.phone, "whatsapp": c.whatsapp, "address": c.address,
                        **{f"hours_{lang}": c.hours.get(lang, "") for lang in LANGUAGES}}
        self.announcement = {**{f"text_{lang}": texts.get(lang, "") for lang in LANGUAGES},
                             "active": "1" if active else ""}
        self.targets = [{"code": s.code, "default": str(s.sla_working_days), "value": str(own.get(s.code, "")),
                         **views.flat("name", views.all_langs(s.name))} for s in catalogue.SERVICES]
        self.pickup = {}
        for code, place in places.items():
            self.pickup |= {f"pickup_{code}_offered": "1" if place.offered else "",
                            f"pickup_{code}_address": place.address,
                            **{f"pickup_{code}_hours_{lang}": place.hours.get(lang, "") for lang in LANGUAGES}}
        self.version += 1

    def _save(self, which: str, write):
        """One shape for every form here: write in one unit of work, then show errors or reload."""
        try:
            with unit_of_work() as session:
                write(session)
        except FormErrors as exc:
            self.errors, self.saved = exc.errors, ""
            return focus_error_summary()
        self.errors, self.saved = {}, which
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def load(self):
        self.errors, self.saved = {}, ""
        self._refresh()

    @rx.event
    @guarded(authz.ADMIN)
    def save_contact(self, form: dict, caller: Caller):
        return self._save("contact", lambda session: office_settings.save_contact(
            session, admin_id=caller.account_id, phone=str(form.get("phone", "")),
            whatsapp=str(form.get("whatsapp", "")), address=str(form.get("address", "")),
            hours={lang: str(form.get(f"hours_{lang}", "")) for lang in LANGUAGES}))

    @rx.event
    @guarded(authz.ADMIN)
    def save_announcement(self, form: dict, caller: Caller):
        return self._save("announcement", lambda session: office_settings.save_announcement(
            session, admin_id=caller.account_id, active=_ticked(form, "active"),
            texts={lang: str(form.get(f"text_{lang}", "")) for lang in LANGUAGES}))

    @rx.event
    @guarded(authz.ADMIN)
    def save_targets(self, form: dict, caller: Caller):
        values = {s.code: str(form.get(f"target_{s.code}", "")) for s in catalogue.SERVICES}
        return self._save("targets", lambda session: office_settings.save_targets(
            session, admin_id=caller.account_id, values=values))

    @rx.event
    @guarded(authz.ADMIN)
    def save_pickup(self, form: dict, caller: Caller):
        # Reflex submits a named checkbox as a bool; a plain form post would send its value "1".
        values = {code: {"offered": _ticked(form, f"pickup_{code}_offered"),
                         "address": str(form.get(f"pickup_{code}_address", "")),
                         "hours": {lang: str(form.get(f"pickup_{code}_hours_{lang}", "")) for lang in LANGUAGES}}
                  for code in pickup.PLACES}
        return self._save("pickup", lambda session: office_settings.save_pickup_places(
            session, admin_id=caller.account_id, values=values))
