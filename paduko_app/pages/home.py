"""Home page: every service, grouped as people think of them, rendered from the catalogue."""

from __future__ import annotations

import reflex as rx

from components.announcement import announcement
from components.frame import page_frame
from components.i18n import t
from components.voice import listen_button
from paduko_app.domain import catalogue
from paduko_app.domain.messages import m


def service_slug(svc: catalogue.Service) -> str:
    return svc.code.lower().replace("_", "-")


def service_path(svc: catalogue.Service) -> str:
    return f"/layanan/{service_slug(svc)}"


def _service_card(svc: catalogue.Service) -> rx.Component:
    return rx.el.li(
        rx.el.h3(rx.el.a(t(svc.name), href=service_path(svc))),
        rx.el.p(t(svc.help)),
        class_name="service-card",
    )


def _group(group: catalogue.Group) -> rx.Component:
    heading_id = f"group-{group.value}"
    return rx.el.section(
        rx.el.h2(t(catalogue.GROUP_HEADINGS[group]), id=heading_id),
        rx.el.ul(*(_service_card(s) for s in catalogue.services_in(group)), class_name="service-list"),
        aria_labelledby=heading_id, class_name="service-group",
    )


def home() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("home.heading")), id="home-heading"),
        listen_button("home-heading home-intro", "home.heading home.intro"),
        rx.el.p(t(m("home.intro")), id="home-intro", class_name="lead"),
        announcement(),
        rx.el.div(
            rx.el.strong(t(m("home.free.title")), class_name="free-title"),
            rx.el.span(t(m("home.free.body"))),
            class_name="free-banner", role="note",
        ),
        *(_group(group) for group in catalogue.Group),
        home=True,
    )
