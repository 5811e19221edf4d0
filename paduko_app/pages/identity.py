"""/akun/verifikasi: a resident sends a KTP-el photo and a selfie holding it, so the office can
open to them what others (a caregiver, a kiosk, the counter) made for their NIK."""

from __future__ import annotations

import reflex as rx

from components.form import error_summary, primary_button
from components.frame import page_frame
from components.i18n import t
from components.upload import photo_upload
from paduko_app.domain.messages import m
from state.identity import IdentityState as S
from state.ui import UIState


def _form() -> rx.Component:
    return rx.el.form(
        error_summary(S.errors, ["ktp", "selfie", "form"]),
        photo_upload("ktp", m("verify.ktp.label"), S.errors, hint_id=m("verify.ktp.hint"), purpose="identity"),
        photo_upload("selfie", m("verify.selfie.label"), S.errors, hint_id=m("verify.selfie.hint"),
                     purpose="identity"),
        primary_button(m("verify.submit")),
        id="verify-form", on_submit=S.send, novalidate=True,
    )


def identity_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("verify.heading"))),
        rx.el.p(t(m("verify.intro")), class_name="lead"),
        rx.match(
            S.status,
            ("verified", rx.el.p(t(m("verify.status.verified")), class_name="note", role="status")),
            ("pending", rx.el.p(t(m("verify.status.pending")), class_name="note", role="status")),
            ("refused", rx.el.div(
                rx.el.p(t(m("verify.status.refused")), class_name="note", role="status"),
                rx.el.p(t(m("verify.refusal.label")), " ", S.reason[rx.Var.create("reason:") + UIState.active_lang]
                        .to(str)),
                _form(),
            )),
            ("none", rx.el.div(rx.el.p(t(m("verify.kiosk_alternative"))), _form())),
            rx.fragment(),
        ),
        rx.el.p(rx.el.a(t(m("verify.back")), href="/akun")),
        rx.script(src="/upload.js"),
    )
