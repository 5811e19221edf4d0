"""Assisted service at a kelurahan kiosk ("Layanan dibantu")."""

from __future__ import annotations

import reflex as rx

from components.form import focus_error_summary
from paduko_app import authz, offload
from paduko_app.db.engine import unit_of_work
from paduko_app.services import kiosk
from paduko_app.services.callers import Caller
from state.auth import guarded

# Clears every trace in the browser except the operator's own sign-in cookie, then starts a
# fresh page: sessionStorage holds Reflex's client token, so the next resident also gets a
# fresh server-side state.
WIPE_BROWSER = """
(function () {
  try {
    localStorage.clear();
    sessionStorage.clear();
    document.cookie.split(';').forEach(function (c) {
      var name = c.split('=')[0].trim();
      if (name && name !== 'paduko_session') document.cookie = name + '=; Max-Age=0; path=/';
    });
    if (window.caches) caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
  } catch (e) {}
  window.location.replace('/kiosk');
})();
"""


class KioskState(rx.State):
    """What the operator's screen shows of the resident being served, and nothing more."""

    active: bool = False
    resident_name: str = ""  # what the operator typed, or the office's record once entitled
    entitled: bool = False
    account_verified: bool = False  # the resident's own account was just verified in person
    errors: dict[str, str] = {}
    _kiosk_session_id: int = 0
    _person_id: int = 0

    def _wipe(self) -> None:
        self.active, self.resident_name, self.errors = False, "", {}
        self.entitled, self.account_verified = False, False
        self._kiosk_session_id, self._person_id = 0, 0

    @rx.event
    @guarded(authz.OPERATOR)
    def load(self, caller: Caller):
        token_id = caller.token_id
        with unit_of_work() as session:
            live = kiosk.active_for_device(session, token_id) if token_id else None
            if live is None:
                self._wipe()
                return
            from paduko_app.db.models import Person

            person = session.get(Person, live.person_id)
            self.active, self.resident_name = True, kiosk.shown_name(live, person) if person else ""
            self.entitled = live.entitled
            self._kiosk_session_id, self._person_id = live.id, live.person_id

    @rx.event
    @guarded(authz.OPERATOR)
    def start(self, form: dict, caller: Caller):
        account, token_id = caller.account, caller.token_id
        try:
            with unit_of_work() as session:
                resident = kiosk.start(session, operator=account, session_token_id=token_id,
                                       nik=str(form.get("nik", "")), name=str(form.get("name", "")),
                                       checked_document=str(form.get("checked_document", "")),
                                       confirmed=form.get("confirmed") in ("on", True, "true"),
                                       out_of_area_reason=str(form.get("out_of_area_reason", "")),
                                       account_phone=str(form.get("account_phone", "")))
        except kiosk.KioskError as exc:
            self.errors = exc.errors
            return focus_error_summary()
        self.errors, self.active, self.resident_name = {}, True, resident.name
        self.entitled, self.account_verified = resident.entitled, resident.account_verified
        self._kiosk_session_id, self._person_id = resident.kiosk_session_id, resident.person_id

    @rx.event
    @guarded(authz.OPERATOR)
    def keep_alive(self, caller: Caller):
        if caller.token_id:
            with unit_of_work() as session:
                kiosk.keep_alive(session, caller.token_id)

    @rx.event
    @guarded(authz.OPERATOR)
    async def next_resident(self, reason: str = "next_resident", caller: Caller | None = None):
        """"Selesai, warga berikutnya" or the idle timeout: end the session, wipe everything."""
        # Async because the wiped states are a list others extend (fetched on the loop below);
        # the database work still goes to the handler pool.
        if caller is not None and caller.token_id:
            await offload.run(_finish_for_device, caller.token_id, reason)
        for state_cls in WIPED_STATES:
            (await self.get_state(state_cls))._wipe()
        return rx.call_script(WIPE_BROWSER)


def _finish_for_device(token_id: int, reason: str) -> None:
    with unit_of_work() as session:
        kiosk.finish_for_device(session, token_id, "timeout" if reason == "timeout" else "next_resident")


WIPED_STATES: list[type] = [KioskState]  # other states holding a resident's data add themselves
