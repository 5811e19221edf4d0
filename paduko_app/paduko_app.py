"""Builds the Reflex app and registers its pages."""

from __future__ import annotations

import reflex as rx

from paduko_app.domain import catalogue
from paduko_app.pages.home import home, service_path
from paduko_app.pages.service_info import service_info
from paduko_app.head import head_components

TITLE = "PADUKO · Disdukcapil Kota Padang Panjang"

app = rx.App(
    stylesheets=["/paduko.css"],
    head_components=head_components(),
    html_lang="id",
    reset_style=False,
)
app.add_page(home, route="/", title=TITLE)
for _svc in catalogue.SERVICES:
    app.add_page(service_info(_svc), route=service_path(_svc), title=TITLE)
