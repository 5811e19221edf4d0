"""/petugas/pemantauan: period form, then the dashboard rendered on the server (charts, tables, CSV)."""

from __future__ import annotations

import reflex as rx

from components.form import primary_button
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m
from state.monitoring import MonitorState as S
from state.ui import UIState

PERIODS = (("1", m("monitor.period.this_month")), ("3", m("monitor.period.3")), ("12", m("monitor.period.12")),
           ("custom", m("monitor.period.custom")))


def _period_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label(t(m("monitor.period.label")), html_for="period-months", class_name="field-label"),
            rx.el.select(*[rx.el.option(t(label), value=value) for value, label in PERIODS],
                         id="period-months", name="bulan", default_value=S.months),
        ),
        rx.el.div(rx.el.label(t(m("monitor.period.from")), html_for="period-from", class_name="field-label"),
                  rx.el.input(type="month", id="period-from", name="dari", default_value=S.first)),
        rx.el.div(rx.el.label(t(m("monitor.period.to")), html_for="period-to", class_name="field-label"),
                  rx.el.input(type="month", id="period-to", name="sampai", default_value=S.last)),
        primary_button(m("monitor.period.show")),
        on_submit=S.choose, class_name="period-form",
    )


def monitoring_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("monitor.heading"))),
        rx.el.p(t(m("monitor.intro")), class_name="lead"),
        _period_form(),
        rx.html(S.html[UIState.active_lang].to(str), class_name="dashboard"),
        wide=True,
    )
