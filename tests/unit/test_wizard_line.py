"""The wizard and the service line: a newcomer to a full service waits with their place shown,
and their application starts by itself at their turn; those under way are never held.

The real WizardState on a real state tree and a migrated SQLite database (as in
test_wizard_presses.py), with a line of capacity one.
"""

from __future__ import annotations

import pytest
from reflex.istate.data import RouterData
from reflex.state import State

from paduko_app import admission
from paduko_app.admission.line import LocalLine
from paduko_app.db.engine import unit_of_work
from paduko_app.services import wizard
from state.sign_in import ResidentSignInState
from state.ui import UIState
from state.wizard import WizardState
from tests.unit.test_wizard_presses import caller  # noqa: F401 - the fixture: Rosnah on a demo database
from tests.unit.test_wizard_presses import _photo, _press

pytestmark = pytest.mark.db


@pytest.fixture
def line(monkeypatch) -> LocalLine:
    line = LocalLine(lambda: 1)
    monkeypatch.setattr(admission, "line", lambda: line)
    return line


def _tab(token: str, page: str = "/permohonan") -> tuple[WizardState, ResidentSignInState]:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({"token": token, "pathname": page})
    return root.substates[WizardState.get_name()], root.substates[ResidentSignInState.get_name()]


def _begin(state: WizardState, sign_in: ResidentSignInState, caller, service: str):
    return _press(state, caller, "begin", service, sign_in=sign_in)


def test_a_newcomer_to_a_full_service_waits_in_line_and_starts_at_the_turn(caller, line):  # noqa: F811
    first, first_sign_in = _tab("tab-a")
    _begin(first, first_sign_in, caller, "KTP_CETAK")
    assert first.step_kind == "question"

    second, second_sign_in = _tab("tab-b")
    _begin(second, second_sign_in, caller, "KIA")
    assert (second.step_kind, second.line_ahead, second._application_id) == ("line", 0, 0)
    assert second.texts["service:id"]  # the page says which service it waits for
    with unit_of_work() as session:  # nothing is started while waiting
        assert wizard.editable(session, first._application_id, caller) is not None

    assert _press(second, caller, "take_turn") == WizardState.wait_in_line  # still full: keep waiting
    assert second.step_kind == "line"

    _press(first, caller, "back", first.step_key)  # steps of the one under way are never held
    assert first.step_kind == "question"
    line.leave("tab-a")  # its application was sent
    assert _press(second, caller, "take_turn") is None  # drawn on the page already shown
    assert second.step_kind in ("question", "for_whom") and second.step_key != "line"
    assert second._line_entry == ""


def test_a_third_waits_behind_the_second_and_sees_one_ahead(caller, line):  # noqa: F811
    for token in ("tab-a", "tab-b", "tab-c"):
        state, sign_in = _tab(token)
        _begin(state, sign_in, caller, "KIA")
    assert (state.step_kind, state.line_ahead) == ("line", 1)


def test_continuing_a_draft_also_waits_for_its_turn(caller, line):  # noqa: F811
    first, first_sign_in = _tab("tab-a")
    _begin(first, first_sign_in, caller, "KTP_CETAK")
    draft = first._application_id
    line.leave("tab-a")
    line.enter("someone-else")  # the service is full again

    again, _ = _tab("tab-phone")
    _press(again, caller, "resume", str(draft))
    assert (again.step_kind, again._line_entry) == ("line", f"resume:{draft}")
    line.leave("someone-else")
    _press(again, caller, "take_turn")
    assert again.step_kind == "question" and again._application_id == draft


def test_a_turn_taken_by_a_tab_no_longer_waiting_frees_the_place(caller, line):  # noqa: F811
    state, _ = _tab("tab-a")
    line.enter("tab-a")
    assert _press(state, caller, "take_turn") is None and state.step_kind == ""
    assert line.enter("tab-b").admitted


def test_a_waiter_who_went_to_another_page_starts_nothing_and_gives_the_place_on(caller, line):  # noqa: F811
    line.enter("tab-a")
    state, sign_in = _tab("tab-b")
    _begin(state, sign_in, caller, "KIA")
    assert state.step_kind == "line"
    state.router = RouterData.from_router_data({"token": "tab-b", "pathname": "/akun"})
    line.leave("tab-a")
    assert _press(state, caller, "take_turn") is None
    assert (state.step_kind, state._application_id, state._line_entry) == ("", 0, "")
    assert line.enter("tab-c").admitted


def test_sending_frees_the_place_for_the_next_in_line(caller, line):  # noqa: F811
    state, sign_in = _tab("tab-a")
    _begin(state, sign_in, caller, "KTP_CETAK")
    ui = state.parent_state.substates[UIState.get_name()]
    for turn in range(10):
        assert not line.enter("tab-b").admitted  # every step of the one under way keeps its place
        if state.step_kind == "check":
            break
        form = ({"answer": state.options[0]["value"]} if state.step_kind == "question"
                else {"upload": _photo(caller, f"photo-{turn}")})
        _press(state, caller, "next_step", form | {"step": state.step_key})
    _press(state, caller, "send", state.step_key, ui=ui)
    assert state.step_kind == "done"
    assert line.enter("tab-b").admitted


def test_a_waiters_place_is_drawn_again_only_when_changed_and_less_often_far_back():
    from paduko_app.admission.line import Place
    from state.wizard import line_redraw_due

    near, far = Place(False, ahead=12, minutes=3), Place(False, ahead=312, minutes=40)
    assert not line_redraw_due((12, 3), near, since_s=600)  # nothing new to see
    assert not line_redraw_due((13, 3), near, since_s=10)
    assert line_redraw_due((13, 3), near, since_s=15)
    assert line_redraw_due((12, None), near, since_s=15)  # the first estimate
    assert not line_redraw_due((330, 42), far, since_s=45)  # 300 ahead: once a minute
    assert line_redraw_due((330, 42), far, since_s=60)
