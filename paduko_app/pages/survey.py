"""The IKM survey: one question per page, four large answer buttons with words, "Dengarkan"."""

from __future__ import annotations

import reflex as rx

from components.frame import page_frame
from components.i18n import t
from components.voice import listen_button
from paduko_app.domain import ikm
from paduko_app.domain.messages import m
from state.survey import SurveyState as S


def _question(index: int, question_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(t(m("ikm.progress"), number=index + 1, total=len(ikm.QUESTIONS)), class_name="hint"),
        rx.el.h1(t(question_id), id="survey-question", tab_index=-1),
        listen_button("survey-question survey-answers", " ".join((question_id, *ikm.ANSWER_WORDS))),
    )


def _answers() -> rx.Component:
    # Best first would bias the answer; the regulation's form lists 1 to 4, so do we.
    return rx.el.div(
        rx.el.ul(*[rx.el.li(rx.el.button(
            rx.el.span(str(value), class_name="answer-number", aria_hidden="true"), " ", t(word),
            type="button", class_name="button-secondary survey-answer", on_click=S.choose(value),
            disabled=~rx.State.is_hydrated)) for value, word in zip(ikm.SCALE, ikm.ANSWER_WORDS)],
            id="survey-answers", class_name="survey-answers"),
        rx.el.p(
            rx.cond(S.step > 0, rx.el.button(t(m("ikm.back")), type="button", class_name="link-button",
                                             on_click=S.back)),
            " ",
            rx.el.button(t(m("ikm.skip")), type="button", class_name="link-button", on_click=S.choose(0)),
        ),
    )


def survey_page() -> rx.Component:
    return page_frame(
        rx.match(
            S.phase,
            ("asking", rx.el.div(
                rx.cond(S.error != "", rx.el.p(t(m("error.survey_empty")), role="alert", class_name="error")),
                rx.el.p(t(m("ikm.intro")), class_name="lead"),
                rx.match(S.step, *[(i, _question(i, q)) for i, q in enumerate(ikm.QUESTIONS)], rx.fragment()),
                _answers(),
            )),
            ("thanks", rx.el.div(rx.el.h1(t(m("ikm.thanks.heading"))), rx.el.p(t(m("ikm.thanks.text"))),
                                 rx.el.p(rx.el.a(t(m("ikm.home")), href="/")))),
            ("gone", rx.el.div(rx.el.h1(t(m("ikm.gone.heading"))), rx.el.p(t(m("error.survey_gone"))),
                               rx.el.p(rx.el.a(t(m("ikm.home")), href="/")))),
            rx.el.p(t(m("ikm.loading"))),
        ),
    )
