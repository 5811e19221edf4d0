"""A caregiver's page: the people they apply for, and adding one with evidence of consent."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import choice_cards, error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from components.upload import photo_upload
from paduko_app.domain.messages import m
from state.care import CareState as C
from state.ui import UIState

RELATIONSHIPS = [("child", m("care.relationship.child")), ("spouse", m("care.relationship.spouse")),
                 ("sibling", m("care.relationship.sibling")), ("other", m("care.relationship.other"))]
EVIDENCE_KINDS = [("f107", m("care.evidence_kind.f107")), ("other", m("care.evidence_kind.other"))]
STATUS_LABELS = {"pending": m("care.status.pending"), "accepted": m("care.status.accepted"),
                 "refused": m("care.status.refused"), "withdrawn": m("care.status.withdrawn")}


def _status(status: rx.Var) -> rx.Component:
    return rx.match(status, *((key, t(label)) for key, label in STATUS_LABELS.items()), status)


def _person(p: rx.Var) -> rx.Component:
    live = (p["status"] == "pending") | (p["status"] == "accepted")
    return rx.el.li(
        rx.el.strong(p["name"]), " (", p["nik"], ")", rx.el.br(), _status(p["status"]),
        rx.cond(p["status"] == "refused", rx.el.p(
            t(m("care.refusal.label")), " ", p[rx.Var.create("reason:") + UIState.active_lang].to(str),
            class_name="note")),
        rx.cond(p["status"] == "pending", rx.el.p(t(m("care.not_yet_entitled")), class_name="hint")),
        rx.cond(live, event_button(
            t(m("care.withdraw")), type="button", class_name="button-secondary",
            aria_label=t(m("care.withdraw")) + ": " + p["name"].to(str), on_click=C.withdraw(p["id"]))),
    )


def care_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("care.heading"))),
        rx.el.p(t(m("care.intro")), class_name="lead"),
        rx.cond(C.added, rx.el.p(t(m("care.added")), class_name="note", role="status")),
        rx.el.ul(rx.foreach(C.people, _person), class_name="doc-list"),
        rx.el.h2(t(m("care.add.heading"))),
        rx.el.p(t(m("care.death_note"))),
        rx.el.form(
            error_summary(C.errors, ["name", "nik", "relationship", "evidence_kind", "evidence"]),
            text_field("name", m("care.name.label"), C.errors, auto_complete="off", type="text", max_length=120),
            text_field("nik", m("care.nik.label"), C.errors, hint_id=m("signin.nik.hint"),
                       input_mode="numeric", auto_complete="off", type="text", max_length=40),
            choice_cards("relationship", m("care.relationship.label"), RELATIONSHIPS, C.errors),
            choice_cards("evidence_kind", m("care.evidence_kind.label"), EVIDENCE_KINDS, C.errors,
                         hint_id=m("care.evidence_kind.hint")),
            photo_upload("evidence", m("care.evidence.label"), C.errors, hint_id=m("care.evidence.hint"),
                         purpose="care_evidence"),
            primary_button(m("care.add.submit")),
            id="care-form", on_submit=C.add, novalidate=True,
        ),
        rx.script(src="/upload.js"),
    )
