"""/petugas/permohonan/<nomor>: one application for the verifikator: who, what, the photos in a
viewer, the timeline, earlier applications, and the decisions."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import _field_error, error_summary
from components.frame import page_frame
from components.i18n import t
from components.office import of, scrolling_table
from components.upload import photo_upload
from paduko_app.domain import pickup
from paduko_app.domain.messages import m
from state.office_application import ApplicationReviewState as A

ERROR_ORDER = ["form", "flags", "reason", "reject_reason", "pdf", "place", "slots", "address"]
VIEWER_ACTIONS = (("in", m("office.viewer.zoom_in")), ("out", m("office.viewer.zoom_out")),
                  ("turn", m("office.viewer.rotate")), ("reset", m("office.viewer.reset")))


def _fact(label_id: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(t(label_id)), rx.el.dd(value))


def _facts() -> rx.Component:
    return rx.el.dl(
        _fact(m("office.app.service"), of(A.header, "service")),
        _fact(m("office.app.status"), of(A.header, "status")),
        _fact(m("office.app.for"), rx.fragment(
            rx.el.strong(A.person["name"]), " · NIK ", A.person["nik"],
            rx.cond(A.person["age"] != "", rx.fragment(" · ", t(m("office.app.age")), " ", A.person["age"])),
            rx.cond(A.person["kelurahan"] != "", rx.fragment(" · ", A.person["kelurahan"])))),
        _fact(m("office.app.applicant"), rx.fragment(
            A.applicant["name"], " · ", of(A.header, "channel"),
            rx.cond(A.applicant["operator"] != "", rx.fragment(" · ", t(m("office.app.operator")), " ",
                                                               A.applicant["operator"])))),
        _fact(m("office.app.submitted"), of(A.header, "submitted")),
        _fact(m("office.app.target"), rx.el.span(of(A.header, "due"), " · ", of(A.header, "target"),
                                                  class_name=rx.cond(A.header["late"] != "", "late", ""))),
        _fact(m("office.app.officer"), A.holder),
        class_name="facts",
    )


def _viewer(row: rx.Var) -> rx.Component:
    image_id = "photo-" + row["id"]
    return rx.el.div(
        rx.el.div(*(rx.el.button(t(label), rx.el.span(" ", of(row, "label"), class_name="visually-hidden"),
                                 type="button", class_name="button-secondary",
                                 custom_attrs={"data-viewer": image_id, "data-action": action})
                    for action, label in VIEWER_ACTIONS), class_name="viewer-tools"),
        rx.el.div(rx.el.img(src="/api/dokumen/" + row["document_id"], alt=of(row, "label"), id=image_id,
                            style={"width": "100%"}), class_name="viewer"),
        rx.el.a(t(m("office.viewer.open")), rx.el.span(" ", of(row, "label"), class_name="visually-hidden"),
                href="/api/dokumen/" + row["document_id"], target="_blank", rel="noopener"),
    )


def _flag_select(row: rx.Var) -> rx.Component:
    name = "flag-" + row["kind"] + "-" + row["id"]
    return rx.el.div(
        rx.el.label(t(m("office.app.flag_label")), rx.el.span(" ", of(row, "label"), class_name="visually-hidden"),
                    html_for=name, class_name="field-label"),
        rx.el.select(rx.el.option(t(m("office.app.flag_ok")), value=""),
                     rx.foreach(A.reasons, lambda r: rx.el.option(of(r, "label"), value=r["id"])),
                     id=name, name=name, class_name="input"),
    )


FLAGGED = m("office.app.flagged")


def _answer_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.th(of(row, "label"), scope="row"),
        rx.el.td(rx.cond(row["document_id"] != "", _viewer(row), of(row, "value")),
                 rx.cond(row["flagged"] != "", rx.el.p(t(FLAGGED), " ", of(row, "flag"),
                                                        class_name="flag-note"))),
        rx.cond(A.mine, rx.el.td(_flag_select(row))),
    )


def _answers() -> rx.Component:
    table = scrolling_table(rx.el.table(
        rx.el.caption(t(m("office.app.answers"))),
        rx.el.thead(rx.el.tr(rx.el.th(t(m("office.app.col.question")), scope="col"),
                             rx.el.th(t(m("office.app.col.answer")), scope="col"),
                             rx.cond(A.mine, rx.el.th(t(m("office.app.col.flag")), scope="col")))),
        rx.el.tbody(rx.foreach(A.rows, _answer_row)),
        class_name="data-table",
    ), m("office.app.answers"))
    return rx.cond(A.mine, rx.el.form(
        table,
        _field_error("flags", A.errors),
        rx.el.label(t(m("office.app.note_label")), html_for="note", class_name="field-label"),
        rx.el.p(t(m("office.app.note_hint")), id="note-hint", class_name="hint"),
        rx.el.textarea(id="note", name="note", rows=2, max_length=500, class_name="input", aria_describedby="note-hint"),
        event_button(t(m("office.app.request_revision")), type="submit", class_name="button"),
        on_submit=A.request_revision, novalidate=True, id="flags", class_name="decision",
    ), table)


def _pending_link() -> rx.Component:
    person = rx.el.span(" ", A.person["name"], class_name="visually-hidden")
    return rx.cond(A.link.contains("id"), rx.el.section(
        rx.el.h2(t(m("office.app.link.heading"))),
        rx.el.p(t(m("office.app.link.intro"))),
        rx.el.p(t(m("office.app.link.relationship")), " ", of(A.link, "relationship")),
        rx.el.p(rx.el.a(t(m("care_review.open_evidence")), person, href="/api/kuasa/" + A.link["id"] + "/bukti",
                        target="_blank", rel="noopener")),
        rx.el.form(rx.el.input(type="hidden", name="decision", value="accept"),
                   event_button(t(m("care_review.accept")), person, type="submit", class_name="button"),
                   on_submit=A.decide_link, novalidate=True),
        rx.el.form(rx.el.input(type="hidden", name="decision", value="refuse"),
                   rx.el.label(t(m("care_review.reason.label")), html_for="reason", class_name="field-label"),
                   _field_error("reason", A.errors),
                   rx.el.input(id="reason", name="reason", type="text", class_name="input", max_length=500),
                   event_button(t(m("care_review.refuse")), person, type="submit", class_name="button-secondary"),
                   on_submit=A.decide_link, novalidate=True),
        class_name="decision note",
    ))


def _finish() -> rx.Component:
    print_form = rx.el.form(
        rx.el.h3(t(m("office.app.finish_print.heading"))),
        photo_upload("pdf", m("office.app.finish_print.label"), A.errors, hint_id=m("office.app.finish_print.hint"),
                     purpose="result", accept="application/pdf,.pdf", camera=False),
        event_button(t(m("office.app.finish_print.submit")), type="submit", class_name="button"),
        on_submit=A.finish_print, novalidate=True, class_name="decision",
    )
    pickup_form = rx.el.form(
        rx.el.fieldset(
            rx.el.legend(rx.el.h3(t(m("office.app.finish_pickup.heading")))),
            _field_error("place", A.errors),
            rx.el.div(*(rx.cond(A.pickup_offered.contains(code), rx.el.div(
                rx.el.input(type="radio", name="place", value=code, id=f"place-{code}", class_name="choice-input",
                            default_checked=A.pickup_default == code, key=A.number + code),
                rx.el.label(t(pickup.place_text_id(code)), html_for=f"place-{code}", class_name="choice-label"),
                class_name="choice")) for code in pickup.PLACES), class_name="choices"),
            id="place", tab_index=-1,
        ),
        rx.el.p(t(pickup.BRING), class_name="hint"),
        event_button(t(m("office.app.finish_pickup.submit")), type="submit", class_name="button"),
        on_submit=A.finish_pickup, novalidate=True, class_name="decision",
    )
    return rx.fragment(rx.cond(A.is_print, print_form), rx.cond(A.is_pickup, pickup_form))


def _recording() -> rx.Component:
    def slot(i: int) -> rx.Component:
        return rx.el.div(
            rx.el.label(t(m("office.app.recording.slot")), f" {i}", html_for=f"slot{i}", class_name="field-label"),
            rx.el.input(type="datetime-local", id=f"slot{i}", name=f"slot{i}", class_name="input"),
        )

    return rx.cond(A.is_recording, rx.el.form(
        rx.el.h3(t(m("office.app.recording.heading"))),
        rx.cond(A.home_visit_asked, rx.el.p(t(m("office.app.recording.home_asked")), class_name="note")),
        rx.el.fieldset(
            rx.el.legend(t(m("office.app.recording.kind")), class_name="field-label"),
            rx.el.div(*(rx.el.div(
                rx.el.input(type="radio", name="visit_kind", value=kind, id=f"visit-{kind}", class_name="choice-input",
                            default_checked=(A.home_visit_asked if kind == "home" else ~A.home_visit_asked),
                            key=A.number + kind),
                rx.el.label(t(label), html_for=f"visit-{kind}", class_name="choice-label"), class_name="choice")
                for kind, label in (("office", m("office.app.recording.office")),
                                    ("home", m("office.app.recording.home")))), class_name="choices"),
        ),
        rx.el.div(
            rx.el.label(t(m("office.app.recording.address")), html_for="address", class_name="field-label"),
            _field_error("address", A.errors),
            rx.el.input(id="address", name="address", type="text", default_value=A.visit_address, key=A.number,
                        class_name="input", max_length=200),
        ),
        rx.el.div(_field_error("slots", A.errors), slot(1), slot(2), slot(3), id="slots", tab_index=-1),
        event_button(t(m("office.app.recording.submit")), type="submit", class_name="button"),
        on_submit=A.offer_recording, novalidate=True, class_name="decision",
    ))


def _reject() -> rx.Component:
    return rx.el.form(
        rx.el.h3(t(m("office.app.reject.heading"))),
        rx.el.label(t(m("office.app.reject.reason")), html_for="reject_reason", class_name="field-label"),
        _field_error("reject_reason", A.errors),
        rx.el.select(rx.el.option("—", value=""),
                     rx.foreach(A.reasons, lambda r: rx.el.option(of(r, "label"), value=r["id"])),
                     id="reject_reason", name="reject_reason", class_name="input"),
        rx.el.label(t(m("office.app.note_label")), html_for="reject_note", class_name="field-label"),
        rx.el.textarea(id="reject_note", name="reject_note", rows=2, max_length=500, class_name="input"),
        event_button(t(m("office.app.reject.submit")), type="submit", class_name="button-secondary"),
        on_submit=A.reject, novalidate=True, class_name="decision",
    )


def _appointment() -> rx.Component:
    return rx.cond(A.appointment.contains("kind"), rx.el.section(
        rx.el.h2(t(m("office.app.appointment.heading"))),
        rx.el.p(of(A.appointment, "state"), " ", of(A.appointment, "chosen")),
        rx.cond(A.appointment["address"] != "", rx.el.p(t(m("office.app.recording.address")), " ",
                                                         A.appointment["address"])),
        rx.el.ul(rx.foreach(A.slots, lambda s: rx.el.li(of(s, "label")))),
    ))


def _history() -> rx.Component:
    return rx.fragment(
        rx.el.h2(t(m("office.app.timeline"))),
        rx.el.ol(rx.foreach(A.timeline, lambda e: rx.el.li(
            of(e, "at"), " · ", of(e, "event"), rx.cond(e["reason"] != "", rx.fragment(" · ", e["reason"]))))),
        rx.el.h2(t(m("office.app.earlier"))),
        rx.cond(A.earlier.length() == 0, rx.el.p(t(m("office.app.earlier_none")))),
        rx.el.ul(rx.foreach(A.earlier, lambda e: rx.el.li(
            rx.el.a(e["number"], href="/petugas/permohonan/" + e["number"]), " · ", of(e, "service"), " · ",
            of(e, "status")))),
    )


def _take() -> rx.Component:
    return rx.cond(~A.mine & ((A.status == "submitted") | (A.status == "in_review")), rx.el.div(
        rx.cond(A.holder != "", rx.el.p(t(m("office.queue.held")), " ", rx.el.strong(A.holder), class_name="note")),
        event_button(t(m("office.queue.take")), " ", A.number, type="button", class_name="button", on_click=A.take),
    ))


def application_page() -> rx.Component:
    return page_frame(
        rx.el.p(rx.el.a(t(m("office.app.back")), href="/petugas/antrian")),
        rx.cond(
            A.found,
            rx.fragment(
                rx.el.h1(t(m("office.app.heading")), " ", A.number),
                rx.el.div(rx.cond(A.done != "", rx.el.p(
                    rx.match(A.done, *((d, t(d)) for d in (
                        m("office.done.taken"), m("office.done.revision"), m("office.done.rejected"),
                        m("office.done.finished"), m("office.done.offered"), m("office.done.link"))), ""),
                    class_name="note")), role="status"),
                error_summary(A.errors, ERROR_ORDER),
                rx.cond(A.name_warning != "", rx.el.p(t(m("office.app.name_warning")), " ", A.name_warning,
                                                      class_name="note")),
                _pending_link(),
                rx.el.div(
                    rx.el.div(_facts(), _take(), _answers(), class_name="office-main"),
                    rx.el.div(
                        rx.cond(A.mine & ~A.link.contains("id"), rx.fragment(
                            rx.el.h2(t(m("office.app.decide"))), _finish(), _recording(), _reject())),
                        _appointment(), _history(), class_name="office-side"),
                    class_name="office-columns",
                ),
            ),
            rx.el.div(rx.el.h1(t(m("office.app.not_found"))), rx.el.p(t(m("office.app.not_found_hint")))),
        ),
        rx.script(src="/upload.js"),
        rx.script(src="/viewer.js"),
        wide=True,
    )
