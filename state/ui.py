"""Interface preferences kept on the device: language and text size."""

from __future__ import annotations

import reflex as rx

from paduko_app.domain.formatting import DEFAULT_LANGUAGE, LANGUAGES

TEXT_SIZES = ("large", "larger", "largest")
DEFAULT_TEXT_SIZE = "large"


class UIState(rx.State):
    """No personal data here: these values are meant for the browser."""

    lang: str = rx.LocalStorage(DEFAULT_LANGUAGE, name="paduko_lang", sync=True)
    text_size: str = rx.LocalStorage(DEFAULT_TEXT_SIZE, name="paduko_text_size", sync=True)
    autoread: str = rx.LocalStorage("0", name="paduko_autoread", sync=True)  # read each new page aloud
    contrast: str = rx.LocalStorage("normal", name="paduko_contrast", sync=True)  # normal or high

    @rx.var
    def active_lang(self) -> str:
        """The language in use; anything tampered with in storage falls back to Indonesian."""
        return self.lang if self.lang in LANGUAGES else DEFAULT_LANGUAGE

    @rx.event
    def set_lang(self, lang: str):
        if lang not in LANGUAGES:
            return
        self.lang = lang
        return rx.call_script(f"document.documentElement.lang = {lang!r}")

    @rx.event
    def set_text_size(self, size: str):
        if size not in TEXT_SIZES:
            return
        self.text_size = size
        return rx.call_script(f"document.documentElement.dataset.textSize = {size!r}")

    @rx.event
    def set_autoread(self, value: str):
        if value in ("0", "1"):
            self.autoread = value

    @rx.event
    def set_contrast(self, value: str):
        if value not in ("normal", "high"):
            return
        self.contrast = value
        return rx.call_script(f"document.documentElement.dataset.contrast = {value!r}")
