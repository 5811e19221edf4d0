"""One route list: unique paths, each names who may open it, and the guard is really there."""

import inspect

import pytest
import reflex as rx

from paduko_app import authz, routes
from paduko_app.authz import ANONYMOUS, Principal
from tests.run_async import run_async

PEOPLE = {
    "anonymous": ANONYMOUS,
    "resident": Principal(1, "resident"),
    "operator": Principal(2, "operator", "13.74.01.1001"),
    "verifikator": Principal(3, "verifikator"),
    "admin": Principal(4, "admin"),
    "kepala": Principal(5, "kepala"),
}
# Who may pass each access level (demo pages: anyone, in demo mode only).
EXPECTED = {
    authz.PUBLIC: set(PEOPLE),
    authz.RESIDENT: {"resident"},
    authz.STAFF: {"operator", "verifikator", "admin", "kepala"},
    authz.VERIFIKATOR: {"verifikator"},
    authz.OPERATOR: {"operator"},
    authz.ADMIN: {"admin"},
    authz.APPLICANT: {"resident", "operator"},
    authz.MONITOR: {"kepala", "admin"},
}
# Handlers a stranger may call on purpose: signing in, and settings kept on the device.
PUBLIC_HANDLERS = {
    "ResidentSignInState": {"start", "send_code", "resend", "verify", "change_details", "remember_service"},
    "StaffSignInState": {"start", "sign_in"},
    "UIState": {"set_lang", "set_text_size", "set_autoread", "set_contrast"},
    "AuthState": {"sign_out", "sign_out_everywhere"},  # act only on the caller's own token
    "StatusState": {"load", "lookup"},  # the status page is public: own data only, or number + PIN
    "OfficeInfoState": {"refresh"},  # reads only the office's contacts, hours and announcement
    "UsageState": {"seen", "listened"},  # anonymous counts, once per session and setting
}


def test_paths_are_unique_and_every_route_names_its_access():
    paths = [r.path for r in routes.ROUTES]
    assert len(paths) == len(set(paths))
    assert all(r.access in authz.ACCESS_LEVELS for r in routes.ROUTES)


@pytest.mark.parametrize("access", sorted(EXPECTED))
def test_access_matrix(access):
    allowed = {name for name, who in PEOPLE.items() if authz.may(who, access)}
    assert allowed == EXPECTED[access]


def test_demo_pages_exist_only_in_demo_mode():
    assert authz.may(ANONYMOUS, authz.DEMO, demo_mode=True)
    assert not authz.may(PEOPLE["admin"], authz.DEMO, demo_mode=False)


@pytest.mark.parametrize("route", [r for r in routes.ROUTES if r.access != authz.PUBLIC], ids=lambda r: r.path)
def test_every_protected_page_loads_through_the_guard(route):
    assert route.on_load, f"{route.path} has no on_load guard"
    for event in route.on_load:
        handler = getattr(event, "fn", None) or event.handler.fn
        assert getattr(handler, "required_access", None) == route.access, route.path


def _state_modules():
    """Every module of the state package, found on disk: a new page's state cannot be missed."""
    import importlib
    import pkgutil

    import state

    return [importlib.import_module(f"state.{info.name}") for info in pkgutil.iter_modules(state.__path__)]


def _state_classes():
    return [obj for module in _state_modules() for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, rx.State) and obj.__module__ == module.__name__]


def test_discovery_finds_the_office_states():
    names = {cls.__name__ for cls in _state_classes()}
    assert {"WizardState", "QueueState", "ApplicationReviewState", "ReasonsAdminState"} <= names


def _guarded_handlers():
    return [(cls, name, handler.fn) for cls in _state_classes() for name, handler in cls.event_handlers.items()
            if getattr(handler.fn, "required_access", None) is not None]


class _StubAuth:
    """Stands in for AuthState: the caller it resolves, and the real refusal rule."""

    def __init__(self, caller):
        self.caller = caller

    def _caller(self):
        return self.caller

    def _refusal(self, caller, access):
        from state.auth import AuthState

        return AuthState._refusal(self, caller, access)


class _StubState:
    """A state whose handler body must never run: any attribute use fails the test."""

    def __init__(self, caller):
        self._auth = _StubAuth(caller)

    async def get_state(self, _cls):
        return self._auth

    async def __aenter__(self):  # a background event takes its state with `async with self`
        return self

    async def __aexit__(self, *_):
        return False

    def __getattr__(self, name):
        raise AssertionError(f"the handler body ran for a caller without access (touched {name})")


def _callers():
    from paduko_app.db.models import Account
    from paduko_app.services.callers import ANONYMOUS, Caller

    def account(role, **kw):
        return Account(id=7, role=role, display_name="x", **kw)

    return {"anonymous": ANONYMOUS, "resident": Caller(account("resident")),
            "operator": Caller(account("operator", kelurahan_code="13.74.01.1001")),
            "verifikator": Caller(account("verifikator")), "admin": Caller(account("admin")),
            "kepala": Caller(account("kepala"))}


@pytest.mark.parametrize("role", ["anonymous", "resident", "operator", "verifikator", "admin", "kepala"])
def test_every_guarded_handler_refuses_every_caller_without_access(role):
    """Generated from discovery: each handler, called as each kind of caller who may not use it,
    answers with a redirect and never runs its body."""

    caller = _callers()[role]
    checked = 0
    for cls, name, fn in _guarded_handlers():
        if caller.may(fn.required_access, demo_mode=True):
            continue
        arity = len(inspect.signature(fn).parameters) - 1
        result = run_async(fn(_StubState(caller), *([""] * arity)))
        assert result is not None and "redirect" in repr(result).lower(), f"{cls.__name__}.{name} as {role}"
        checked += 1
    assert checked > 0


def test_a_handler_that_asks_for_the_caller_gets_it_and_the_browser_cannot_pass_it():
    from state.office_queue import QueueState

    fn = QueueState.event_handlers["take"].fn
    assert list(inspect.signature(fn).parameters) == ["self", "application_id"]
    assert "caller" not in fn.__annotations__


def test_every_event_handler_is_guarded_or_deliberately_public():
    """Reflex makes every public method of a state callable from the browser: each must be
    guarded or listed above. `setvar` only reaches explicit set_* handlers, as auto setters are off."""
    from rxconfig import config

    assert config.state_auto_setters is False
    unguarded = []
    for cls in _state_classes():
        for name, handler in cls.event_handlers.items():
            if name == "setvar":
                continue
            if name.startswith("set_") and name not in PUBLIC_HANDLERS.get(cls.__name__, set()):
                unguarded.append(f"{cls.__name__}.{name}")  # a setter nobody chose to expose
                continue
            if getattr(handler.fn, "required_access", None) is None and name not in PUBLIC_HANDLERS.get(cls.__name__, set()):
                unguarded.append(f"{cls.__name__}.{name}")
    assert unguarded == []
