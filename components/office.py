"""Small pieces the office pages share: texts of rows in the page's language, labelled selects."""

from __future__ import annotations

import reflex as rx

from components.i18n import PAGE_LANG, t


def of(item: rx.Var, key: str) -> rx.Var:
    """A row's text in the language chosen in the browser ("key:lang")."""
    return item[rx.Var.create(f"{key}:") + PAGE_LANG].to(str)


def select_field(name: str, label_id: str, options: rx.Var, value: rx.Var, *, blank_id: str | None = None,
                 **attrs) -> rx.Component:
    """A labelled select (office screens only: trained users, long lists)."""
    from paduko_app.domain.messages import m

    return rx.el.div(
        rx.el.label(t(label_id), html_for=name, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(blank_id or m("office.filter.all")), value=""),
            rx.foreach(options, lambda o: rx.el.option(of(o, "label"), value=o["value"])),
            id=name, name=name, default_value=value, key=name + value, class_name="input", **attrs),
        class_name="field",
    )


def scrolling_table(table: rx.Component, label_id: str) -> rx.Component:
    """A wide table that scrolls sideways on a phone; the region can be reached and scrolled by keyboard."""
    return rx.el.div(table, class_name="table-scroll", tab_index=0, role="region", aria_label=t(label_id))
