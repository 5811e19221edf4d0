"""Accessible form primitives (after GOV.UK Frontend): label, hint, error, error summary.

Ids are derived from the field name: name, name-hint, name-error; hint and error ids go in
aria-describedby. Errors arrive as message ids in state and are translated in the browser,
so switching language also switches the error text.
"""

from __future__ import annotations

import reflex as rx

from components.i18n import t, t_error
from paduko_app.domain.messages import m


def text_field(name: str, label_id: str, errors: rx.Var, *, hint_id: str | None = None,
               **input_attrs) -> rx.Component:
    error_id = errors[name].to(str)
    has_error = errors.contains(name)
    described = f"{name}-hint" if hint_id else ""
    return rx.el.div(
        rx.el.label(t(label_id), html_for=name, class_name="field-label"),
        rx.el.p(t(hint_id), id=f"{name}-hint", class_name="hint") if hint_id else rx.fragment(),
        rx.cond(
            has_error,
            rx.el.p(rx.el.span(t(m("form.error_prefix")), " ", class_name="visually-hidden"),
                    t_error(error_id), id=f"{name}-error", class_name="field-error"),
        ),
        rx.el.input(
            id=name, name=name,
            aria_describedby=rx.cond(has_error, f"{described} {name}-error".strip(), described),
            aria_invalid=rx.cond(has_error, "true", "false"),
            class_name=rx.cond(has_error, "input input-error", "input"),
            **input_attrs,
        ),
        class_name=rx.cond(has_error, "field field-has-error", "field"),
    )


def error_summary(errors: rx.Var, order: list[str]) -> rx.Component:
    """A box at the top listing each problem as a link to its field; it takes focus when shown."""
    return rx.cond(
        errors.length() > 0,
        rx.el.div(
            rx.el.h2(t(m("form.error_summary")), id="error-summary-title"),
            rx.el.ul(*(
                rx.cond(errors.contains(name),
                        rx.el.li(rx.el.a(t_error(errors[name].to(str)), href=f"#{name}")))
                for name in order
            )),
            id="error-summary", role="alert", tab_index=-1, aria_labelledby="error-summary-title",
            class_name="error-summary",
        ),
    )


def focus_error_summary() -> rx.event.EventSpec:
    return rx.call_script("setTimeout(function(){var e=document.getElementById('error-summary');if(e)e.focus();},50)")


def primary_button(label_id: str, **attrs) -> rx.Component:
    return rx.el.button(t(label_id), type="submit", class_name="button", **attrs)
