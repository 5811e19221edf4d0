"""Buttons whose press is a server event.

The prerendered page shows before its scripts have run and before it is connected to the server.
A press in that time would do nothing at all (no handler is attached yet), and a submit button
would even let the browser send the form natively, putting what was typed into the address. So a
button that sends an event stays disabled, visibly, until the page is connected; a person on a
slow phone sees it become ready instead of pressing into nothing.

Buttons driven by the page's own scripts (voice, photo viewer, upload retry, app install, the
kiosk's idle guard) are plain `rx.el.button`s. tests/unit/test_architecture.py keeps the rule.
"""

from __future__ import annotations

import reflex as rx


def event_button(*children, **attrs) -> rx.Component:
    return rx.el.button(*children, disabled=~rx.State.is_hydrated, **attrs)
