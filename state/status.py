"""The status page: a signed-in person's applications, or one by number + PIN."""

from __future__ import annotations

import re
from typing import Mapping

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.domain import catalogue, pickup
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.lifecycle import STATUS_LABELS, Status
from paduko_app.i18n import translate
from paduko_app.services import office_settings, status, wizard
from paduko_app.services.callers import Caller
from state.auth import guarded, public

_config = settings.load()


def _langs(message_id: str, prefix: str) -> dict[str, str]:
    return {f"{prefix}:{lang}": translate(lang, message_id) for lang in LANGUAGES}


def status_card(found: status.StatusView, *, signed_in: bool, for_name: str = "",
                places: Mapping[str, office_settings.PickupPlace] | None = None) -> dict:
    """One application's card; `for_name` (signed in only) says whom it is for; `places` the
    office's pick-up places, whose address and hours follow the place's name."""
    card = {"number": found.number, "status": found.status, "for": for_name,
            **_langs(catalogue.service(found.service_code).name, "service"),
            **_langs(STATUS_LABELS[Status(found.status)], "state"),
            "download": f"/api/dokumen/{found.result_document_id}" if signed_in and found.result_document_id else "",
            "events": []}
    places_kept = places
    for event in reversed(found.events):
        local = event.at.astimezone(wizard.WIB).date()  # the day as it was in Padang Panjang
        # Reasons from the office's list, in the reader's language; a free sentence follows as written.
        note = "" if re.fullmatch(r"[a-z0-9_,]+", event.reason) else event.reason  # codes stand in for no sentence
        reasons = {f"reason:{lang}": " ".join(filter(None, (event.reason_texts.get(lang, ""), note)))
                   for lang in LANGUAGES}
        place_id = pickup.place_text_id(event.place)
        places = _langs(place_id, "place") if place_id else {f"place:{lang}": event.place for lang in LANGUAGES}
        kept = (places_kept or {}).get(event.place)
        places |= {f"place_detail:{lang}": " · ".join(filter(None, (kept.address, kept.hours.get(lang, ""))))
                   if kept else "" for lang in LANGUAGES}
        card["events"].append({**_langs(event.event, "event"),
                               **{f"date:{lang}": format_date(local, lang) for lang in LANGUAGES},
                               **reasons, **places})
    return card


PAGE_SIZE = 20  # applications per "Tampilkan lebih banyak": the newest first


class StatusState(rx.State):
    cards: list[dict] = []  # what the page shows: numbers, statuses, dates, the officer's reasons
    errors: dict[str, str] = {}
    signed_in: bool = False
    has_more: bool = False  # a signed-in person with more applications than shown
    _shown: int = PAGE_SIZE

    def _list(self, account) -> None:
        """The newest `_shown` sent applications, in a fixed number of queries whatever their count."""
        with unit_of_work() as session:
            rows = wizard.applications_of(session, account.id, limit=self._shown + 1, sent_only=True)
            self.has_more = len(rows) > self._shown
            shown = rows[:self._shown]
            names = wizard.for_whom_of(session, shown)
            places = office_settings.pickup_places(session)
            self.cards = [status_card(v, signed_in=True, for_name=names[v.application_id], places=places)
                          for v in status.views_of(session, shown)]

    @rx.event
    @public
    def load(self, caller: Caller):
        """Public page: a signed-in resident sees their own applications; others get the form."""
        self.errors, self.cards, self.has_more, self._shown = {}, [], False, PAGE_SIZE
        account = caller.account
        self.signed_in = account is not None and account.role == "resident"
        if self.signed_in:
            self._list(account)

    @rx.event
    @guarded(authz.RESIDENT)
    def show_more(self, caller: Caller):
        self._shown += PAGE_SIZE
        self._list(caller.account)

    @rx.event
    @public
    def lookup(self, form: dict):
        try:
            with unit_of_work() as session:
                found = status.by_number_and_pin(session, str(form.get("number", "")), str(form.get("pin", "")),
                                                  _config.secret_key, client=self.router.session.client_token,
                                                  ip=self.router.session.client_ip)
                places = office_settings.pickup_places(session)
        except status.StatusError as exc:
            self.errors, self.cards = {exc.field: exc.message_id}, []
            return focus_error_summary()
        self.errors, self.cards = {}, [status_card(found, signed_in=False, places=places)]


