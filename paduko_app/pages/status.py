"""Status page: a plain-language timeline of each application."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m
from paduko_app.pages.wizard import _of
from state.status import StatusState as S


def _card(card: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.h2(_of(card, "service")),
        rx.el.p(t(m("status.number")), " ", rx.el.strong(card["number"], class_name="app-number")),
        rx.cond(card["for"].to(str) != "", rx.el.p(t(m("wizard.for")), " ", rx.el.strong(card["for"].to(str)))),
        rx.el.p(rx.el.strong(_of(card, "state")), class_name="status-now"),
        rx.cond(card["download"].to(str) != "",
                rx.el.p(rx.el.a(t(m("status.download")), href=card["download"].to(str), class_name="button"))),
        rx.el.ol(rx.foreach(card["events"].to(list[dict[str, str]]), lambda e: rx.el.li(
            rx.el.strong(_of(e, "date")), " · ", _of(e, "event"),
            rx.cond(_of(e, "reason") != "", rx.el.p(t(m("status.reason")), " ", _of(e, "reason"), class_name="note")),
            rx.cond(_of(e, "place") != "", rx.el.p(t(m("status.place")), " ", _of(e, "place"), " ",
                                                  t(m("pickup.bring")))),
            rx.cond(_of(e, "place_detail") != "", rx.el.p(_of(e, "place_detail"), class_name="hint")),
        )), class_name="timeline"),
        class_name="service-card",
    )


def status_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("status.heading"))),
        rx.cond(
            S.signed_in,
            rx.cond(S.cards.length() == 0, rx.el.p(t(m("status.none")))),
            rx.el.form(
                error_summary(S.errors, ["number", "pin"]),
                rx.el.p(t(m("status.intro")), class_name="lead"),
                text_field("number", m("status.number.label"), S.errors, hint_id=m("status.number.hint"),
                           auto_complete="off", type="text", max_length=20),
                text_field("pin", m("status.pin.label"), S.errors, hint_id=m("status.pin.hint"),
                           input_mode="numeric", auto_complete="off", type="text", max_length=12),
                primary_button(m("status.lookup")),
                on_submit=S.lookup, novalidate=True,
            ),
        ),
        rx.el.ul(rx.foreach(S.cards, _card), class_name="service-list"),
        rx.cond(S.has_more, event_button(t(m("status.more")), type="button", on_click=S.show_more,
                                         class_name="button-secondary")),
    )
