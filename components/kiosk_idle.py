"""The kiosk's idle guard, on every page while an assisted session is open (not only /kiosk):
a resident's name must not stay on a wizard page left alone. assets/kiosk-idle.js counts in
the browser, warns at 4 minutes and presses the hidden wipe button at 5; the server also ends
a session idle for 5 minutes on its own (services/kiosk.sweep)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from paduko_app.domain.messages import m
from state.kiosk import KioskState as K


def idle_guard() -> rx.Component:
    return rx.fragment(
        rx.cond(K.active, rx.el.div(
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
            # Loaded only once a kiosk session is open (issue 12: not on every resident's first load).
            # The script stays running after the session ends, inert without the wipe button.
            rx.script(src="/kiosk-idle.js"),
        )),
    )
