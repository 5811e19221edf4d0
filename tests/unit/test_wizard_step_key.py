"""A press made on another page than the server's is logged (tests/unit/test_wizard_presses.py
checks that it is not acted on), with what the browser sent only when it has the shape of a step
key: it is the browser's input, and a NIK typed into a field must never reach a log."""

from __future__ import annotations

from state.wizard import _loggable_key


def test_only_a_step_key_shaped_value_is_logged():
    assert _loggable_key("12-question-pickup_place") == "12-question-pickup_place"
    assert _loggable_key("1374015203580001") == "?"
    assert _loggable_key("12-question-x; drop") == "?"
    assert _loggable_key(None) == "?"
