"""Builds the Reflex app and registers its pages (paduko_app/routes.py lists them)."""

from __future__ import annotations

import reflex as rx

from paduko_app import log_redaction, routes, settings, socket_takeover, sweeper
from paduko_app.api.headers import with_security_headers
from paduko_app.api.page_paths import without_slash_redirects
from paduko_app.api.routes import api
from components.connection import connection_overlay
from paduko_app.head import head_components
from paduko_app.notify import worker
from paduko_app.services import retention

# Before anything is served: no NIK, phone number, code or PIN in any log line from here on.
log_redaction.install()

app = rx.App(
    stylesheets=["/paduko.css"],
    head_components=head_components(),
    html_lang="id",
    reset_style=False,
    # Our routes beside Reflex's, then typed page addresses served without a redirect, then
    # security headers around everything (pages included).
    api_transformer=[api, without_slash_redirects, with_security_headers],
    toaster=None,  # Reflex's toasts speak English; PADUKO shows its own messages in the page
)
# Reflex's own "cannot connect" banner is English: ours says it in the person's language.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_overlay() if stateful else None
routes.register(app, demo_mode=settings.load().demo)
# Messages are sent by a thread beside the event loop (or, under scripts/serve, by a separate
# process); handlers only queue them.
app.register_lifespan_task(worker.lifespan)
# With several workers: a browser whose worker died keeps its session on another worker.
app.register_lifespan_task(socket_takeover.lifespan)
# Abandoned and replaced photos are deleted after a day, in a thread beside the event loop.
app.register_lifespan_task(retention.purge_while_serving)
app.register_lifespan_task(sweeper.sweep_forever)  # ends idle kiosk sessions even with the tab closed
