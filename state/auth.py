"""The signed-in session. The browser holds a random token in a cookie; everything else is
looked up on the server, for every guarded page load and event."""

from __future__ import annotations

import functools
import inspect
import json
import re

import reflex as rx

from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.services import auth

_config = settings.load()
SESSION_COOKIE = "paduko_session"
SECURE_COOKIE = (_config.public_url or "").startswith("https://")
# Only paths of this app, never another site: where the browser lands after the cookie is set.
_NEXT_PATH = re.compile(r"^/[A-Za-z0-9/_-]*$")


def token_from_cookie_header(header: str) -> str:
    """The session token in a Cookie request header, or ""."""
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE:
            return value.strip().strip('"')
    return ""


def navigate_through_form(action: str, fields: dict[str, str]) -> rx.event.EventSpec:
    """A full page load that POSTs `fields` to one of PADUKO's HTTP routes.

    A POST (not a link) keeps the one-use code out of the address bar and history, and lets the
    route refuse requests from other sites by their Origin. The new page load also opens a new
    websocket, which carries the new cookie.
    """
    inputs = "".join(
        f"i=document.createElement('input');i.type='hidden';i.name={json.dumps(k)};i.value={json.dumps(v)};f.appendChild(i);"
        for k, v in fields.items())
    return rx.call_script(
        f"(function(){{var f=document.createElement('form'),i;f.method='post';f.action={json.dumps(action)};"
        f"{inputs}document.body.appendChild(f);f.submit();}})()")


class AuthState(rx.State):
    """The token lives only in an HttpOnly cookie that page scripts cannot read: the server reads
    it from the Cookie header of the websocket connection (Reflex keeps the connection's request
    headers in router data, and never sends the cookie header to the browser)."""

    # What the page may show of the signed-in person.
    display_name: str = ""
    role: str = ""

    def _token(self) -> str:
        return token_from_cookie_header(self.router.headers.cookie)

    def _principal(self) -> authz.Principal:
        """Resolve the cookie on the server; anything unknown, expired or revoked is anonymous."""
        with unit_of_work() as session:
            account = auth.resolve(session, self._token())
            if account is None:
                self.display_name, self.role = "", ""
                return authz.ANONYMOUS
            self.display_name, self.role = account.display_name, account.role
            return authz.Principal(account.id, account.role, account.kelurahan_code)

    def _account_and_device(self):
        """(account, session token row id) for the caller, or (None, None)."""
        from paduko_app.db.models import Account

        with unit_of_work() as session:
            row = auth.resolve_session(session, self._token())
            account = session.get(Account, row.account_id) if row else None
            if account is None or not account.active:
                return None, None
            return account, row.id

    def _allowed(self, access: str) -> bool:
        return authz.may(self._principal(), access, demo_mode=_config.demo)

    def _guard(self, access: str):
        """None when the caller may proceed; otherwise the redirect that sends them away."""
        if self._allowed(access):
            return None
        return rx.redirect(authz.sign_in_path(access) if access != authz.DEMO else "/", replace=True)

    def _start_session(self, token: str, role: str, next_path: str) -> rx.event.EventSpec:
        """After a successful sign-in: hand the token to the browser as an HttpOnly cookie."""
        with unit_of_work() as session:
            handoff = auth.start_handoff(session, token)
        self.display_name, self.role = "", role
        return navigate_through_form("/api/sesi", {
            "kode": handoff, "ke": next_path if _NEXT_PATH.match(next_path) else "/"})

    def _end_session(self) -> rx.event.EventSpec:
        self.display_name, self.role = "", ""
        return navigate_through_form("/api/keluar", {})

    @rx.event
    def sign_out(self):
        with unit_of_work() as session:
            auth.sign_out(session, self._token())
        return self._end_session()

    @rx.event
    def sign_out_everywhere(self):
        principal = self._principal()
        if principal.signed_in:
            with unit_of_work() as session:
                auth.sign_out_everywhere(session, principal.account_id)
        return self._end_session()


def guarded(access: str):
    """Decorator for event handlers: refuse (and redirect) callers without the right access.

    Reflex lets a browser call any public handler by name, so every handler that reads or
    changes data carries this, and a test checks that none is left without it.
    """

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(self, *args, **kwargs):
            auth_state = await self.get_state(AuthState)
            if (refusal := auth_state._guard(access)) is not None:
                return refusal
            result = handler(self, *args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        checked.required_access = access
        return checked

    return wrap
