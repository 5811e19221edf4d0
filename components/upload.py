"""Photo or scan upload: camera or file, progress bar, preview, plain-language warnings, and
"Coba lagi" after a send the network cut off.

The file goes straight to PADUKO's own upload route (assets/upload.js), which limits the size
while receiving and runs the media pipeline; the form then carries only the upload's key.
"""

from __future__ import annotations

import reflex as rx

from components.form import _field_error
from components.i18n import t
from paduko_app.domain.messages import m

ACCEPT = "image/jpeg,image/png,image/heic,image/heif,image/webp,application/pdf,.heic,.heif"


def photo_upload(name: str, label_id: str, errors: rx.Var, *, hint_id: str | None = None,
                 purpose: str = "document", accept: str = ACCEPT, camera: bool = True,
                 tips_below: bool = False, note: rx.Component | None = None) -> rx.Component:
    """`tips_below` puts the `note`, label and hint after the buttons, for pages whose heading
    already says which photo to take (the wizard): the buttons then stay on the first screen."""
    tips = [note if note is not None else rx.fragment(),
            # Below the buttons the heading has already said which photo: the label is for screen readers.
            rx.el.p(t(label_id), id=f"{name}-label", class_name="visually-hidden" if tips_below else "field-label"),
            rx.el.p(t(hint_id), id=f"{name}-hint", class_name="hint") if hint_id else rx.fragment()]
    data = {"data-upload-target": name, "data-upload-purpose": purpose}
    # Once on the buttons' row, not on each input: every text here is compiled in three languages.
    messages = {
        "data-msg-uploading": t(m("upload.uploading")), "data-msg-done": t(m("upload.done")),
        "data-msg-failed": t(m("upload.failed")), "data-msg-interrupted": t(m("upload.interrupted")),
    }
    return rx.el.div(
        *([] if tips_below else tips),
        _field_error(name, errors),
        rx.el.input(type="hidden", name=name, id=name),
        rx.el.div(
            # Input before its label, so CSS can show the label focused when the input is.
            *((rx.el.input(type="file", id=f"{name}-camera", accept="image/*", capture="environment",
                           class_name="visually-hidden file-input", aria_describedby=f"{name}-label",
                           custom_attrs=data),
               rx.el.label(t(m("upload.take_photo")), html_for=f"{name}-camera", class_name="button-secondary"))
              if camera else ()),
            rx.el.input(type="file", id=f"{name}-file", accept=accept, class_name="visually-hidden file-input",
                        aria_describedby=f"{name}-label", custom_attrs=data),
            rx.el.label(t(m("upload.choose_file")), html_for=f"{name}-file", class_name="button-secondary"),
            class_name="button-row", custom_attrs=messages,
        ),
        *(tips if tips_below else []),
        rx.el.progress(id=f"{name}-progress", max="100", value="0", hidden=True, class_name="upload-progress",
                       aria_label=t(m("upload.uploading"))),
        rx.el.img(id=f"{name}-preview", alt=t(m("upload.preview_alt")), hidden=True, class_name="upload-preview"),
        rx.el.p(id=f"{name}-status", role="status", class_name="upload-status"),
        # Shown by upload.js when a send was cut off: sends the same file again, nothing re-chosen.
        rx.el.button(t(m("upload.retry")), type="button", id=f"{name}-retry", hidden=True,
                     class_name="button-secondary upload-retry", custom_attrs={"data-upload-retry": name}),
        class_name=rx.cond(errors.contains(name), "field field-has-error", "field"),
    )
