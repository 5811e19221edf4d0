"""The page frame's parts for the installable app; assets/pwa.js decides when each shows.

Rendered hidden on every page (texts from the catalogues, in the page's language); CSS shows a part
when pwa.js sets its flag on <html>: data-pwa-update (a new version waits), data-pwa-install (the
browser offers installation), data-pwa-ios (an iPhone or iPad, where the person adds the app from
Safari's Share menu).
"""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from paduko_app.domain.messages import m


def update_banner() -> rx.Component:
    return rx.el.div(
        rx.el.p(t(m("pwa.update.title")), class_name="pwa-update-text"),
        rx.el.button(t(m("pwa.update.reload")), type="button", class_name="button",
                     custom_attrs={"data-pwa-action": "reload"}),
        class_name="pwa-update", role="region", aria_label=t(m("pwa.update.title")),
    )


def install_offer() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.button(t(m("pwa.install.button")), type="button", class_name="button-secondary",
                         custom_attrs={"data-pwa-action": "install"}),
            rx.el.p(t(m("pwa.install.hint"))),
            class_name="pwa-install",
        ),
        rx.el.details(
            rx.el.summary(t(m("pwa.install.ios.summary"))),
            rx.el.p(t(m("pwa.install.ios.steps"))),
            class_name="pwa-ios",
        ),
        class_name="pwa-offer",
    )
