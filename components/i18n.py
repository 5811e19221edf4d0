"""`t(message_id)`: a text that follows the language chosen in the browser, instantly."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.utils.imports import ImportVar
from reflex.vars.base import VarData
from reflex.vars.function import FunctionStringVar

from paduko_app import error_texts
from paduko_app.i18n import all_languages, translate
from paduko_app.domain.formatting import LANGUAGES
from state.ui import UIState


def t(message_id: str, **params: Any) -> rx.Var:
    texts = {lang: translate(lang, message_id, **params) for lang in LANGUAGES}
    return rx.Var.create(texts)[PAGE_LANG].to(str)


# The language saved on the device, read in the browser itself: for what must show before (or
# without) a connection to the server, such as the "connection lost" banner. A React external
# store whose server snapshot is Indonesian, the language of the prerendered pages: hydration
# finds the HTML as React would draw it and keeps it, then React redraws the texts in the saved
# language in place. (Read directly, the saved Minang did not match the HTML: React threw the
# prerendered page away and drew it anew, and what a Minang reader had typed into it was gone.)
_DEVICE_LANG_HOOK = (
    "const paduko_device_lang = useSyncExternalStore(() => () => {}, () => { try { "
    "return localStorage.getItem('paduko_lang') || 'id'; } catch (e) { return 'id'; } }, () => 'id');"
)
DEVICE_LANG = rx.Var(
    _js_expr="paduko_device_lang",
    _var_data=VarData(hooks=[_DEVICE_LANG_HOOK], imports={"react": [ImportVar(tag="useSyncExternalStore")]}),
).to(str)


# Before the state arrives from the server, the device's saved language; after, the state's.
PAGE_LANG = rx.cond(rx.State.is_hydrated, UIState.active_lang, DEVICE_LANG).to(str)


def t_device(message_id: str) -> rx.Var:
    texts = {lang: translate(lang, message_id) for lang in LANGUAGES}
    return rx.Var.create(texts)[DEVICE_LANG].to(str)


class _ErrorTexts(rx.Fragment):
    """Renders nothing: it puts the error texts' loader (paduko_app/error_texts.py) once into each
    compiled module that shows errors. A table literal would be copied into every use instead
    (30 copies in the sign-in module, before), and even one copy per module weighs 8.4 KB gzip."""

    def add_custom_code(self) -> list[str]:
        return [error_texts.browser_code()]


def t_error(message_id: rx.Var) -> rx.Var:
    """Translate a message id held in state (errors and limits only), in the language chosen in the browser."""
    loader = VarData(components=(_ErrorTexts.create(),), hooks=[error_texts.HOOK],
                     imports={"react": [ImportVar(tag="useSyncExternalStore")]})
    text = FunctionStringVar.create(f"{error_texts.JS_NAME}.text", _var_data=loader)
    return text.call(UIState.active_lang, message_id).to(str)


def t_among(message_id: rx.Var, message_ids: tuple[str, ...]) -> rx.Var:
    """Translate a message id held in state that can only be one of a few `message_ids`: a small
    table in place, so a page that needs no other error (the frame's service notice) does not
    carry the whole error table."""
    table = {lang: {mid: translate(lang, mid) for mid in message_ids} for lang in LANGUAGES}
    return rx.Var.create(table)[UIState.active_lang][message_id].to(str)


__all__ = ["t", "t_among", "t_device", "t_error", "all_languages"]
