"""Builds the Reflex app and registers its pages (paduko_app/routes.py lists them)."""

from __future__ import annotations

import reflex as rx

from paduko_app import routes, settings, sweeper
from paduko_app.api.routes import api
from components.connection import connection_overlay
from paduko_app.head import head_components

app = rx.App(
    stylesheets=["/paduko.css"],
    head_components=head_components(),
    html_lang="id",
    reset_style=False,
    api_transformer=api,
    toaster=None,  # Reflex's toasts speak English; PADUKO shows its own messages in the page
)
# Reflex's own "cannot connect" banner is English: ours says it in the person's language.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_overlay() if stateful else None
routes.register(app, demo_mode=settings.load().demo)
app.register_lifespan_task(sweeper.sweep_forever)  # ends idle kiosk sessions even with the tab closed
