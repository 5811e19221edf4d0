"""Accessible form primitives (after GOV.UK Frontend): label, hint, error, error summary.

Ids are derived from the field name: name, name-hint, name-error; hint and error ids go in
aria-describedby. Errors arrive as message ids in state and are translated in the browser,
so switching language also switches the error text.
"""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.focus import focus_after_press
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
            _listen_errors(errors),
            rx.el.ul(*(
                rx.cond(errors.contains(name),
                        rx.el.li(rx.el.a(t_error(errors[name].to(str)), href=f"#{name}")))
                for name in order
            ), id="error-summary-list"),
            id="error-summary", role="alert", tab_index=-1, aria_labelledby="error-summary-title",
            class_name="error-summary",
        ),
    )


def _listen_errors(errors: rx.Var) -> rx.Component:
    from components.voice import listen_button

    return listen_button("error-summary-title error-summary-list", errors.values().join(" "))


def focus_error_summary() -> rx.event.EventSpec:
    return focus_after_press("#error-summary", delay_ms=50)


def primary_button(label_id: str, secondary: bool = False, **attrs) -> rx.Component:
    """A form's submit button; it waits for the connection to the server (components/buttons.py)."""
    return event_button(t(label_id), type="submit", class_name="button-secondary" if secondary else "button", **attrs)


def _field_error(name: str, errors: rx.Var) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.el.p(rx.el.span(t(m("form.error_prefix")), " ", class_name="visually-hidden"),
                t_error(errors[name].to(str)), id=f"{name}-error", class_name="field-error"),
    )


def choice_cards(name: str, legend_id: str, options: list[tuple[str, str]], errors: rx.Var, *,
                 hint_id: str | None = None, legend_is_heading: bool = False) -> rx.Component:
    """Radios as large cards in a fieldset; never a dropdown for a short list.

    The fieldset carries id=name so the error summary's link lands on the group. No radio may
    have id=name: Reflex reads any form control with an id through a ref, and an unchecked
    radio's ref would report its value as if it had been chosen.
    """
    legend_text = t(legend_id)
    legend = rx.el.legend(rx.el.h1(legend_text) if legend_is_heading else legend_text, class_name="field-label")
    return rx.el.fieldset(
        legend,
        rx.el.p(t(hint_id), id=f"{name}-hint", class_name="hint") if hint_id else rx.fragment(),
        _field_error(name, errors),
        rx.el.div(*(
            rx.el.div(
                rx.el.input(type="radio", name=name, value=value, id=f"{name}-{value}", class_name="choice-input"),
                rx.el.label(t(label_id), html_for=f"{name}-{value}", class_name="choice-label"),
                class_name="choice",
            )
            for value, label_id in options
        ), class_name="choices"),
        id=name, tab_index=-1,
        aria_describedby=rx.cond(errors.contains(name), f"{name}-error", f"{name}-hint" if hint_id else ""),
        class_name=rx.cond(errors.contains(name), "field field-has-error", "field"),
    )


def checkbox(name: str, label_id: str, errors: rx.Var) -> rx.Component:
    return rx.el.div(
        _field_error(name, errors),
        rx.el.div(
            rx.el.input(type="checkbox", name=name, id=name, class_name="choice-input",
                        aria_describedby=rx.cond(errors.contains(name), f"{name}-error", "")),
            rx.el.label(t(label_id), html_for=name, class_name="choice-label"),
            class_name="choice",
        ),
        class_name=rx.cond(errors.contains(name), "field field-has-error", "field"),
    )
