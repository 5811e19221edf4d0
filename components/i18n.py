"""`t(message_id)`: a text that follows the language chosen in the browser, instantly."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.vars.base import VarData

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


ERROR_TABLE_JS = "PADUKO_ERROR_TEXTS"


class _ErrorTable(rx.Fragment):
    """Renders nothing. It defines the error table once per compiled module that uses `t_error`:
    a table literal (`rx.Var.create(dict)`) is copied into every place that uses it (8 copies,
    most of the sign-in page's script, before)."""

    def add_custom_code(self) -> list[str]:
        table = json.dumps(_dynamic_table(("error.", "limit.")), ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
        return [f"const {ERROR_TABLE_JS} = {table};"]


def t_error(message_id: rx.Var) -> rx.Var:
    """Translate a message id held in state (errors and limits only), in the language chosen in the browser."""
    table = rx.Var(_js_expr=ERROR_TABLE_JS, _var_data=VarData(components=(_ErrorTable.create(),))).to(
        dict[str, dict[str, str]])
    return table[UIState.active_lang][message_id].to(str)


def t_among(message_id: rx.Var, message_ids: tuple[str, ...]) -> rx.Var:
    """Translate a message id held in state that can only be one of a few `message_ids`: a small
    table in place, so a page that needs no other error (the frame's service notice) does not
    carry the whole error table."""
    table = {lang: {mid: translate(lang, mid) for mid in message_ids} for lang in LANGUAGES}
    return rx.Var.create(table)[UIState.active_lang][message_id].to(str)


__all__ = ["t", "t_among", "t_device", "t_error", "all_languages"]
