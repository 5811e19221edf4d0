"""Sign-up, sign-in, the privacy notice, the resident's account page, staff sign-in and home."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import error_summary, primary_button, text_field
from components.frame import page_frame
from components.i18n import t
from paduko_app.domain.messages import m
from state.account import DemoOutboxState, ResidentHomeState, StaffHomeState, StaffSignInState
from state.auth import AuthState
from state.sign_in import ResidentSignInState as S


def _identify_form(sign_up: bool) -> rx.Component:
    fields = ["name", "nik", "phone"] if sign_up else ["nik", "phone"]
    return rx.el.form(
        error_summary(S.errors, fields),
        text_field("name", m("signup.name.label"), S.errors, hint_id=m("signup.name.hint"),
                   auto_complete="name", type="text", max_length=120) if sign_up else rx.fragment(),
        text_field("nik", m("signin.nik.label"), S.errors, hint_id=m("signin.nik.hint"),
                   input_mode="numeric", auto_complete="off", type="text", max_length=40),
        text_field("phone", m("signin.phone.label"), S.errors, hint_id=m("signin.phone.hint"),
                   input_mode="tel", auto_complete="tel", type="tel", max_length=24),
        primary_button(m("signin.send_code")),
        on_submit=S.send_code, novalidate=True,
    )


def _code_form() -> rx.Component:
    return rx.el.div(
        rx.el.form(
            error_summary(S.errors, ["code"]),
            rx.el.p(t(m("signin.code.sent_to")), " ", rx.el.strong(S.masked_phone), class_name="lead"),
            # The same page whether or not the NIK is registered: say when no code will come.
            rx.el.p(t(m("security.signin.no_code")), class_name="hint"),
            text_field("code", m("signin.code.label"), S.errors, hint_id=m("signin.code.hint"),
                       input_mode="numeric", auto_complete="one-time-code", type="text", max_length=12),
            primary_button(m("signin.code.submit")),
            on_submit=S.verify, novalidate=True,
        ),
        rx.el.p(
            event_button(t(m("signin.code.resend")), type="button", class_name="button-secondary",
                         on_click=S.resend),
            " ",
            event_button(t(m("signin.code.change")), type="button", class_name="button-secondary",
                         on_click=S.change_details),
            class_name="button-row",
        ),
    )


def _sign_in_page(sign_up: bool) -> rx.Component:
    other = (rx.el.p(t(m("signup.have_account")), " ", rx.el.a(t(m("signin.heading")), href="/masuk"))
             if sign_up else
             rx.el.p(t(m("signin.no_account")), " ", rx.el.a(t(m("signup.heading")), href="/daftar")))
    return page_frame(
        rx.el.h1(t(m("signup.heading")) if sign_up else t(m("signin.heading"))),
        rx.cond(
            S.step == "code",
            _code_form(),
            rx.el.div(rx.el.p(t(m("signin.intro")), class_name="lead"), _identify_form(sign_up), other,
                      rx.el.p(rx.el.a(t(m("privacy.link")), href="/privasi"))),
        ),
    )


def sign_in() -> rx.Component:
    return _sign_in_page(sign_up=False)


def sign_up() -> rx.Component:
    return _sign_in_page(sign_up=True)


PRIVACY_PARAGRAPHS = [m("privacy.what"), m("privacy.why"), m("privacy.how_long"), m("privacy.rights"),
                      m("privacy.contact")]


def _privacy_body() -> list[rx.Component]:
    from components.voice import listen_button

    ids = [f"privacy-{i}" for i in range(len(PRIVACY_PARAGRAPHS))]
    return [listen_button(" ".join(ids), " ".join(PRIVACY_PARAGRAPHS))] + [
        rx.el.p(t(paragraph), id=element_id) for paragraph, element_id in zip(PRIVACY_PARAGRAPHS, ids)]


def privacy() -> rx.Component:
    return page_frame(rx.el.h1(t(m("privacy.heading"))), *_privacy_body())


def welcome() -> rx.Component:
    """First use: what we keep and why, before anything else (UU 27/2022)."""
    return page_frame(
        rx.el.h1(t(m("welcome.heading"))),
        rx.el.h2(t(m("privacy.heading"))),
        *_privacy_body(),
        # Back to the service whose "Ajukan" started the sign-up, else the account page.
        rx.el.a(t(m("welcome.continue")), class_name="button",
                href=rx.cond(S.next_path != "", S.next_path, "/akun")),
    )


def _sign_out_buttons() -> rx.Component:
    return rx.el.div(
        event_button(t(m("account.sign_out")), type="button", class_name="button-secondary",
                     on_click=AuthState.sign_out),
        event_button(t(m("account.sign_out_everywhere")), type="button", class_name="button-secondary",
                     on_click=AuthState.sign_out_everywhere),
        class_name="button-row",
    )


def _offers() -> rx.Component:
    """KTP-el recording: the offered times, to confirm one or ask for another."""
    H = ResidentHomeState

    def offer(o: rx.Var) -> rx.Component:
        from paduko_app.pages.wizard import _of

        return rx.el.form(
            rx.el.input(type="hidden", name="application_id", value=o["id"]),
            rx.el.fieldset(
                rx.el.legend(rx.el.h3(t(m("appointment.heading")), " ", _of(o, "service"), " ",
                                   rx.el.span(o["number"], class_name="app-number"))),
                rx.cond(o["home"] != "", rx.el.p(t(m("appointment.home")), " ", rx.el.strong(o["address"])),
                        rx.el.p(t(m("appointment.office")))),
                rx.el.div(rx.foreach(H.offer_slots, lambda s: rx.cond(s["application_id"] == o["id"], rx.el.div(
                    rx.el.input(type="radio", name="slot", value=s["value"], id="slot-" + s["key"],
                                class_name="choice-input"),
                    rx.el.label(_of(s, "label"), html_for="slot-" + s["key"], class_name="choice-label"),
                    class_name="choice"))), class_name="choices"),
                id="slot", tab_index=-1,
            ),
            event_button(t(m("appointment.confirm")), type="submit", class_name="button"),
            on_submit=H.answer_offer, novalidate=True,
        )

    def other(o: rx.Var) -> rx.Component:
        return rx.el.form(
            rx.el.input(type="hidden", name="application_id", value=o["id"]),
            rx.el.input(type="hidden", name="choice", value="other"),
            event_button(t(m("appointment.other")), rx.el.span(" ", o["number"], class_name="visually-hidden"),
                         type="submit", class_name="button-secondary"),
            on_submit=H.answer_offer, novalidate=True,
        )

    return rx.fragment(
        error_summary(H.errors, ["slot"]),
        rx.el.div(rx.cond(H.answered, rx.el.p(t(m("appointment.answered")), class_name="note")), role="status"),
        rx.foreach(H.offers, lambda o: rx.el.section(offer(o), other(o), class_name="decision")),
    )


def _links() -> rx.Component:
    return rx.el.ul(
        rx.el.li(rx.el.a(t(m("account.choose_service")), href="/")),
        rx.el.li(rx.el.a(t(m("account.my_applications")), href="/status")),
        rx.el.li(rx.el.a(t(m("care.heading")), href="/orang-yang-saya-bantu")),
        rx.el.li(rx.el.a(t(m("verify.heading")), href="/akun/verifikasi")),
        class_name="doc-list",
    )


def resident_home() -> rx.Component:
    from paduko_app.pages.wizard import _of
    from state.wizard import WizardState

    H = ResidentHomeState
    return page_frame(
        # The name arrives with the lists: its own line, kept while empty, so the heading never grows.
        rx.el.h1(t(m("account.heading")), " ", rx.el.span(H.name, class_name="account-name")),
        rx.el.p(t(m("account.intro")), class_name="lead"),
        # The links are in the prerendered page (they work before the JavaScript does) and stand
        # above the lists, which arrive after the first paint in a block that keeps a screen's
        # height: nothing on screen moves when they arrive (issue 12: CLS 0.34 before).
        _links(),
        rx.el.div(rx.cond(
            H.loaded,
            rx.fragment(
                _offers(),
                rx.cond(H.documents.length() > 0, rx.el.section(
                    rx.el.h2(t(m("account.documents"))),
                    rx.el.ul(rx.foreach(H.documents, lambda d: rx.el.li(rx.el.a(
                        t(m("status.download")), ": ", _of(d, "service"), " ", rx.el.span("(", d["number"], ")", class_name="app-number"), href=d["href"],
                        class_name="button"))), class_name="doc-list"),
                )),
                rx.cond(H.surveys.length() > 0, rx.el.section(
                    rx.el.h2(t(m("ikm.offer.heading"))),
                    rx.el.p(t(m("ikm.offer.text"))),
                    rx.el.ul(rx.foreach(H.surveys, lambda o: rx.el.li(rx.el.a(
                        t(m("ikm.offer.link")), " ", _of(o, "service"), " ", rx.el.span("(", o["number"], ")", class_name="app-number"),
                        href=o["href"], class_name="button"))), class_name="doc-list"),
                )),
                rx.cond(H.drafts.length() > 0, rx.el.section(
                    rx.el.h2(t(m("account.drafts"))),
                    rx.el.ul(rx.foreach(H.drafts, lambda d: rx.el.li(
                        rx.cond(d["revising"] != "", rx.el.p(t(m("account.revision_asked")), " ", _of(d, "service"))),
                        event_button(rx.cond(d["revising"] != "", t(m("account.fix")), t(m("account.resume"))), " ",
                                     _of(d, "service"), type="button",
                                     class_name=rx.cond(d["revising"] != "", "button", "button-secondary"),
                                     on_click=WizardState.resume(d["id"])),
                        rx.el.p(t(m("wizard.for")), " ", rx.el.strong(d["for"])))), class_name="doc-list"),
                )),
                rx.cond(H.notices.length() > 0, rx.el.section(
                    rx.el.h2(t(m("account.notices"))),
                    rx.el.ul(rx.foreach(H.notices, lambda n: rx.el.li(rx.el.small(n["at"]), rx.el.br(), n["text"])),
                             class_name="notice-list"),
                )),
                _sign_out_buttons(),
            ),
            rx.el.p(t(m("account.loading"))),
        ), class_name="late-list"),
    )


def staff_sign_in() -> rx.Component:
    fields = ["username", "password", "totp"]
    return page_frame(
        rx.el.h1(t(m("staff.signin.heading"))),
        rx.el.form(
            error_summary(StaffSignInState.errors, fields),
            text_field("username", m("staff.username.label"), StaffSignInState.errors,
                       auto_complete="username", type="text", max_length=64),
            text_field("password", m("staff.password.label"), StaffSignInState.errors,
                       auto_complete="current-password", type="password", max_length=200),
            text_field("totp", m("staff.totp.label"), StaffSignInState.errors, hint_id=m("staff.totp.hint"),
                       auto_complete="one-time-code", input_mode="numeric", type="text", max_length=12),
            primary_button(m("staff.signin.submit")),
            on_submit=StaffSignInState.sign_in, novalidate=True,
        ),
    )


def staff_home() -> rx.Component:
    links = [("operator", "/kiosk", m("kiosk.heading")), ("verifikator", "/petugas/antrian", m("office.queue.heading")),
             ("verifikator", "/petugas/kuasa", m("care_review.heading")),
             ("verifikator", "/petugas/verifikasi", m("office.verify.heading")),
             ("admin", "/admin/petugas", m("staff_admin.heading")), ("admin", "/admin/alasan", m("office.reasons.heading")),
             ("admin", "/admin/kantor", m("office.kantor.heading")),
             ("admin", "/admin/antrian", m("office.held.heading")),
             ("admin", "/admin/pengiriman", m("office.deliveries.heading")), ("admin", "/admin/suara", m("recording.heading")),
             ("admin", "/petugas/pemantauan", m("monitor.heading")), ("kepala", "/petugas/pemantauan", m("monitor.heading"))]
    role_names = {"operator": t(m("staff.role.operator")), "verifikator": t(m("staff.role.verifikator")),
                  "admin": t(m("staff.role.admin")), "kepala": t(m("staff.role.kepala"))}
    return page_frame(
        rx.el.h1(t(m("staff.home.heading")), " ", StaffHomeState.name),
        rx.el.p(t(m("staff.home.role")), " ", rx.el.strong(rx.match(StaffHomeState.role, *role_names.items(), ""))),
        rx.el.ul(*(rx.cond(StaffHomeState.role == role, rx.el.li(rx.el.a(t(label), href=path)))
                   for role, path, label in links), class_name="doc-list"),
        rx.el.h2(t(m("totp.heading"))),
        rx.cond(
            StaffHomeState.totp_enabled,
            rx.el.p(t(m("totp.enabled"))),
            rx.cond(
                StaffHomeState.totp_secret == "",
                event_button(t(m("totp.start")), type="button", class_name="button-secondary",
                             on_click=StaffHomeState.start_totp),
                rx.el.form(
                    error_summary(StaffHomeState.errors, ["totp_code"]),
                    rx.el.p(t(m("totp.scan"))),
                    rx.el.img(src=StaffHomeState.totp_qr, alt=t(m("totp.qr_alt")), class_name="upload-preview"),
                    rx.el.p(t(m("totp.or_type")), " ", rx.el.span(StaffHomeState.totp_secret, class_name="secret")),
                    text_field("totp_code", m("staff.totp.label"), StaffHomeState.errors, input_mode="numeric",
                               auto_complete="one-time-code", type="text", max_length=12),
                    primary_button(m("totp.confirm")),
                    on_submit=StaffHomeState.confirm_totp, novalidate=True,
                ),
            ),
        ),
        _sign_out_buttons(),
    )


def demo_outbox() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("demo.outbox.heading"))),
        rx.el.p(t(m("demo.outbox.intro")), class_name="note"),
        rx.el.ul(
            rx.foreach(DemoOutboxState.messages, lambda msg: rx.el.li(
                rx.el.strong(msg["at"], " · ", msg["to"]), rx.el.br(), msg["text"])),
            class_name="doc-list",
        ),
        event_button(t(m("demo.outbox.refresh")), type="button", class_name="button-secondary",
                     on_click=DemoOutboxState.load),
    )
