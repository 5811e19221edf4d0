"""Kiosk pages for kelurahan operators: start assisted service, serve, "warga berikutnya"."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import checkbox, choice_cards, error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain import catalogue
from paduko_app.domain.messages import m
from paduko_app.pages.home import service_path
from state.kiosk import KioskState as K


def _start_form() -> rx.Component:
    return rx.el.form(
        error_summary(K.errors, ["nik", "name", "checked_document", "confirmed", "out_of_area_reason",
                                 "account_phone"]),
        rx.el.p(t(m("kiosk.start.intro")), class_name="lead"),
        text_field("nik", m("signin.nik.label"), K.errors, hint_id=m("signin.nik.hint"),
                   input_mode="numeric", auto_complete="off", type="text", max_length=40),
        text_field("name", m("kiosk.name.label"), K.errors, auto_complete="off", type="text", max_length=120),
        choice_cards("checked_document", m("kiosk.checked_document.label"),
                     [("ktp_el", m("kiosk.checked_document.ktp_el")), ("kk", m("kiosk.checked_document.kk"))],
                     K.errors),
        checkbox("confirmed", m("kiosk.confirm.label"), K.errors),
        text_field("out_of_area_reason", m("kiosk.out_of_area.label"), K.errors, hint_id=m("kiosk.out_of_area.hint"),
                   auto_complete="off", type="text", max_length=300),
        text_field("account_phone", m("kiosk.account_phone.label"), K.errors, hint_id=m("kiosk.account_phone.hint"),
                   input_mode="tel", auto_complete="off", type="text", max_length=20),
        primary_button(m("kiosk.start.submit")),
        on_submit=K.start, novalidate=True, auto_complete="off",
    )


def _serving() -> rx.Component:
    return rx.el.div(
        rx.el.p(t(m("kiosk.serving")), " ", rx.el.strong(K.resident_name), class_name="serving", role="status"),
        rx.cond(~K.entitled, rx.el.p(t(m("kiosk.typed_name_only")), class_name="hint")),
        rx.cond(K.account_verified, rx.el.p(t(m("kiosk.account_verified")), class_name="note")),
        rx.el.h2(t(m("kiosk.choose_service"))),
        rx.el.ul(*(rx.el.li(rx.el.a(t(s.name), href=service_path(s))) for s in catalogue.SERVICES),
                 class_name="doc-list"),
        event_button(t(m("kiosk.next_resident")), type="button", class_name="button",
                     on_click=K.next_resident("next_resident")),
        # The idle guard (warning, wipe) is in the page frame: it runs on every page.
    )


def kiosk_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("kiosk.heading"))),
        rx.cond(K.active, _serving(), _start_form()),
    )
