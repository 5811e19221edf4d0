"""Admin pages the office keeps itself: reasons, held applications, failed deliveries, and the
office's contacts, announcement and target times (/admin/kantor)."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import error_summary, text_field
from components.frame import page_frame
from components.i18n import t, t_error
from components.office import of, scrolling_table
from paduko_app.domain import catalogue, pickup
from paduko_app.domain.messages import m
from state.office_settings import DeliveriesAdminState as D, HeldAdminState as H, OfficeAdminState as O
from state.office_settings import ReasonsAdminState as R

LANG_LABELS = (("id", m("lang.name.id")), ("min", m("lang.name.min")), ("en", m("lang.name.en")))


def _reason_form(r: rx.Var) -> rx.Component:
    """One reason, editable in place; its fields are named after the reason, so each is distinct."""
    def text(lang: str, label: str) -> rx.Component:
        field_id = "reason-" + r["id"] + "-" + lang
        return rx.el.div(
            rx.el.label(t(label), rx.el.span(" (", r["code"], ")", class_name="visually-hidden"),
                        html_for=field_id, class_name="field-label"),
            rx.el.input(id=field_id, name=f"text_{lang}", default_value=r[f"text_{lang}"], key=field_id + r[f"text_{lang}"],
                        class_name="input", max_length=300),
        )

    return rx.el.form(
        rx.el.h3(r["code"]),
        rx.el.input(type="hidden", name="reason_id", value=r["id"]),
        *(text(lang, label) for lang, label in LANG_LABELS),
        rx.el.div(
            rx.el.input(type="checkbox", id="active-" + r["id"], name="active", value="1",
                        default_checked=r["active"] != "", key="active-" + r["id"] + r["active"], class_name="choice-input"),
            rx.el.label(t(m("office.reasons.active")), rx.el.span(" ", r["code"], class_name="visually-hidden"),
                        html_for="active-" + r["id"], class_name="choice-label"),
            class_name="choice"),
        event_button(t(m("office.reasons.save")), rx.el.span(" ", r["code"], class_name="visually-hidden"),
                     type="submit", class_name="button-secondary"),
        on_submit=R.save, novalidate=True, class_name="decision",
    )


def reasons_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.reasons.heading"))),
        rx.el.p(t(m("office.reasons.intro")), class_name="lead"),
        rx.el.div(rx.cond(R.saved, rx.el.p(t(m("office.reasons.saved")), class_name="note")), role="status"),
        error_summary(R.errors, ["code", "text_id", "text_min", "text_en"]),
        rx.el.h2(t(m("office.reasons.new"))),
        rx.el.form(
            text_field("code", m("office.reasons.code"), R.errors, hint_id=m("office.reasons.code_hint"),
                       type="text", max_length=40, auto_complete="off"),
            *(text_field(f"text_{lang}", label, R.errors, type="text", max_length=300, auto_complete="off")
              for lang, label in LANG_LABELS),
            rx.el.input(type="hidden", name="active", value="1"),
            event_button(t(m("office.reasons.add")), type="submit", class_name="button"),
            on_submit=R.save, novalidate=True, reset_on_submit=True, class_name="decision",
        ),
        rx.el.h2(t(m("office.reasons.list"))),
        rx.foreach(R.reasons, _reason_form),
        wide=True,
    )


def held_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t(m("office.held.heading"))),
        rx.el.p(t(m("office.held.intro")), class_name="lead"),
        rx.cond(H.held.length() == 0, rx.el.p(t(m("office.held.none")))),
        rx.el.ul(rx.foreach(H.held, lambda h: rx.el.li(
            rx.el.strong(h["number"]), " · ", of(h, "service"), " · ", h["officer"], " ",
            event_button(t(m("office.held.release")), rx.el.span(" ", h["number"], class_name="visually-hidden"),
                         type="button", class_name="button-secondary", on_click=H.release(h["id"])))),
            class_name="notice-list"),
        wide=True,
    )


RETRY = m("office.deliveries.retry")


def deliveries_page() -> rx.Component:
    columns = (m("office.deliveries.col.at"), m("office.deliveries.col.to"), m("office.deliveries.col.message"),
               m("office.deliveries.col.attempts"), m("office.deliveries.col.error"), m("office.deliveries.col.action"))
    return page_frame(
        rx.el.h1(t(m("office.deliveries.heading"))),
        rx.el.p(t(m("office.deliveries.intro")), class_name="lead"),
        rx.cond(D.failed.length() == 0, rx.el.p(t(m("office.deliveries.none")))),
        scrolling_table(rx.el.table(
            rx.el.thead(rx.el.tr(*(rx.el.th(t(c), scope="col") for c in columns))),
            rx.el.tbody(rx.foreach(D.failed, lambda f: rx.el.tr(
                rx.el.td(f["at"]), rx.el.td(f["to"]), rx.el.td(f["message"]), rx.el.td(f["attempts"]),
                rx.el.td(f["error"]),
                rx.el.td(event_button(t(RETRY),
                                      rx.el.span(" ", f["to"], " ", f["at"], class_name="visually-hidden"),
                                      type="button", class_name="button-secondary", on_click=D.retry(f["id"])))))),
            class_name="data-table"), m("office.deliveries.heading")),
        wide=True,
    )


HOURS_LABELS = {"id": m("office.kantor.hours_id"), "min": m("office.kantor.hours_min"), "en": m("office.kantor.hours_en")}
TEXT_LABELS = {"id": m("office.kantor.text_id"), "min": m("office.kantor.text_min"), "en": m("office.kantor.text_en")}
PICKUP_FIELDS = [name for code in pickup.PLACES
                 for name in (f"pickup_{code}_address", *(f"pickup_{code}_hours_{lang}" for lang in HOURS_LABELS))]
FIELD_ORDER = (["phone", "whatsapp", "address", *(f"hours_{lang}" for lang in HOURS_LABELS),
                *(f"text_{lang}" for lang in TEXT_LABELS)] + [f"target_{s.code}" for s in catalogue.SERVICES]
               + ["pickup_offered", *PICKUP_FIELDS])


def _kept(values: rx.Var, name: str, **attrs) -> dict:
    """An input showing the stored value; keyed by it, so a save that changes it shows it afresh
    while a load that finds the same value leaves what is being typed alone."""
    return {"default_value": values[name], "key": rx.Var.create(name + "-") + values[name].to(str),
            "type": "text", "auto_complete": "off", **attrs}


def _target_row(row: rx.Var) -> rx.Component:
    name = "target_" + row["code"]
    has_error = O.errors.contains(name)
    return rx.el.div(
        rx.el.label(of(row, "name"), html_for=name, class_name="field-label"),
        rx.el.p(t(m("office.kantor.target_default")), " ", row["default"], id=name + "-hint", class_name="hint"),
        rx.cond(has_error, rx.el.p(t_error(O.errors[name].to(str)), id=name + "-error", class_name="field-error")),
        rx.el.input(id=name, name=name, default_value=row["value"], key=name + "-" + row["value"],
                    type="text", input_mode="numeric", max_length=3, auto_complete="off", class_name="input input-short",
                    aria_describedby=rx.cond(has_error, name + "-hint " + name + "-error", name + "-hint"),
                    aria_invalid=rx.cond(has_error, "true", "false")),
        class_name=rx.cond(has_error, "field field-has-error", "field"),
    )


def _pickup_place(code: str) -> rx.Component:
    """One place: offered or not, its address and hours; the legend names the place for every field."""
    offered = f"pickup_{code}_offered"
    box_id = f"pickup-{code}-offered"
    return rx.el.fieldset(
        rx.el.legend(rx.el.h3(t(pickup.place_text_id(code)))),
        rx.el.div(
            rx.el.input(type="checkbox", id=box_id, name=offered, value="1",
                        default_checked=O.pickup[offered] != "", key=offered + "-" + O.pickup[offered],
                        class_name="choice-input"),
            rx.el.label(t(m("office.kantor.pickup_offered")), html_for=box_id, class_name="choice-label"),
            class_name="choice"),
        text_field(f"pickup_{code}_address", m("office.kantor.address"), O.errors,
                   **_kept(O.pickup, f"pickup_{code}_address", max_length=200)),
        *(text_field(f"pickup_{code}_hours_{lang}", label, O.errors,
                     **_kept(O.pickup, f"pickup_{code}_hours_{lang}", max_length=200))
          for lang, label in HOURS_LABELS.items()),
    )


def _pickup_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.p(t(m("office.kantor.pickup_hint")), class_name="hint"),
            rx.cond(O.errors.contains("pickup_offered"),
                    rx.el.p(t_error(O.errors["pickup_offered"].to(str)), class_name="field-error")),
            id="pickup_offered", tab_index=-1),
        *(_pickup_place(code) for code in pickup.PLACES),
        event_button(t(m("office.kantor.save_pickup")), type="submit", class_name="button"),
        on_submit=O.save_pickup, novalidate=True, class_name="decision", aria_labelledby="pickup-heading",
    )


def office_page() -> rx.Component:
    saved = {"contact": m("office.kantor.saved_contact"), "announcement": m("office.kantor.saved_announcement"),
             "targets": m("office.kantor.saved_targets"), "pickup": m("office.kantor.saved_pickup")}
    return page_frame(
        rx.el.h1(t(m("office.kantor.heading"))),
        rx.el.p(t(m("office.kantor.intro")), class_name="lead"),
        rx.el.div(rx.match(O.saved, *((k, rx.el.p(t(v), class_name="note")) for k, v in saved.items()), rx.fragment()),
                  role="status"),
        error_summary(O.errors, FIELD_ORDER),
        # The forms appear once the stored values are there: typing into a field the load then
        # replaces would be lost.
        rx.cond(O.version > 0, rx.fragment(
            rx.el.h2(t(m("office.kantor.contact_heading")), id="contact-heading"),
            rx.el.form(
                text_field("phone", m("office.kantor.phone"), O.errors, **_kept(O.contact, "phone", max_length=20,
                                                                                 input_mode="tel")),
                text_field("whatsapp", m("office.kantor.whatsapp"), O.errors, hint_id=m("office.kantor.whatsapp_hint"),
                           **_kept(O.contact, "whatsapp", max_length=20, input_mode="tel")),
                text_field("address", m("office.kantor.address"), O.errors, **_kept(O.contact, "address", max_length=200)),
                rx.el.p(t(m("office.kantor.hours_hint")), class_name="hint"),
                *(text_field(f"hours_{lang}", label, O.errors, **_kept(O.contact, f"hours_{lang}", max_length=200))
                  for lang, label in HOURS_LABELS.items()),
                event_button(t(m("office.kantor.save_contact")), type="submit", class_name="button"),
                on_submit=O.save_contact, novalidate=True, class_name="decision", aria_labelledby="contact-heading",
            ),
            rx.el.h2(t(m("office.kantor.announcement_heading")), id="announcement-admin-heading"),
            rx.el.form(
                rx.el.p(t(m("office.kantor.announcement_hint")), class_name="hint"),
                *(text_field(f"text_{lang}", label, O.errors, **_kept(O.announcement, f"text_{lang}", max_length=300))
                  for lang, label in TEXT_LABELS.items()),
                rx.el.div(
                    rx.el.input(type="checkbox", id="announcement-active", name="active", value="1",
                                default_checked=O.announcement["active"] != "",
                                key="announcement-active-" + O.announcement["active"], class_name="choice-input"),
                    rx.el.label(t(m("office.kantor.announcement_active")), html_for="announcement-active",
                                class_name="choice-label"),
                    class_name="choice"),
                event_button(t(m("office.kantor.save_announcement")), type="submit", class_name="button"),
                on_submit=O.save_announcement, novalidate=True, class_name="decision",
                aria_labelledby="announcement-admin-heading",
            ),
            rx.el.h2(t(m("office.kantor.targets_heading")), id="targets-heading"),
            rx.el.form(
                rx.el.p(t(m("office.kantor.targets_hint")), class_name="hint"),
                rx.foreach(O.targets, _target_row),
                event_button(t(m("office.kantor.save_targets")), type="submit", class_name="button"),
                on_submit=O.save_targets, novalidate=True, class_name="decision", aria_labelledby="targets-heading",
            ),
            rx.el.h2(t(m("office.kantor.pickup_heading")), id="pickup-heading"),
            _pickup_form(),
        ), rx.el.p(t(m("wizard.loading")))),
        wide=True,
    )
