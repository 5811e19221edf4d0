"""Anonymous usage counts (services/usage.py): each browser session counts once for the language,
text size, contrast and reading aloud it uses, and once for "Dengarkan". What was counted stays
in this session's backend-only state; nothing identifies the person or the device."""

from __future__ import annotations

import reflex as rx

from paduko_app.db.engine import unit_of_work
from paduko_app.services import usage
from state.auth import public
from state.ui import UIState


class UsageState(rx.State):
    _counted: list[str] = []  # backend only: items this session has been counted for

    def _count(self, items: list[str]) -> None:
        new = [i for i in items if i in usage.ITEMS and i not in self._counted]
        if new:
            with unit_of_work() as session:
                usage.count(session, new)
            self._counted = self._counted + new

    @rx.event
    @public
    def seen(self, ui: UIState):
        """Deliberately public: on every page, the session's current settings (a change counts too)."""
        self._count([f"lang:{ui.active_lang}", f"size:{ui.text_size}", f"contrast:{ui.contrast}",
                     *(["autoread"] if ui.autoread == "1" else [])])

    @rx.event
    @public
    def listened(self):
        """Deliberately public: "Dengarkan" was pressed (the device or a file reads aloud)."""
        self._count(["voice"])
