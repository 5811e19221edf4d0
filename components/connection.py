"""Replaces Reflex's English connection banner with one in the person's language."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from components.i18n import t_device
from paduko_app.domain.messages import m


def connection_overlay() -> rx.Component:
    return rx.cond(
        has_connection_errors,
        rx.el.div(rx.el.strong(t_device(m("connection.lost.title"))), " ", t_device(m("connection.lost.body")),
                  role="alert", class_name="connection-banner"),
    )
