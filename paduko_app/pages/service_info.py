"""One page per service: what it is, what to photograph, what you get, how long. Free."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain import catalogue
from paduko_app.domain.messages import m
from state.sign_in import ResidentSignInState
from state.wizard import WizardState


def _documents(svc: catalogue.Service) -> rx.Component:
    always = [d for d in svc.documents if d.required_when is None]
    sometimes = [d for d in svc.documents if d.required_when is not None]
    parts: list[rx.Component] = [
        rx.el.h2(t(m("service_page.documents.heading"))),
        rx.el.ul(*(rx.el.li(rx.el.strong(t(d.label)), rx.el.br(), t(d.instruction)) for d in always),
                 class_name="doc-list"),
    ]
    if sometimes:
        parts += [
            rx.el.h3(t(m("service_page.documents.sometimes"))),
            rx.el.ul(*(rx.el.li(rx.el.strong(t(d.label)), rx.el.br(), t(d.instruction)) for d in sometimes),
                     class_name="doc-list"),
        ]
    return rx.el.section(*parts)


def _notes(svc: catalogue.Service) -> list[rx.Component]:
    notes = []
    if not svc.representative_allowed:
        notes.append(rx.el.p(t(m("service_page.in_person_only")), class_name="note"))
    if svc.any_family_member:
        notes.append(rx.el.p(t(m("service_page.any_family_member")), class_name="note"))
    return notes


def _apply_button(svc: catalogue.Service) -> rx.Component:
    return event_button(t(m("service_page.apply.start")), type="button", class_name="button",
                        # Remembered first, so that a stranger sent to sign in comes back to this service.
                        on_click=[ResidentSignInState.remember_service(svc.code), WizardState.begin(svc.code)])


def service_info(svc: catalogue.Service):
    def render() -> rx.Component:
        deadline = (
            [rx.el.h2(t(m("service_page.deadline.heading"))),
             rx.el.p(t(m("service_page.deadline.body"), days=svc.deadline.days)),
             rx.el.p(t(svc.deadline.late_rule))]
            if svc.deadline else []
        )
        return page_frame(
            rx.el.a(t(m("service_page.back")), href="/", class_name="back-link"),
            rx.el.h1(t(svc.name)),
            rx.el.p(t(svc.help), class_name="lead"),
            _apply_button(svc),  # on the first screen: the documents and times follow for whoever wants them
            rx.el.p(t(m("service_page.apply.body")), class_name="hint apply-hint"),
            rx.el.div(rx.el.strong(t(m("home.free.title")), class_name="free-title"),
                      rx.el.span(t(m("service_page.free"))), class_name="free-banner", role="note"),
            *_notes(svc),
            _documents(svc),
            rx.el.h2(t(m("service_page.output.heading"))),
            rx.el.ul(*(rx.el.li(t(catalogue.OUTPUT_LABELS[o])) for o in svc.outputs)),
            rx.el.h2(t(m("service_page.time.heading"))),
            rx.el.p(t(m("service_page.time.body"), days=svc.sla_working_days)),
            *deadline,
        )

    render.__name__ = f"service_{svc.code.lower()}"
    return render
