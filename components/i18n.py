"""`t(message_id)`: a text that follows the language chosen in the browser, instantly."""

from __future__ import annotations

from typing import Any

import reflex as rx

from paduko_app.i18n import all_languages, translate
from paduko_app.domain.formatting import LANGUAGES
from state.ui import UIState


def t(message_id: str, **params: Any) -> rx.Var:
    texts = {lang: translate(lang, message_id, **params) for lang in LANGUAGES}
    return rx.Var.create(texts)[UIState.active_lang].to(str)


__all__ = ["t", "all_languages"]
