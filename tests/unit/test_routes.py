"""One route list: unique paths, each names who may open it, and the guard is really there."""

import inspect

import pytest
import reflex as rx

from paduko_app import authz, routes
from paduko_app.authz import ANONYMOUS, Principal

PEOPLE = {
    "anonymous": ANONYMOUS,
    "resident": Principal(1, "resident"),
    "operator": Principal(2, "operator", "13.74.01.1001"),
    "verifikator": Principal(3, "verifikator"),
    "admin": Principal(4, "admin"),
}
# Who may pass each access level (demo pages: anyone, in demo mode only).
EXPECTED = {
    authz.PUBLIC: set(PEOPLE),
    authz.RESIDENT: {"resident"},
    authz.STAFF: {"operator", "verifikator", "admin"},
    authz.VERIFIKATOR: {"verifikator"},
    authz.OPERATOR: {"operator"},
    authz.ADMIN: {"admin"},
    authz.APPLICANT: {"resident", "operator"},
}
# Handlers a stranger may call on purpose: signing in, and settings kept on the device.
PUBLIC_HANDLERS = {
    "ResidentSignInState": {"start", "send_code", "resend", "verify", "change_details"},
    "StaffSignInState": {"start", "sign_in"},
    "UIState": {"set_lang", "set_text_size", "set_autoread", "set_contrast"},
    "AuthState": {"sign_out", "sign_out_everywhere"},  # act only on the caller's own token
    "StatusState": {"load", "lookup"},  # the status page is public: own data only, or number + PIN
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


def _state_classes():
    import state.account
    import state.auth
    import state.care
    import state.identity
    import state.identity_review
    import state.kiosk
    import state.office
    import state.sign_in
    import state.status
    import state.ui
    import state.wizard

    modules = (state.account, state.auth, state.care, state.identity, state.identity_review, state.kiosk,
               state.office, state.sign_in, state.status, state.ui, state.wizard)
    return [obj for module in modules for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, rx.State) and obj.__module__ == module.__name__]


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
