"""The IKM survey: one question per page, four large answer buttons with words, "Dengarkan"."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
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
        rx.el.ul(*[rx.el.li(event_button(
            rx.el.span(str(value), class_name="answer-number", aria_hidden="true"), " ", t(word),
            type="button", class_name="button-secondary survey-answer", on_click=S.choose(value)))
            for value, word in zip(ikm.SCALE, ikm.ANSWER_WORDS)],
            id="survey-answers", class_name="survey-answers"),
        rx.el.p(
            rx.cond(S.step > 0, event_button(t(m("ikm.back")), type="button", class_name="link-button",
                                             on_click=S.back)),
            " ",
            event_button(t(m("ikm.skip")), type="button", class_name="link-button", on_click=S.choose(0)),
        ),
    )


def _profile_page(index: int, item: str) -> rx.Component:
    """One item of the respondent profile: the form's options as large buttons, skipping is fine."""
    question_id, words = ikm.PROFILE_QUESTIONS[item], ikm.PROFILE_WORDS[item]
    return rx.el.div(
        rx.el.p(t(m("ikm.profile.progress"), number=index + 1, total=len(ikm.PROFILE)), class_name="hint"),
        rx.el.h1(t(question_id), id="survey-question", tab_index=-1),
        listen_button("survey-question survey-answers", " ".join((question_id, *words.values()))),
        rx.el.ul(*[rx.el.li(event_button(t(word), type="button", class_name="button-secondary survey-answer",
                                         on_click=S.pick(code)))
                   for code, word in words.items()], id="survey-answers", class_name="survey-answers"),
        rx.el.p(event_button(t(m("ikm.back")), type="button", class_name="link-button", on_click=S.back), " ",
                event_button(t(m("ikm.skip")), type="button", class_name="link-button", on_click=S.pick(""))),
    )


def survey_page() -> rx.Component:
    questions = [(i, rx.fragment(_question(i, q), _answers())) for i, q in enumerate(ikm.QUESTIONS)]
    profile = [(len(ikm.QUESTIONS) + i, _profile_page(i, item)) for i, item in enumerate(ikm.PROFILE)]
    return page_frame(
        rx.match(
            S.phase,
            ("asking", rx.el.div(
                rx.cond(S.error != "", rx.el.p(t(m("error.survey_empty")), role="alert", class_name="error")),
                rx.cond(S.step < len(ikm.QUESTIONS), rx.el.p(t(m("ikm.intro")), class_name="lead"),
                        rx.el.p(t(m("ikm.profile.intro")), class_name="lead")),
                rx.match(S.step, *questions, *profile, rx.fragment()),
            )),
            ("thanks", rx.el.div(rx.el.h1(t(m("ikm.thanks.heading"))), rx.el.p(t(m("ikm.thanks.text"))),
                                 rx.el.p(rx.el.a(t(m("ikm.home")), href="/")))),
            ("gone", rx.el.div(rx.el.h1(t(m("ikm.gone.heading"))), rx.el.p(t(m("error.survey_gone"))),
                               rx.el.p(rx.el.a(t(m("ikm.home")), href="/")))),
            rx.el.p(t(m("ikm.loading"))),
        ),
    )
