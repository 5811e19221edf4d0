"""The verifikator's queue page: filters, counts, and "Ambil"."""

from __future__ import annotations

import reflex as rx

from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain import catalogue
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.lifecycle import STATUS_LABELS, Status
from paduko_app.domain.messages import m
from paduko_app.domain.regions import KELURAHAN, kelurahan_by_code
from paduko_app.services import answer_views as views
from paduko_app.services import queue
from paduko_app.services.callers import Caller
from state.auth import guarded

CHANNEL_LABELS = {c: f"office.channel.{c}" for c in queue.CHANNELS}
# Named so the catalogue extractor finds ids that the code builds from their parts.
_CHANNEL_IDS = (m("office.channel.own"), m("office.channel.caregiver"), m("office.channel.kiosk"),
                m("office.channel.counter"))


def target_texts(days_left: int) -> dict[str, str]:
    """"3 hari lagi", "hari ini", "terlambat 2 hari": the target time in words."""
    if days_left > 0:
        return views.all_langs(m("office.target.days_left"), days=days_left)
    if days_left == 0:
        return views.all_langs(m("office.target.today"))
    return views.all_langs(m("office.target.overdue"), days=-days_left)


def _option(value: str, label: dict[str, str], count: int) -> dict[str, str]:
    return {"value": value, **{f"label:{lang}": f"{label[lang]} ({count})" for lang in LANGUAGES}}


class QueueState(rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    overdue_count: int = 0
    service_options: list[dict[str, str]] = []
    status_options: list[dict[str, str]] = []
    kelurahan_options: list[dict[str, str]] = []
    channel_options: list[dict[str, str]] = []
    service: str = ""
    status: str = ""
    kelurahan: str = ""
    channel: str = ""
    overdue: bool = False
    taken_number: str = ""  # "Sudah diambil oleh ...": which application, and by whom
    taken_by: str = ""
    loaded: bool = False  # the prerendered page says nothing about an empty queue before the rows arrive

    def _filters(self) -> queue.Filters:
        return queue.Filters(self.service, self.status, self.kelurahan, self.channel, self.overdue)

    def _refresh(self, caller: Caller) -> None:
        with unit_of_work() as session:
            view = queue.queue(session, self._filters())
        self.total, self.overdue_count = view.total, view.overdue_count
        self.loaded = True
        self.rows = [{
            "id": str(r.id), "number": r.number, "person": r.person_name,
            **views.flat("service", views.all_langs(catalogue.service(r.service_code).name)),
            **views.flat("status", views.all_langs(STATUS_LABELS[Status(r.status)])),
            **views.flat("channel", views.all_langs(CHANNEL_LABELS[r.channel])),
            "kelurahan": (kelurahan_by_code(r.kelurahan_code).name if kelurahan_by_code(r.kelurahan_code) else ""),
            **{f"submitted:{lang}": format_date(queue.local_date(r.submitted_at), lang) if r.submitted_at else ""
               for lang in LANGUAGES},
            **views.flat("target", target_texts(r.days_left)), "late": "1" if r.days_left < 0 else "",
            "holder": r.assigned_name if r.assigned_account_id != caller.account_id else "",
            # Mine and being checked: open it. Resent to me, or nobody's yet: "Ambil" starts the check.
            "mine": "1" if r.assigned_account_id == caller.account_id and r.status == Status.IN_REVIEW.value else "",
        } for r in view.rows]
        counts = view.counts
        self.service_options = [_option(s.code, views.all_langs(s.name), counts["service"].get(s.code, 0))
                                for s in catalogue.SERVICES]
        self.status_options = [_option(s, views.all_langs(STATUS_LABELS[Status(s)]), counts["status"].get(s, 0))
                               for s in queue.QUEUE_STATUSES]
        self.kelurahan_options = [_option(k.code, views.same_in_all(k.name), counts["kelurahan"].get(k.code, 0))
                                  for k in KELURAHAN]
        self.channel_options = [_option(c, views.all_langs(CHANNEL_LABELS[c]), counts["channel"].get(c, 0))
                                for c in queue.CHANNELS]

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def load(self, caller: Caller):
        self.taken_number = self.taken_by = ""
        self._refresh(caller)

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def apply_filters(self, form: dict, caller: Caller):
        wanted = queue.Filters(str(form.get("service", "")), str(form.get("status", "")),
                               str(form.get("kelurahan", "")), str(form.get("channel", "")),
                               bool(form.get("overdue"))).clean()
        self.service, self.status, self.kelurahan, self.channel = (wanted.service, wanted.status, wanted.kelurahan,
                                                                   wanted.channel)
        self.overdue = wanted.overdue
        self.taken_number = self.taken_by = ""
        self._refresh(caller)

    @rx.event
    @guarded(authz.VERIFIKATOR)
    def take(self, application_id: str, caller: Caller):
        """"Ambil": mine to work on, or told who already has it."""
        if not application_id.isdigit() or len(application_id) > 12:
            return
        try:
            with unit_of_work() as session:
                application = queue.claim(session, int(application_id), caller.account)
        except queue.QueueError as exc:
            self.taken_number = next((r["number"] for r in self.rows if r["id"] == application_id), "")
            self.taken_by = exc.params.get("name", "")
            self._refresh(caller)
            return
        return rx.redirect(f"/petugas/permohonan/{application.number}")
