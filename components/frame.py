"""The page frame: skip link, one slim bar (PADUKO and a settings button), main, help.

The first screen belongs to the page: at the largest text on a phone the bar stays one row, the
settings fold behind one button, and the long subtitle shows only on the home page.
"""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.i18n import PAGE_LANG, t, t_among
from components.kiosk_idle import idle_guard
from components.pwa import install_offer, update_banner
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.db import errors as db_errors
from paduko_app.domain.messages import m
from state.auth import AuthState
from state.office_info import OfficeInfoState as Office
from state.usage import UsageState
from state.ui import TEXT_SIZES, UIState

# Language names are autonyms: each is written in its own language in every catalogue.
LANGUAGE_NAMES = {"id": m("lang.name.id"), "min": m("lang.name.min"), "en": m("lang.name.en")}
TEXT_SIZE_LABELS = {
    "large": m("textsize.large"), "larger": m("textsize.larger"), "largest": m("textsize.largest"),
}


def _switch_button(label: rx.Var, pressed: rx.Var, on_click, extra_class: str = "", **attrs) -> rx.Component:
    return event_button(label, type="button", class_name=f"switch {extra_class}".strip(),
                        aria_pressed=pressed.to(str), on_click=on_click, **attrs)


def language_switch() -> rx.Component:
    return rx.el.div(
        rx.el.span(t(m("lang.switch.label")), id="lang-switch-label", class_name="switch-label"),
        *(_switch_button(t(LANGUAGE_NAMES[lang]), UIState.active_lang == lang,
                         UIState.set_lang(lang), lang=lang) for lang in LANGUAGES),
        role="group", aria_labelledby="lang-switch-label", class_name="switch-group",
    )


def text_size_switch() -> rx.Component:
    return rx.el.div(
        rx.el.span(t(m("textsize.label")), id="text-size-label", class_name="switch-label"),
        *(_switch_button(t(TEXT_SIZE_LABELS[size]), UIState.text_size == size,
                         UIState.set_text_size(size), extra_class=f"textsize-{size}")
          for size in TEXT_SIZES),
        role="group", aria_labelledby="text-size-label", class_name="switch-group",
    )


def contrast_switch() -> rx.Component:
    return rx.el.div(
        rx.el.span(t(m("contrast.label")), id="contrast-label", class_name="switch-label"),
        _switch_button(t(m("contrast.normal")), UIState.contrast != "high", UIState.set_contrast("normal")),
        _switch_button(t(m("contrast.high")), UIState.contrast == "high", UIState.set_contrast("high")),
        role="group", aria_labelledby="contrast-label", class_name="switch-group",
    )


def autoread_switch() -> rx.Component:
    return rx.el.div(
        rx.el.span(t(m("voice.autoread.label")), id="autoread-label", class_name="switch-label"),
        _switch_button(t(m("voice.autoread.on")), UIState.autoread == "1", UIState.set_autoread("1")),
        _switch_button(t(m("voice.autoread.off")), UIState.autoread != "1", UIState.set_autoread("0")),
        role="group", aria_labelledby="autoread-label", class_name="switch-group",
    )


def help_box() -> rx.Component:
    """"Butuh bantuan?" in the same place on every page (WCAG 3.2.6), with the contacts and hours
    the office keeps at /admin/kantor (the generic hours text until it keeps its own)."""
    contact = Office.contact
    return rx.el.aside(
        rx.el.h2(t(m("help.heading")), id="help-heading"),
        rx.el.p(t(m("help.phone")), " ", rx.el.a(contact["phone"], href=contact["phone_link"])),
        rx.el.p(t(m("help.whatsapp")), " ",
                rx.el.a(contact["whatsapp_display"], href="https://wa.me/" + contact["whatsapp"], rel="noopener")),
        rx.cond(Office.hours[PAGE_LANG], rx.el.p(t(m("help.hours_label")), " ", Office.hours[PAGE_LANG]),
                rx.el.p(t(m("help.hours")))),
        rx.cond(contact["address"], rx.el.p(t(m("help.address")), " ", contact["address"])),
        rx.el.p(t(m("help.kiosk"))),
        aria_labelledby="help-heading", class_name="help", on_mount=[Office.refresh, UsageState.seen],
    )


def settings_menu() -> rx.Component:
    """Language, text size, contrast and voice behind one button; each is remembered as before (UIState)."""
    return rx.el.details(
        # The first line names the language setting in all three languages, so anyone finds theirs.
        rx.el.summary(
            rx.el.span("\u2699", aria_hidden="true", class_name="settings-icon"),
            rx.el.span(rx.el.span(t(m("settings.summary")), class_name="settings-title"), " ",
                       rx.el.span(t(m("settings.more")), class_name="settings-more")),
        ),
        rx.el.div(language_switch(), text_size_switch(), contrast_switch(), autoread_switch(),
                 class_name="settings-body"),
        class_name="settings",
    )


def _header(home: bool) -> rx.Component:
    brand = rx.el.a(rx.el.span("PADUKO", class_name="brand-name"), href="/", class_name="brand")
    if home:
        brand = rx.el.div(brand, rx.el.span(t(m("app.subtitle")), class_name="brand-subtitle"),
                          class_name="brand-block")
    return rx.el.header(brand, settings_menu(), class_name="site-header" if home else "site-header site-header-slim")


def service_notice() -> rx.Component:
    """"Coba lagi sebentar" when the service could not answer for a moment; what was typed stays."""
    return rx.cond(
        AuthState.service_notice != "",
        rx.el.div(t_among(AuthState.service_notice, (db_errors.BUSY, db_errors.FULL)), id="service-notice", role="alert", tab_index=-1,
                  class_name="service-notice"),
    )


def page_frame(*children: rx.Component, wide: bool = False, home: bool = False) -> rx.Component:
    """Every page's frame; `wide` for office pages worked on a desk screen (tables side by side),
    `home` for the home page, the only one that introduces PADUKO with its subtitle."""
    return rx.el.div(
        rx.el.span(id="lang-sync", hidden=True, custom_attrs={"data-lang": PAGE_LANG}),
        rx.el.a(t(m("nav.skip")), href="#main", class_name="skip-link"),
        update_banner(),  # shown only when a new version is waiting (assets/pwa.js)
        _header(home),
        service_notice(),
        rx.el.main(*children, id="main", tab_index=-1, class_name="content"),
        help_box(),  # after the page's main action, in the same place on every page
        install_offer(),  # "Pasang aplikasi", only where the browser offers it (assets/pwa.js)
        rx.el.footer(rx.el.p(t(m("footer.office"))), class_name="site-footer"),
        rx.script(src="/voice.js"),
        rx.script(src="/focus.js"),  # focus after a press; error summary links focus their field
        idle_guard(),  # inert unless an operator is serving a resident at a kiosk
        class_name="page page-wide" if wide else "page",
    )
