"""/layanan/<service>/ajukan: the wizard's entry address.

A module of its own: Reflex bundles a page's components by the Python module that defines them,
so here the address loads only this small page, not every service page's module (issue 12)."""

from __future__ import annotations

import reflex as rx

from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m


def starting_page() -> rx.Component:
    """Its on_load starts the application and opens the wizard."""
    return page_frame(rx.el.p(t(m("wizard.loading"))))
