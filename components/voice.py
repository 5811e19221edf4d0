"""The "Dengarkan" button: reads the given parts of the page aloud (assets/voice.js does the work).

`targets` are element ids whose text the device's voice reads; `message_ids` name the pre-made
recordings used when the device has no Indonesian voice (dynamic parts are then left out).
"""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from paduko_app.domain.messages import m
from state.usage import UsageState


def listen_button(targets: str, message_ids: str | rx.Var) -> rx.Component:
    return rx.el.button(
        rx.el.span("🔊", aria_hidden="true", class_name="listen-icon"), " ", t(m("voice.listen")),
        type="button", class_name="listen", on_click=UsageState.listened,  # counted once a session, anonymously
        custom_attrs={"data-voice-targets": targets, "data-voice-ids": message_ids},
    )
