"""The signed-in session. The browser holds a random token in a cookie; everything else is
looked up on the server, for every guarded page load and event."""

from __future__ import annotations

import functools
import inspect

import reflex as rx

from paduko_app import authz, settings
from paduko_app.db.engine import unit_of_work
from paduko_app.services import auth, callers

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

    def _caller(self) -> callers.Caller:
        """Resolve the cookie on the server; anything unknown, expired or revoked is anonymous."""
        with unit_of_work() as session:
            caller = callers.resolve(session, self.token)
        self.display_name = caller.account.display_name if caller.account else ""
        self.role = caller.role
        return caller

    def _principal(self) -> authz.Principal:
        return self._caller().principal

    def _account_and_device(self):
        """(account, session token row id) for the caller, or (None, None)."""
        caller = self._caller()
        return caller.account, caller.token_id

    def _refusal(self, caller: callers.Caller, access: str):
        """None when the caller may proceed; otherwise the redirect that sends them away."""
        if caller.may(access, demo_mode=_config.demo):
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
        caller = self._caller()
        if caller.signed_in:
            with unit_of_work() as session:
                auth.sign_out_everywhere(session, caller.account_id)
        self.token, self.display_name, self.role = "", "", ""
        return rx.redirect("/", replace=True)


def guarded(access: str):
    """Decorator for event handlers: refuse (and redirect) callers without the right access.

    Reflex lets a browser call any public handler by name, so every handler that reads or
    changes data carries this, and a test checks that none is left without it. The caller is
    resolved once here; a handler that declares a `caller` parameter receives it (hidden from
    Reflex, so a browser can never supply it).
    """

    def wrap(handler):
        wants_caller = "caller" in inspect.signature(handler).parameters

        @functools.wraps(handler)
        async def checked(self, *args, **kwargs):
            auth_state = await self.get_state(AuthState)
            caller = auth_state._caller()
            if (refusal := auth_state._refusal(caller, access)) is not None:
                return refusal
            if wants_caller:
                kwargs["caller"] = caller
            result = handler(self, *args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        if wants_caller:
            signature = inspect.signature(handler)
            checked.__signature__ = signature.replace(
                parameters=[p for name, p in signature.parameters.items() if name != "caller"])
            checked.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k != "caller"}
        checked.required_access = access
        return checked

    return wrap
