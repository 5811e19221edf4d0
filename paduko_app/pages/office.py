"""Office pages: staff accounts (admin) and care-link decisions (verifikator)."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import choice_cards, error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from components.office import of
from paduko_app.domain.messages import m
from paduko_app.domain.regions import KELURAHAN
from paduko_app.services.care import REFUSAL_REASONS as CARE_REFUSAL_REASONS
from state.office import CareLinkReviewState as R, StaffAdminState as A

ROLE_OPTIONS = [("verifikator", m("staff.role.verifikator")), ("operator", m("staff.role.operator")),
                ("admin", m("staff.role.admin")), ("kepala", m("staff.role.kepala"))]


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
            event_button(t(RESET_LABEL), type="button", class_name="button-secondary", on_click=A.reset_account(a["id"])),
            event_button(t(DEACTIVATE_LABEL), type="button", class_name="button-secondary",
                         on_click=A.deactivate(a["id"])),
        ),
    )


def staff_admin() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("staff_admin.heading"))),
        rx.cond(A.alarms.length() > 0, rx.el.div(
            rx.el.h2(t(m("limit.alarm.heading"))),
            rx.el.p(t(m("limit.alarm.codes"))),
            rx.el.ul(rx.foreach(A.alarms, lambda at: rx.el.li(at))),
            class_name="note", role="status")),
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


def recordings() -> rx.Component:
    """Admin: replace a generated voice prompt with a human recording (assets/recording.js sends it)."""
    return page_frame(
        rx.el.h1(t(m("recording.heading"))),
        rx.el.p(t(m("recording.intro")), class_name="lead"),
        rx.el.p(t(m("recording.review_hint"))),
        rx.el.form(
            rx.el.div(
                rx.el.label(t(m("recording.id.label")), html_for="recording-id", class_name="field-label"),
                rx.el.p(t(m("recording.id.hint")), id="recording-id-hint", class_name="hint"),
                rx.el.input(id="recording-id", type="text", class_name="input", aria_describedby="recording-id-hint",
                            auto_complete="off", max_length=80),
                class_name="field",
            ),
            rx.el.fieldset(
                rx.el.legend(t(m("recording.lang.label")), class_name="field-label"),
                rx.el.div(*(rx.el.div(
                    rx.el.input(type="radio", name="rec_lang", value=lang, id=f"rec-lang-{lang}", class_name="choice-input"),
                    rx.el.label(t(m(label)), html_for=f"rec-lang-{lang}", class_name="choice-label"),
                    class_name="choice") for lang, label in (("id", "lang.name.id"), ("min", "lang.name.min"),
                                                             ("en", "lang.name.en"))), class_name="choices"),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label(t(m("recording.file.label")), html_for="recording-file", class_name="field-label"),
                rx.el.input(id="recording-file", type="file", accept="audio/mpeg,audio/ogg,audio/wav,.mp3,.ogg,.wav",
                            class_name="input"),
                class_name="field",
            ),
            event_button(t(m("recording.submit")), type="submit", class_name="button"),
            rx.el.p(id="recording-status", aria_live="polite", class_name="upload-status"),
            id="recording-form",
            custom_attrs={"data-msg-done": t(m("recording.done")), "data-msg-failed": t(m("upload.failed"))},
        ),
        rx.script(src="/recording.js"),
    )


def care_review() -> rx.Component:
    def item(link):
        # Every button names its person, so a screen reader can tell the cards apart.
        whose = rx.el.span(" ", link["person"], class_name="visually-hidden")
        return rx.el.li(
            rx.el.p(rx.el.strong(link["caregiver"]), " → ", link["person"], " (", link["nik"], ")"),
            rx.el.p(t(m("care_review.relationship")), " ", of(link, "relationship"), " · ",
                    t(m("care_review.evidence")), " ", of(link, "evidence")),
            rx.el.p(rx.el.a(t(m("care_review.open_evidence")), whose, href="/api/kuasa/" + link["id"] + "/bukti",
                            target="_blank", rel="noopener")),
            # Two small forms: a browser's form data never says which submit button was pressed.
            rx.el.form(
                rx.el.input(type="hidden", name="link_id", value=link["id"]),
                rx.el.input(type="hidden", name="decision", value="accept"),
                event_button(t(m("care_review.accept")), whose, type="submit", class_name="button"),
                on_submit=R.decide, novalidate=True,
            ),
            rx.el.form(
                rx.el.input(type="hidden", name="link_id", value=link["id"]),
                rx.el.input(type="hidden", name="decision", value="refuse"),
                # A listed reason reaches the caregiver in their language; own words are shown as written.
                rx.el.label(t(m("care_review.reason_code.label")), whose, html_for="reason-code-" + link["id"],
                            class_name="field-label"),
                rx.el.select(rx.el.option("—", value=""), *(rx.el.option(t(label), value=code)
                                                             for code, label in CARE_REFUSAL_REASONS.items()),
                             id="reason-code-" + link["id"], name="reason_code", class_name="input"),
                rx.el.label(t(m("care_review.reason.label")), whose, html_for="reason-" + link["id"],
                            class_name="field-label"),
                rx.el.input(id="reason-" + link["id"], name="reason", type="text", class_name="input", max_length=500),
                event_button(t(m("care_review.refuse")), whose, type="submit", class_name="button-secondary"),
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
