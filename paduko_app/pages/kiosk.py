"""Kiosk pages for kelurahan operators: start assisted service, serve, "warga berikutnya"."""

from __future__ import annotations

import reflex as rx

from components.form import checkbox, choice_cards, error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain import catalogue
from paduko_app.domain.messages import m
from paduko_app.pages.home import service_path
from state.kiosk import KioskState as K


def _start_form() -> rx.Component:
    return rx.el.form(
        error_summary(K.errors, ["nik", "name", "checked_document", "confirmed"]),
        rx.el.p(t(m("kiosk.start.intro")), class_name="lead"),
        text_field("nik", m("signin.nik.label"), K.errors, hint_id=m("signin.nik.hint"),
                   input_mode="numeric", auto_complete="off", type="text", max_length=40),
        text_field("name", m("kiosk.name.label"), K.errors, auto_complete="off", type="text", max_length=120),
        choice_cards("checked_document", m("kiosk.checked_document.label"),
                     [("ktp_el", m("kiosk.checked_document.ktp_el")), ("kk", m("kiosk.checked_document.kk"))],
                     K.errors),
        checkbox("confirmed", m("kiosk.confirm.label"), K.errors),
        primary_button(m("kiosk.start.submit")),
        on_submit=K.start, novalidate=True, auto_complete="off",
    )


def _serving() -> rx.Component:
    return rx.el.div(
        rx.el.p(t(m("kiosk.serving")), " ", rx.el.strong(K.resident_name), class_name="serving", role="status"),
        rx.el.h2(t(m("kiosk.choose_service"))),
        rx.el.ul(*(rx.el.li(rx.el.a(t(s.name), href=service_path(s))) for s in catalogue.SERVICES),
                 class_name="doc-list"),
        rx.el.button(t(m("kiosk.next_resident")), type="button", class_name="button",
                     on_click=K.next_resident("next_resident")),
        # Driven by assets/kiosk-idle.js; hidden from sight and from screen readers.
        rx.el.button("wipe", id="kiosk-wipe", type="button", hidden=True, tab_index=-1, aria_hidden="true",
                     on_click=K.next_resident("timeout")),
        rx.el.button("ping", id="kiosk-ping", type="button", hidden=True, tab_index=-1, aria_hidden="true",
                     on_click=K.keep_alive),
        rx.el.div(
            rx.el.h2(t(m("kiosk.idle.heading")), id="idle-heading"),
            rx.el.p(t(m("kiosk.idle.body"))),
            rx.el.button(t(m("kiosk.idle.stay")), id="idle-stay", type="button", class_name="button",
                         on_click=K.keep_alive),
            id="idle-warning", role="alertdialog", aria_modal="true", aria_labelledby="idle-heading",
            hidden=True, class_name="idle-warning",
        ),
    )


def kiosk_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("kiosk.heading"))),
        rx.cond(K.active, _serving(), _start_form()),
        rx.script(src="/kiosk-idle.js"),
    )
