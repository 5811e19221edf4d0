"""Admin pages the office keeps itself: reasons, held applications, failed deliveries."""

from __future__ import annotations

import reflex as rx

from components.form import error_summary, text_field
from components.frame import page_frame
from components.i18n import t
from components.office import of, scrolling_table
from paduko_app.domain.messages import m
from state.office_settings import DeliveriesAdminState as D, HeldAdminState as H, ReasonsAdminState as R

LANG_LABELS = (("id", m("lang.name.id")), ("min", m("lang.name.min")), ("en", m("lang.name.en")))


def _reason_form(r: rx.Var) -> rx.Component:
    """One reason, editable in place; its fields are named after the reason, so each is distinct."""
    def text(lang: str, label: str) -> rx.Component:
        field_id = "reason-" + r["id"] + "-" + lang
        return rx.el.div(
            rx.el.label(t(label), rx.el.span(" (", r["code"], ")", class_name="visually-hidden"),
                        html_for=field_id, class_name="field-label"),
            rx.el.input(id=field_id, name=f"text_{lang}", default_value=r[f"text_{lang}"], key=field_id + r[f"text_{lang}"],
                        class_name="input", max_length=300),
        )

    return rx.el.form(
        rx.el.h3(r["code"]),
        rx.el.input(type="hidden", name="reason_id", value=r["id"]),
        *(text(lang, label) for lang, label in LANG_LABELS),
        rx.el.div(
            rx.el.input(type="checkbox", id="active-" + r["id"], name="active", value="1",
                        default_checked=r["active"] != "", key="active-" + r["id"] + r["active"], class_name="choice-input"),
            rx.el.label(t(m("office.reasons.active")), rx.el.span(" ", r["code"], class_name="visually-hidden"),
                        html_for="active-" + r["id"], class_name="choice-label"),
            class_name="choice"),
        rx.el.button(t(m("office.reasons.save")), rx.el.span(" ", r["code"], class_name="visually-hidden"),
                     type="submit", class_name="button-secondary"),
        on_submit=R.save, novalidate=True, class_name="decision",
    )


def reasons_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.reasons.heading"))),
        rx.el.p(t(m("office.reasons.intro")), class_name="lead"),
        rx.el.div(rx.cond(R.saved, rx.el.p(t(m("office.reasons.saved")), class_name="note")), role="status"),
        error_summary(R.errors, ["code", "text_id", "text_min", "text_en"]),
        rx.el.h2(t(m("office.reasons.new"))),
        rx.el.form(
            text_field("code", m("office.reasons.code"), R.errors, hint_id=m("office.reasons.code_hint"),
                       type="text", max_length=40, auto_complete="off"),
            *(text_field(f"text_{lang}", label, R.errors, type="text", max_length=300, auto_complete="off")
              for lang, label in LANG_LABELS),
            rx.el.input(type="hidden", name="active", value="1"),
            rx.el.button(t(m("office.reasons.add")), type="submit", class_name="button"),
            on_submit=R.save, novalidate=True, reset_on_submit=True, class_name="decision",
        ),
        rx.el.h2(t(m("office.reasons.list"))),
        rx.foreach(R.reasons, _reason_form),
        wide=True,
    )


def held_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.held.heading"))),
        rx.el.p(t(m("office.held.intro")), class_name="lead"),
        rx.cond(H.held.length() == 0, rx.el.p(t(m("office.held.none")))),
        rx.el.ul(rx.foreach(H.held, lambda h: rx.el.li(
            rx.el.strong(h["number"]), " · ", of(h, "service"), " · ", h["officer"], " ",
            rx.el.button(t(m("office.held.release")), rx.el.span(" ", h["number"], class_name="visually-hidden"),
                         type="button", class_name="button-secondary", on_click=H.release(h["id"])))),
            class_name="notice-list"),
        wide=True,
    )


RETRY = m("office.deliveries.retry")


def deliveries_page() -> rx.Component:
    columns = (m("office.deliveries.col.at"), m("office.deliveries.col.to"), m("office.deliveries.col.message"),
               m("office.deliveries.col.attempts"), m("office.deliveries.col.error"), m("office.deliveries.col.action"))
    return page_frame(
        rx.el.h1(t(m("office.deliveries.heading"))),
        rx.el.p(t(m("office.deliveries.intro")), class_name="lead"),
        rx.cond(D.failed.length() == 0, rx.el.p(t(m("office.deliveries.none")))),
        scrolling_table(rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(t(c), scope="col") for c in columns))),
            rx.el.tbody(rx.foreach(D.failed, lambda f: rx.el.tr(
                rx.el.td(f["at"]), rx.el.td(f["to"]), rx.el.td(f["message"]), rx.el.td(f["attempts"]),
                rx.el.td(f["error"]),
                rx.el.td(rx.el.button(t(RETRY),
                                      rx.el.span(" ", f["to"], " ", f["at"], class_name="visually-hidden"),
                                      type="button", class_name="button-secondary", on_click=D.retry(f["id"])))))),
            class_name="data-table"), m("office.deliveries.heading")),
        wide=True,
    )
