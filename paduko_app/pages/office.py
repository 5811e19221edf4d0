"""Office pages: staff accounts (admin) and care-link decisions (verifikator)."""

from __future__ import annotations

import reflex as rx

from components.form import choice_cards, error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m
from paduko_app.domain.regions import KELURAHAN
from state.office import CareLinkReviewState as R, StaffAdminState as A

ROLE_OPTIONS = [("verifikator", m("staff.role.verifikator")), ("operator", m("staff.role.operator")),
                ("admin", m("staff.role.admin"))]


def _kelurahan_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(t(m("staff_admin.kelurahan.label")), html_for="kelurahan", class_name="field-label"),
        rx.el.p(t(m("staff_admin.kelurahan.hint")), id="kelurahan-hint", class_name="hint"),
        # Staff screens may use a select: 16 options, for trained users (residents never get one).
        rx.el.select(rx.el.option("—", value=""), *(rx.el.option(k.name, value=k.code) for k in KELURAHAN),
                     id="kelurahan", name="kelurahan", class_name="input", aria_describedby="kelurahan-hint"),
        class_name="field",
    )


COLUMNS = (m("staff_admin.col.username"), m("staff_admin.col.name"), m("staff_admin.col.role"),
           m("staff_admin.col.kelurahan"), m("staff_admin.col.state"), m("staff_admin.col.actions"))
RESET_LABEL = m("staff_admin.reset")
DEACTIVATE_LABEL = m("staff_admin.deactivate")


def _staff_row(a) -> rx.Component:
    return rx.el.tr(
        rx.el.td(a["username"]), rx.el.td(a["name"]), rx.el.td(a["role"]), rx.el.td(a["kelurahan"]),
        rx.el.td(a["state"]),
        rx.el.td(
            rx.el.button(t(RESET_LABEL), type="button", class_name="button-secondary", on_click=A.reset_account(a["id"])),
            rx.el.button(t(DEACTIVATE_LABEL), type="button", class_name="button-secondary",
                         on_click=A.deactivate(a["id"])),
        ),
    )


def staff_admin() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("staff_admin.heading"))),
        rx.cond(A.issued_password != "", rx.el.div(
            rx.el.p(t(m("staff_admin.issued")), " ", rx.el.strong(A.issued_username)),
            rx.el.p(rx.el.span(A.issued_password, class_name="secret")),
            rx.el.p(t(m("staff_admin.issued_once"))),
            class_name="note", role="status")),
        rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(t(h), scope="col") for h in COLUMNS))),
            rx.el.tbody(rx.foreach(A.accounts, _staff_row)),
            class_name="data-table",
        ),
        rx.el.h2(t(m("staff_admin.create.heading"))),
        rx.el.form(
            error_summary(A.errors, ["username", "display_name", "role", "kelurahan", "form"]),
            text_field("username", m("staff.username.label"), A.errors, hint_id=m("staff_admin.username.hint"),
                       auto_complete="off", type="text", max_length=32),
            text_field("display_name", m("staff_admin.name.label"), A.errors, auto_complete="off", type="text",
                       max_length=120),
            choice_cards("role", m("staff_admin.role.label"), ROLE_OPTIONS, A.errors),
            _kelurahan_select(),
            primary_button(m("staff_admin.create.submit")),
            on_submit=A.create, novalidate=True, reset_on_submit=False,
        ),
    )


def care_review() -> rx.Component:
    def item(link):
        return rx.el.li(
            rx.el.p(rx.el.strong(link["caregiver"]), " → ", link["person"], " (", link["nik"], ")"),
            rx.el.p(t(m("care_review.relationship")), " ", link["relationship"], " · ",
                    t(m("care_review.evidence")), " ", link["evidence_kind"]),
            rx.el.p(rx.el.a(t(m("care_review.open_evidence")), href="/api/kuasa/" + link["id"] + "/bukti",
                            target="_blank", rel="noopener")),
            # Two small forms: a browser's form data never says which submit button was pressed.
            rx.el.form(
                rx.el.input(type="hidden", name="link_id", value=link["id"]),
                rx.el.input(type="hidden", name="decision", value="accept"),
                primary_button(m("care_review.accept")),
                on_submit=R.decide, novalidate=True,
            ),
            rx.el.form(
                rx.el.input(type="hidden", name="link_id", value=link["id"]),
                rx.el.input(type="hidden", name="decision", value="refuse"),
                rx.el.label(t(m("care_review.reason.label")), html_for="reason-" + link["id"], class_name="field-label"),
                rx.el.input(id="reason-" + link["id"], name="reason", type="text", class_name="input", max_length=500),
                primary_button(m("care_review.refuse"), secondary=True),
                on_submit=R.decide, novalidate=True,
            ),
            class_name="service-card",
        )

    return page_frame(
        rx.el.h1(t(m("care_review.heading"))),
        error_summary(R.errors, ["reason", "form"]),
        rx.cond(R.links.length() == 0, rx.el.p(t(m("care_review.none")))),
        rx.el.ul(rx.foreach(R.links, item), class_name="service-list"),
    )
