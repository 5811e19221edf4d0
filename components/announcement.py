"""The office's short announcement on the home page (kept at /admin/kantor), in the page's
language, with "Dengarkan": the device's own voice reads it, or, without one, the audio rendered
when the admin saved it (`voice.announcement`, served like a human recording). Shows nothing
while the office keeps no announcement."""

from __future__ import annotations

import reflex as rx

from components.i18n import PAGE_LANG, t
from components.voice import listen_button
from paduko_app.domain.messages import m
from paduko_app.services.office_settings import ANNOUNCEMENT_PROMPT
from state.office_info import OfficeInfoState as Office


def announcement() -> rx.Component:
    text = Office.announcement[PAGE_LANG]
    return rx.cond(
        text,
        rx.el.section(
            rx.el.h2(t(m("home.announcement.heading")), id="announcement-heading"),
            rx.el.p(text, id="announcement-text"),
            listen_button("announcement-heading announcement-text", f"home.announcement.heading {ANNOUNCEMENT_PROMPT}"),
            aria_labelledby="announcement-heading", class_name="announcement", role="region",
        ),
    )
