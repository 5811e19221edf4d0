"""The signed-in session. The browser holds a random token in a cookie; everything else is
looked up on the server, for every guarded page load and event."""

from __future__ import annotations

import functools
import inspect

import reflex as rx

from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.services import auth

_config = settings.load()
SESSION_COOKIE = "paduko_session"
_SECURE = (_config.public_url or "").startswith("https://")


class AuthState(rx.State):
    # The token must reach the browser (that is where it lives); it is never put in a URL.
    token: str = rx.Cookie("", name=SESSION_COOKIE, path="/", max_age=_config.session_days * 86400,
                           same_site="strict", secure=_SECURE)
    # What the page may show of the signed-in person.
    display_name: str = ""
    role: str = ""

    def _principal(self) -> authz.Principal:
        """Resolve the cookie on the server; anything unknown, expired or revoked is anonymous."""
        with unit_of_work() as session:
            account = auth.resolve(session, self.token)
            if account is None:
                self.display_name, self.role = "", ""
                return authz.ANONYMOUS
            self.display_name, self.role = account.display_name, account.role
            return authz.Principal(account.id, account.role, account.kelurahan_code)

    def _account_and_device(self):
        """(account, session token row id) for the caller, or (None, None)."""
        from paduko_app.db.models import Account

        with unit_of_work() as session:
            row = auth.resolve_session(session, self.token)
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

    def _start_session(self, token: str, display_name: str, role: str) -> None:
        self.token, self.display_name, self.role = token, display_name, role

    @rx.event
    def sign_out(self):
        with unit_of_work() as session:
            auth.sign_out(session, self.token)
        self.token, self.display_name, self.role = "", "", ""
        return rx.redirect("/", replace=True)

    @rx.event
    def sign_out_everywhere(self):
        principal = self._principal()
        if principal.signed_in:
            with unit_of_work() as session:
                auth.sign_out_everywhere(session, principal.account_id)
        self.token, self.display_name, self.role = "", "", ""
        return rx.redirect("/", replace=True)


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
