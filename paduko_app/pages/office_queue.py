"""/petugas/antrian: the verifikator's queue, oldest first, with filters and their counts."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.frame import page_frame
from components.i18n import t
from components.office import of, scrolling_table, select_field
from paduko_app.domain.messages import m
from state.office_queue import QueueState as Q

COLUMNS = (m("office.queue.col.number"), m("office.queue.col.service"), m("office.queue.col.person"),
           m("office.queue.col.channel"), m("office.queue.col.kelurahan"), m("office.queue.col.submitted"),
           m("office.queue.col.target"), m("office.queue.col.officer"), m("office.queue.col.action"))


def _filters() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            select_field("service", m("office.queue.filter.service"), Q.service_options, Q.service),
            select_field("status", m("office.queue.filter.status"), Q.status_options, Q.status),
            select_field("kelurahan", m("office.queue.filter.kelurahan"), Q.kelurahan_options, Q.kelurahan),
            select_field("channel", m("office.queue.filter.channel"), Q.channel_options, Q.channel),
            rx.el.div(
                rx.el.input(type="checkbox", id="overdue", name="overdue", value="1", default_checked=Q.overdue,
                            key=Q.overdue.to_string(), class_name="choice-input"),
                rx.el.label(t(m("office.queue.filter.overdue")), " (", Q.overdue_count, ")", html_for="overdue",
                            class_name="choice-label"),
                class_name="choice",
            ),
            event_button(t(m("office.queue.filter.apply")), type="submit", class_name="button"),
            class_name="filters",
        ),
        on_submit=Q.apply_filters, novalidate=True,
        aria_label=t(m("office.queue.filter.heading")),
    )


OPEN, HELD, TAKE = m("office.queue.open"), m("office.queue.held"), m("office.queue.take")


def _row(r: rx.Var) -> rx.Component:
    person = rx.el.span(" ", r["number"], " (", r["person"], ")", class_name="visually-hidden")
    return rx.el.tr(
        rx.el.td(rx.el.a(r["number"], class_name="app-number", href="/petugas/permohonan/" + r["number"])),
        rx.el.td(of(r, "service")),
        rx.el.td(r["person"]),
        rx.el.td(of(r, "channel")),
        rx.el.td(r["kelurahan"]),
        rx.el.td(of(r, "submitted")),
        rx.el.td(of(r, "target"), class_name=rx.cond(r["late"] != "", "late", "")),
        rx.el.td(r["holder"]),
        rx.el.td(rx.cond(
            r["mine"] != "",
            rx.el.a(t(OPEN), person, href="/petugas/permohonan/" + r["number"], class_name="button"),
            rx.cond(r["holder"] != "",
                    rx.el.span(t(HELD), " ", r["holder"]),
                    event_button(t(TAKE), person, type="button", class_name="button",
                                 on_click=Q.take(r["id"]))),
        )),
    )


def queue_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.queue.heading"))),
        # In the prerendered page, so the first paint already shows what this page is for.
        rx.el.p(t(m("office.queue.lead")), class_name="lead"),
        rx.el.p(rx.el.a(t(m("office.nav.home")), href="/petugas")),
        _filters(),
        rx.el.div(
            rx.cond(Q.taken_by != "", rx.el.p(t(m("office.queue.taken_by_prefix")), " ", rx.el.strong(Q.taken_number),
                                              " ", t(m("office.queue.taken_by_middle")), " ",
                                              rx.el.strong(Q.taken_by), class_name="note")),
            role="status",
        ),
        # The rows arrive after the first paint: the list keeps a screen's height, so the help below
        # never jumps (issue 12: CLS 0.29 before).
        rx.el.div(
            rx.el.p(t(m("office.queue.count")), " ", rx.el.strong(Q.total), aria_live="polite"),
            rx.cond(Q.loaded & (Q.total == 0), rx.el.p(t(m("office.queue.empty")))),
            scrolling_table(rx.el.table(
                rx.el.caption(t(m("office.queue.caption")), class_name="visually-hidden"),
                rx.el.thead(rx.el.tr(*(rx.el.th(t(c), scope="col") for c in COLUMNS))),
                rx.el.tbody(rx.foreach(Q.rows, _row)),
                class_name="data-table",
            ), m("office.queue.caption")),
            class_name="late-list",
        ),
        wide=True,
    )
