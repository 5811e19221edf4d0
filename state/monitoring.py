"""/petugas/pemantauan: the head of office's numbers for a chosen period.

The dashboard is built once per load or period change and kept as finished HTML in each
language (counts only; nothing personal reaches the browser), so switching language is instant.
"""

from __future__ import annotations

import reflex as rx

from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.services import monitoring
from state.auth import guarded


class MonitorState(rx.State):
    html: dict[str, str] = {}
    months: str = "1"  # 1, 3, 12, or "custom"
    first: str = ""  # YYYY-MM, for a custom period
    last: str = ""

    def _build(self, query: dict) -> None:
        from components.monitoring_html import render

        with unit_of_work() as session:
            board = monitoring.build(session, monitoring.parse_period(query))
        self.html = {lang: render(board, lang, query) for lang in LANGUAGES}

    @rx.event
    @guarded(authz.MONITOR)
    def load(self):
        self.months, self.first, self.last = "1", "", ""
        self._build({"bulan": "1"})

    @rx.event
    @guarded(authz.MONITOR)
    def choose(self, form: dict):
        months = str(form.get("bulan", "1"))
        first, last = str(form.get("dari", ""))[:7], str(form.get("sampai", ""))[:7]
        if months == "custom" and first and last:
            self.months, self.first, self.last = "custom", first, last
            self._build({"dari": first, "sampai": last})
        else:
            self.months = months if months in monitoring.PERIOD_CHOICES else "1"
            self._build({"bulan": self.months})
