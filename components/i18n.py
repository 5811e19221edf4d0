"""`t(message_id)`: a text that follows the language chosen in the browser, instantly."""

from __future__ import annotations

from typing import Any

import reflex as rx

from paduko_app.i18n import all_languages, translate
from paduko_app.domain.formatting import LANGUAGES
from state.ui import UIState


def t(message_id: str, **params: Any) -> rx.Var:
    texts = {lang: translate(lang, message_id, **params) for lang in LANGUAGES}
    return rx.Var.create(texts)[PAGE_LANG].to(str)


# The language saved on the device, read in the browser itself: for what must show before (or
# without) a connection to the server, such as the "connection lost" banner.
DEVICE_LANG = rx.Var(
    _js_expr="(((typeof localStorage !== 'undefined') && localStorage.getItem('paduko_lang')) || 'id')"
).to(str)


# Before the state arrives from the server, the device's saved language; after, the state's.
PAGE_LANG = rx.cond(rx.State.is_hydrated, UIState.active_lang, DEVICE_LANG).to(str)


def t_device(message_id: str) -> rx.Var:
    texts = {lang: translate(lang, message_id) for lang in LANGUAGES}
    return rx.Var.create(texts)[DEVICE_LANG].to(str)


def _dynamic_table(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    from paduko_app.i18n import catalogs

    return {lang: {mid: text for mid, text in table.items() if mid.startswith(prefixes)}
            for lang, table in catalogs().items()}


def t_error(message_id: rx.Var) -> rx.Var:
    """Translate a message id held in state (errors and limits only), in the language chosen in the browser."""
    table = rx.Var.create(_dynamic_table(("error.", "limit.")))
    return table[UIState.active_lang][message_id].to(str)


__all__ = ["t", "t_device", "t_error", "all_languages"]
