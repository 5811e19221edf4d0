"""/petugas/verifikasi: the verifikator compares a KTP-el photo with a selfie holding it.

Each photo is fetched from /api/verifikasi/<id>/<ktp|selfie>, which logs every view."""

from __future__ import annotations

import reflex as rx

from components.form import error_summary, primary_button
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m
from paduko_app.services.verification import REFUSAL_REASONS
from state.identity_review import IdentityReviewState as R


def _card(r: rx.Var) -> rx.Component:
    name = r["name"].to(str)
    return rx.el.li(
        rx.el.h2(name),
        rx.el.p(t(m("office.verify.nik")), " ", r["nik"]),
        rx.cond(r["registered"] != "", rx.el.p(
            t(m("office.verify.name_mismatch")), " ", rx.el.strong(r["registered"]), class_name="note")),
        rx.el.div(
            rx.el.img(src="/api/verifikasi/" + r["id"] + "/ktp", alt=t(m("office.verify.ktp_alt")) + ": " + name,
                      class_name="upload-preview", loading="lazy"),
            rx.el.img(src="/api/verifikasi/" + r["id"] + "/selfie",
                      alt=t(m("office.verify.selfie_alt")) + ": " + name, class_name="upload-preview", loading="lazy"),
            class_name="button-row",
        ),
        # Two small forms: a browser's form data never says which submit button was pressed.
        rx.el.form(
            rx.el.input(type="hidden", name="request_id", value=r["id"]),
            rx.el.input(type="hidden", name="decision", value="approve"),
            primary_button(m("office.verify.approve"), aria_label=t(m("office.verify.approve")) + ": " + name),
            on_submit=R.decide, novalidate=True,
        ),
        rx.el.form(
            rx.el.input(type="hidden", name="request_id", value=r["id"]),
            rx.el.input(type="hidden", name="decision", value="refuse"),
            rx.el.label(t(m("office.verify.reason.label")), html_for="reason-" + r["id"], class_name="field-label"),
            # Staff screens may use a select; each reason reaches the resident in their language.
            rx.el.select(rx.el.option("—", value=""),
                         *(rx.el.option(t(label), value=code) for code, label in REFUSAL_REASONS.items()),
                         id="reason-" + r["id"], name="reason", class_name="input"),
            primary_button(m("office.verify.refuse"), secondary=True,
                           aria_label=t(m("office.verify.refuse")) + ": " + name),
            on_submit=R.decide, novalidate=True,
        ),
        class_name="service-card",
    )


def identity_review() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.verify.heading"))),
        rx.el.p(t(m("office.verify.intro")), class_name="lead"),
        error_summary(R.errors, ["reason", "form"]),
        rx.cond(R.requests.length() == 0, rx.el.p(t(m("office.verify.none")))),
        rx.el.ul(rx.foreach(R.requests, _card), class_name="service-list"),
    )
