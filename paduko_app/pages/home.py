"""Home page: the ways back in first (account, status, people I help), then every service,
grouped as people think of them, each group a large button that opens its services.

Kept to a few screens at the largest text on a phone: the groups are native disclosures
(<details>), which open without waiting for the page to connect.
"""

from __future__ import annotations

import reflex as rx

from components.announcement import announcement
from components.frame import page_frame
from components.i18n import t
from components.voice import listen_button
from paduko_app.domain import catalogue
from paduko_app.domain.messages import m

# Where someone who has been here before goes: sign in or the account, status, people I help.
QUICK_LINKS = (
    ("/akun", m("home.nav.account")),
    ("/status", m("home.nav.status")),
    ("/orang-yang-saya-bantu", m("home.nav.care")),
)


def service_slug(svc: catalogue.Service) -> str:
    return svc.code.lower().replace("_", "-")


def service_path(svc: catalogue.Service) -> str:
    return f"/layanan/{service_slug(svc)}"


def group_id(group: catalogue.Group) -> str:
    return f"group-{group.value}"


def _service_card(svc: catalogue.Service) -> rx.Component:
    return rx.el.li(
        rx.el.a(t(svc.name), href=service_path(svc), class_name="service-link"),
        rx.el.p(t(svc.help), class_name="service-help"),
        class_name="service-card",
    )


def _group(group: catalogue.Group) -> rx.Component:
    return rx.el.li(rx.el.details(
        rx.el.summary(t(catalogue.GROUP_HEADINGS[group]), class_name="group-button"),
        rx.el.ul(*(_service_card(s) for s in catalogue.services_in(group)), class_name="service-list"),
        id=group_id(group), class_name="service-group",
    ))



def home() -> rx.Component:
    return page_frame(
        # The ways back in first: on the first screen even at the largest text.
        rx.el.nav(
            rx.el.ul(*(rx.el.li(rx.el.a(t(label), href=href, class_name="quick-link")) for href, label in QUICK_LINKS),
                     class_name="quick-links"),
            aria_label=t(m("home.nav.label")),
        ),
        rx.el.h1(t(m("home.heading")), id="home-heading"),
        listen_button("home-heading services-heading", "home.heading home.services.heading"),
        announcement(),
        rx.el.h2(t(m("home.services.heading")), id="services-heading"),
        rx.el.ul(*(_group(group) for group in catalogue.Group), class_name="group-list",
                 aria_labelledby="services-heading"),
        rx.el.div(
            rx.el.strong(t(m("home.free.title")), class_name="free-title"),
            rx.el.span(t(m("home.free.body"))),
            class_name="free-banner", role="note",
        ),
        home=True,
    )
