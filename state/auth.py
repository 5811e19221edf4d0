"""The signed-in session. The browser holds a random token in a cookie; everything else is
looked up on the server, for every guarded page load and event."""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
import time
import typing

import reflex as rx

from components.focus import focus_after_press
from paduko_app import admission, authz, offload, settings
from paduko_app.db import errors as db_errors
from paduko_app.db.engine import unit_of_work
from paduko_app.services import auth, callers

log = logging.getLogger(__name__)
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


def _state_parameters(handler) -> dict[str, type]:
    """Parameters annotated with a Reflex state class: `guarded` fetches those states on the loop
    (the state manager is not thread-safe) before the handler's body runs in a worker thread."""
    # Evaluated at import: an annotation naming something the module does not import fails
    # loudly here rather than letting the browser be asked for a state it cannot send.
    hints = typing.get_type_hints(handler)
    names = inspect.signature(handler).parameters
    return {name: hint for name, hint in hints.items()
            if name in names and isinstance(hint, type) and issubclass(hint, rx.State)}


def focus_service_notice() -> rx.event.EventSpec:
    return focus_after_press("#service-notice", delay_ms=50)


def _off_loop(handler, access: str | None):
    """Wrap a handler so its blocking body runs in the handler pool, never on the event loop.

    Reflex holds this client's state lock for the whole event, so no other event touches these
    states while the body runs in a thread. Other states the body needs are fetched first, on the
    loop, through parameters annotated with their class. A locked, unreachable or full database
    answers with a translated notice (`AuthState.service_notice`) and leaves the page as it was,
    so nothing the person typed is lost; it is logged, never shown as a bare error.
    """
    wants_caller = "caller" in inspect.signature(handler).parameters
    states = _state_parameters(handler)
    is_async = inspect.iscoroutinefunction(handler)

    @functools.wraps(handler)
    async def checked(self, *args, **kwargs):
        started = time.monotonic()
        auth_state = await self.get_state(AuthState)
        try:
            if access is not None or wants_caller:
                caller = await offload.run(auth_state._caller)
                if access is not None and (refusal := auth_state._refusal(caller, access)) is not None:
                    return refusal
                if wants_caller:
                    kwargs["caller"] = caller
            for name, cls in states.items():
                kwargs[name] = await self.get_state(cls)
            if is_async:  # it awaits other states itself and offloads its own blocking work
                result = await handler(self, *args, **kwargs)
            else:
                result = await offload.run(handler, self, *args, **kwargs)
        except Exception as error:
            message = db_errors.trouble_message(error)
            if message is None:
                raise
            log.warning("%s answered %s: %s: %s", handler.__qualname__, message, type(error).__name__,
                        str(error).splitlines()[0] if str(error) else "")
            auth_state.service_notice = message
            return focus_service_notice()
        finally:
            # How long the person waited for this answer: the service line's capacity follows it.
            admission.capacity.observe(time.monotonic() - started)
        if auth_state.service_notice:
            auth_state.service_notice = ""
        return result

    hidden = {"caller", *states}
    if hidden & set(inspect.signature(handler).parameters):
        signature = inspect.signature(handler)
        checked.__signature__ = signature.replace(
            parameters=[p for name, p in signature.parameters.items() if name not in hidden])
        checked.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k not in hidden}
    checked.runs_off_loop = not is_async
    return checked


def public(handler):
    """A handler anyone may call on purpose (signing in, the public status page): no access check,
    but the same off-loop body, caller and states as `guarded`."""
    return _off_loop(handler, None)


def guarded(access: str):
    """Decorator for event handlers: refuse (and redirect) callers without the right access.

    Reflex lets a browser call any public handler by name, so every handler that reads or
    changes data carries this, and a test checks that none is left without it. The caller is
    resolved once here; a handler that declares a `caller` parameter receives it (hidden from
    Reflex, so a browser can never supply it), and one that declares a parameter annotated with
    a state class receives that state. The body runs in a worker thread (`_off_loop`).
    """

    def wrap(handler):
        checked = _off_loop(handler, access)
        checked.required_access = access
        return checked

    return wrap


def guarded_background(access: str):
    """`guarded` for a background event (`@rx.event(background=True)`), which runs beside the
    browser's other events without holding its state: the caller is resolved and refused exactly
    as for `guarded`, once, when the task starts. The body is a coroutine that only waits (it
    offloads anything blocking itself) and receives `caller`."""

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(self):
            async with self:
                auth_state = await self.get_state(AuthState)
                caller = await offload.run(auth_state._caller)
                if (refusal := auth_state._refusal(caller, access)) is not None:
                    return refusal
            return await handler(self, caller=caller)

        checked.__signature__ = inspect.signature(handler).replace(
            parameters=[p for name, p in inspect.signature(handler).parameters.items() if name != "caller"])
        checked.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k != "caller"}
        checked.required_access = access
        return checked

    return wrap


class AuthState(rx.State):
    """The token lives only in an HttpOnly cookie that page scripts cannot read: the server reads
    it from the Cookie header of the websocket connection (Reflex keeps the connection's request
    headers in router data, and never sends the cookie header to the browser)."""

    # What the page may show of the signed-in person.
    display_name: str = ""
    role: str = ""
    # A message id when the service could not answer for a moment (database locked or full, too
    # many large photos at once): shown on every page above the content, cleared by the next answer.
    service_notice: str = ""

    def _token(self) -> str:
        return token_from_cookie_header(self.router.headers.cookie)

    def _caller(self) -> callers.Caller:
        """Resolve the cookie on the server; anything unknown, expired or revoked is anonymous."""
        with unit_of_work() as session:
            caller = callers.resolve(session, self._token())
        self._show_caller(caller)
        return caller

    def _show_caller(self, caller: callers.Caller) -> None:
        """Name and role for the page, set only when they change: any assignment marks the state
        dirty, and this runs for every guarded event, so an unchanged name was sent with every
        update and AuthState stored again each time."""
        name = caller.account.display_name if caller.account else ""
        if self.display_name != name:
            self.display_name = name
        if self.role != caller.role:
            self.role = caller.role

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
    @public
    def sign_out(self):
        with unit_of_work() as session:
            auth.sign_out(session, self._token())
        return self._end_session()

    @rx.event
    @public
    def sign_out_everywhere(self):
        caller = self._caller()
        if caller.signed_in:
            with unit_of_work() as session:
                auth.sign_out_everywhere(session, caller.account_id)
        return self._end_session()
