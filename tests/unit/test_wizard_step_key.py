"""Each wizard form carries the step it answers; a form for another step is not taken as an
answer (the server shows its current step again), and what the browser sent is logged only when
it has the shape of a step key (it is the browser's input)."""

from __future__ import annotations

from state.wizard import _loggable_key, answers_page


def test_a_form_for_the_step_shown_is_an_answer():
    assert answers_page({"step": "12-question-pickup_place", "answer": "dukcapil"}, "12-question-pickup_place")


def test_a_form_for_another_step_is_not_an_answer():
    # The browser still shows step B after a reconnect while the server is on step A, or a
    # second tap arrives after the first moved on.
    assert not answers_page({"step": "12-question-pickup_place"}, "12-document-kk_photo")


def test_a_form_without_a_step_is_taken_as_before():
    assert answers_page({"answer": "x"}, "12-question-reason")


def test_only_a_step_key_shaped_value_is_logged():
    assert _loggable_key("12-question-pickup_place") == "12-question-pickup_place"
    assert _loggable_key("1374015203580001") == "?"  # a NIK typed into the field never reaches a log
    assert _loggable_key("12-question-x; drop") == "?"
    assert _loggable_key(None) == "?"
