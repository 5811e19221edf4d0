"""Every wizard press is acted on only if it was made on the page the server is on (issue 12).

The real WizardState on a real state tree and a migrated SQLite database, driven through its
handlers as `guarded` runs them (with the caller it would resolve). A press carries the step key
of its page; a double tap's second press, or one replayed after a reconnect, carries a key the
server has left behind.
"""

from __future__ import annotations

import inspect

import pytest
from reflex.state import State
from sqlmodel import select

from paduko_app.db import engine as db_engine
from paduko_app.db import migrate, seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, DocumentBlob, Upload
from paduko_app.domain import catalogue
from paduko_app.services import applications, wizard
from paduko_app.services.callers import Caller
from state.ui import UIState
from state.wizard import WizardState, answers_page

pytestmark = pytest.mark.db
ROSNAH = "1374015203580001"
SECRET = "test-secret-key-that-is-long-enough-123"


@pytest.fixture
def caller(tmp_path, monkeypatch) -> Caller:
    """Rosnah, on a migrated SQLite file with the demo data, which the handlers' engine uses."""
    url = f"sqlite:///{tmp_path / 'paduko.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    db_engine.default_engine.cache_clear()
    seed.seed_demo(db_engine.default_engine())
    with unit_of_work() as session:
        account = session.exec(select(Account).where(Account.nik == ROSNAH)).one()
        session.expunge(account)
    yield Caller(account)
    db_engine.default_engine().dispose()
    db_engine.default_engine.cache_clear()


def _wizard(caller: Caller, service_code: str) -> tuple[State, WizardState]:
    """A new tab's state tree, on the first page of a new draft (what "Ajukan" leaves behind)."""
    root = State(_reflex_internal_init=True)
    state = root.substates[WizardState.get_name()]
    with unit_of_work() as session:
        state._application_id = wizard.start_or_resume(session, wizard.applicant_of_caller(session, caller),
                                                       service_code, SECRET)
    state._show_first_open()
    return root, state


def _press(state: WizardState, caller: Caller, name: str, *args, **states):
    """A press as the browser sends it, run as `guarded` runs the handler's body: Reflex passes
    the press's arguments by name."""
    body = getattr(WizardState, name).fn.__wrapped__
    names = [p for p in inspect.signature(body).parameters if p != "self"]
    return body(state, **dict(zip(names, args)), caller=caller, **states)


def _answers(state: WizardState) -> dict:
    with unit_of_work() as session:
        return applications.answers_of(session, state._application_id)


def _photo(caller: Caller, key: str) -> str:
    with unit_of_work() as session:
        blob = DocumentBlob(content=b"photo")
        session.add(blob)
        session.flush()
        session.add(Upload(key=key, account_id=caller.account_id, purpose="document", blob_id=blob.id,
                           content_type="image/jpeg", size_bytes=5, sha256="0" * 64))
        session.commit()
    return key


def test_a_press_belongs_to_the_page_whose_key_it_carries():
    assert answers_page("7-question-court_name", "7-question-court_name")
    assert not answers_page("7-question-court_name", "7-question-decision_number")
    assert not answers_page("", "7-question-court_name")
    assert answers_page(None, "7-question-court_name")  # a form of an older page, without the field


def test_a_second_back_goes_nowhere(caller):
    _, state = _wizard(caller, "AKTA_CERAI")
    court, number, date = catalogue.service("AKTA_CERAI").questions[:3]
    _press(state, caller, "next_step", {"answer": "Pengadilan Agama Padang Panjang", "step": state.step_key})
    _press(state, caller, "next_step", {"answer": "0123/Pdt.G/2026/PA.PP", "step": state.step_key})
    assert state._step_id == date.id
    on_date = state.step_key
    _press(state, caller, "back", on_date)
    assert state._step_id == number.id and state.value == "0123/Pdt.G/2026/PA.PP"
    on_number = state.step_key
    _press(state, caller, "back", on_date)  # the double tap's second press
    assert (state._step_id, state.step_key) == (number.id, on_number)
    _press(state, caller, "back", on_number)  # a press made on the page now shown is acted on
    assert state._step_id == court.id


def test_a_stale_i_dont_know_never_answers_the_question_now_shown(caller):
    _, state = _wizard(caller, "AKTA_MATI")
    name, nik, death_date = catalogue.service("AKTA_MATI").questions[:3]
    on_name = state.step_key
    _press(state, caller, "next_step", {"answer": "Contoh Almarhum", "step": on_name})
    assert state._step_id == nik.id and state.q_allow_unknown  # "Tidak tahu" is offered here
    _press(state, caller, "answer_unknown", on_name)  # pressed on the name page, replayed now
    assert state._step_id == nik.id and nik.id not in _answers(state)
    _press(state, caller, "answer_unknown", state.step_key)
    assert state._step_id == death_date.id and nik.id in _answers(state)


def test_a_stale_press_sends_the_servers_page_again_whole(caller):
    """The person never sees a page the server is not on: whatever the browser shows, the answer
    to a stale press carries every var of the server's page, as a reload would."""
    root, state = _wizard(caller, "AKTA_CERAI")
    on_court = state.step_key
    _press(state, caller, "next_step", {"answer": "Pengadilan Agama Padang Panjang", "step": on_court})
    shown = {name: getattr(state, name) for name in ("step_kind", "step_key", "texts", "value", "q_type")}
    root._clean()
    _press(state, caller, "back", on_court)
    assert {"step_kind", "step_key", "texts", "value", "q_type", "options"} <= state.dirty_vars
    assert {name: getattr(state, name) for name in shown} == shown  # the same page: nothing moved
    assert state.step_key != on_court


def test_change_and_send_are_guarded_and_one_check_page_keeps_its_submit_key(caller):
    root, state = _wizard(caller, "KTP_CETAK")
    ui = root.substates[UIState.get_name()]
    pages = []
    for turn in range(10):
        pages.append(state.step_key)
        if state.step_kind == "check":
            break
        form = ({"answer": state.options[0]["value"]} if state.step_kind == "question"
                else {"upload": _photo(caller, f"photo-{turn}")})
        _press(state, caller, "next_step", form | {"step": state.step_key})
    assert state.step_kind == "check"
    on_check, submit_key = state.step_key, state._submit_key
    first_question = catalogue.service("KTP_CETAK").questions[0].id

    _press(state, caller, "change", pages[-2], first_question)  # "Ubah" pressed on an earlier page
    assert (state.step_kind, state.step_key, state._submit_key) == ("check", on_check, submit_key)
    _press(state, caller, "send", pages[-2], ui=ui)  # "Kirim" from a page left behind sends nothing
    assert state.step_kind == "check"
    with unit_of_work() as session:
        assert session.get(Application, state._application_id).status == "draft"

    _press(state, caller, "send", on_check, ui=ui)
    assert state.step_kind == "done"
    number = state.done_number
    _press(state, caller, "send", on_check, ui=ui)  # the double tap's second press
    assert (state.step_kind, state.done_number) == ("done", number)
    with unit_of_work() as session:
        submitted = session.exec(select(Application).where(
            Application.applicant_account_id == caller.account_id, Application.service_code == "KTP_CETAK",
            Application.status != "draft")).all()
    assert [a.number for a in submitted] == [number]
