"""AuthState on a real Reflex state tree: what every guarded event changes in it."""

from reflex.state import State

from paduko_app.db.models import Account
from paduko_app.services.callers import ANONYMOUS, Caller
from state.auth import AuthState


def _auth() -> tuple[State, AuthState]:
    root = State(_reflex_internal_init=True)
    return root, root.substates[AuthState.get_name()]


def test_an_unchanged_caller_leaves_the_state_clean_so_nothing_is_sent_or_stored():
    root, auth = _auth()
    rosnah = Caller(Account(id=7, role="resident", display_name="Rosnah"))
    auth._show_caller(rosnah)
    assert (auth.display_name, auth.role) == ("Rosnah", "resident")
    assert auth.dirty_vars == {"display_name", "role"} and auth.get_name() in root.dirty_substates
    root._clean()

    auth._show_caller(Caller(Account(id=7, role="resident", display_name="Rosnah")))  # the next event
    assert auth.dirty_vars == set() and root.dirty_substates == set()

    auth._show_caller(Caller(Account(id=7, role="resident", display_name="Rosnah Bt. Ali")))
    assert auth.dirty_vars == {"display_name"}
    root._clean()
    auth._show_caller(ANONYMOUS)  # signed out elsewhere: both cleared
    assert (auth.display_name, auth.role) == ("", "") and auth.dirty_vars == {"display_name", "role"}
