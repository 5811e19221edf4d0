"""Reflex configuration, read from environment variables (see the README's table)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from paduko_app import settings
from paduko_app.error_texts import ErrorTextsPlugin
from paduko_app.pwa.plugin import PwaPlugin

_settings = settings.load()
_port = _settings.port

config = rx.Config(
    app_name="paduko_app",
    db_url=_settings.database_url,
    redis_url=_settings.redis_url,
    frontend_port=_port,
    backend_port=_port,  # production serves frontend and backend on one port
    api_url=_settings.public_url,
    deploy_url=_settings.public_url,
    cors_allowed_origins=[_settings.public_url],
    # Native HTML and our own stylesheet (no Radix/Tailwind: lighter and more accessible); the
    # PWA plugin writes the manifest and offline page and generates the service worker; the
    # error texts are files fetched when a form is used (paduko_app/error_texts.py).
    plugins=[PwaPlugin(), ErrorTextsPlugin()],
    disable_plugins=[SitemapPlugin],
    show_built_with_reflex=False,
    telemetry_enabled=False,
    frozen_lockfile=True,
    # Several workers: a browser's state lock in Redis. It is renewed every second while its event
    # runs and a dead worker's lock is released at once (socket_takeover), so the expiry only
    # bounds a worker whose loop stands still; under load that was seen for 6 s (docs/BENCHMARKS.md).
    redis_lock_expiration=30_000,
)
