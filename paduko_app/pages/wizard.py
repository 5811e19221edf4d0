"""The one generic wizard page: any service's questions, photos, check page and confirmation,
and the wizard's entry address (/layanan/<service>/ajukan).

Reflex bundles a page's components by the Python module that defines the page function, so the
entry address lives here: it loads the chunk the wizard needs next anyway, not one of its own
(issue 12: the entry page's own module was 4.1 KiB more on the way to a question)."""

from __future__ import annotations

import reflex as rx

from components.buttons import event_button
from components.form import _field_error, error_summary, primary_button
from components.frame import page_frame
from components.i18n import t
from components.upload import photo_upload
from components.voice import listen_button
from paduko_app.domain.catalogue import OPTIONAL_MARK, UNKNOWN_LABEL
from paduko_app.domain.messages import m
from state.ui import UIState
from state.wizard import WizardState as W


def tx(key: str) -> rx.Var:
    """A text of the current page, in the language chosen in the browser."""
    return W.texts[rx.Var.create(f"{key}:") + UIState.active_lang].to(str)


def _of(item: rx.Var, key: str) -> rx.Var:
    return item[rx.Var.create(f"{key}:") + UIState.active_lang].to(str)


def _heading_block() -> rx.Component:
    """Back, step and service above the question, kept to two short rows (the question owns the first screen)."""
    return rx.el.div(
        rx.el.div(_back(), rx.el.p(tx("step"), class_name="step-count"), class_name="wizard-top"),
        rx.el.p(tx("service"), class_name="caption"),
        rx.cond(W.for_name != "", rx.el.p(
            t(m("wizard.for")), " ", rx.el.strong(W.for_name),
            rx.cond(W.link_pending, rx.fragment(rx.el.br(), t(m("wizard.link_pending")))),
            class_name="for-person")),
        rx.cond(W.revising, rx.el.p(t(m("wizard.revision.intro")), class_name="note")),
        _flag(),
        class_name="wizard-head",
    )


def _flag() -> rx.Component:
    """What the officer said is wrong with this answer or photo, in the person's language."""
    return rx.cond(tx("flag") != "", rx.el.p(rx.el.strong(t(m("wizard.revision.flag"))), " ", tx("flag"),
                                             class_name="flag-note", id="officer-flag"))


def _back() -> rx.Component:
    return event_button(t(m("wizard.back")), type="button", class_name="back-link link-button",
                          on_click=W.back(W.step_key))


def _label() -> rx.Component:
    return rx.fragment(tx("label"), rx.cond(~W.q_required, rx.el.span(" ", t(OPTIONAL_MARK), class_name="optional")))


def _hint() -> rx.Component:
    return rx.cond(tx("hint") != "", rx.el.p(tx("hint"), id="answer-hint", class_name="hint"))


def _listen() -> rx.Component:
    return listen_button("question-heading answer-hint", W.voice_ids)


def _text_input() -> rx.Component:
    return rx.el.div(
        rx.el.label(rx.el.h1(_label(), id="question-heading"), html_for="answer-text"),
        _listen(), _hint(), _field_error("answer", W.errors),
        rx.el.input(id="answer-text", name="answer", type="text", default_value=W.value, key=W.step_key,
                    class_name=rx.cond(W.errors.contains("answer"), "input input-error", "input"),
                    input_mode=rx.match(W.q_type, ("nik", "numeric"), ("kk", "numeric"), ("number", "numeric"),
                                        ("phone", "tel"), "text"),
                    auto_complete=rx.match(W.q_type, ("phone", "tel"), "off"),
                    aria_describedby="answer-hint answer-error", max_length=600),
    )


def _long_text() -> rx.Component:
    return rx.el.div(
        rx.el.label(rx.el.h1(_label(), id="question-heading"), html_for="answer-long"),
        _listen(), _hint(), _field_error("answer", W.errors),
        rx.el.textarea(id="answer-long", name="answer", default_value=W.value, key=W.step_key, rows=4,
                       class_name=rx.cond(W.errors.contains("answer"), "input input-error", "input"),
                       aria_describedby="answer-hint answer-error", max_length=600),
    )


def _date_input() -> rx.Component:
    def box(name: str, label_id: str, value: rx.Var, width: str) -> rx.Component:
        return rx.el.div(
            rx.el.label(t(label_id), html_for=f"answer-{name}", class_name="date-label"),
            rx.el.input(id=f"answer-{name}", name=name, type="text", default_value=value, key=W.step_key + name,
                        input_mode="numeric" if name != "month" else "text", auto_complete="off",
                        class_name=f"input {width}", max_length=12),
            class_name="date-box",
        )

    return rx.el.fieldset(
        rx.el.legend(rx.el.h1(_label(), id="question-heading")),
        _listen(), _hint(), _field_error("answer", W.errors),
        rx.el.div(box("day", m("wizard.date.day"), W.date_day, "w2"), box("month", m("wizard.date.month"), W.date_month, "w6"),
                  box("year", m("wizard.date.year"), W.date_year, "w4"), class_name="date-boxes"),
        aria_describedby="answer-hint answer-error",
    )


def _choices() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.el.h1(_label(), id="question-heading")),
        _listen(), _hint(), _field_error("answer", W.errors),
        rx.el.div(rx.foreach(W.options, lambda opt: rx.el.div(
            rx.el.input(type="radio", name="answer", value=opt["value"], id="answer-" + opt["value"],
                        default_checked=opt["value"] == W.value, key=W.step_key + opt["value"], class_name="choice-input"),
            rx.el.label(_of(opt, "label"), html_for="answer-" + opt["value"], class_name="choice-label"),
            class_name="choice")), class_name="choices"),
        aria_describedby="answer-hint answer-error",
    )


def _question() -> rx.Component:
    return rx.el.div(
        rx.el.form(
            error_summary(W.errors, ["answer"]),
            rx.el.div(
                rx.cond(W.texts.contains(rx.Var.create("late:") + UIState.active_lang),
                        rx.el.p(tx("late"), class_name="note")),
                rx.match(W.q_type,
                         ("long_text", _long_text()),
                         ("date", _date_input()),
                         ("choice", _choices()), ("yes_no", _choices()), ("kelurahan", _choices()),
                         _text_input()),
                id="answer", tab_index=-1, class_name=rx.cond(W.errors.contains("answer"), "field field-has-error", "field"),
            ),
            _step_field(),
            primary_button(m("wizard.continue")),
            on_submit=W.next_step, novalidate=True, auto_complete="off",
        ),
        rx.cond(W.q_allow_unknown, event_button(t(UNKNOWN_LABEL), type="button", class_name="button-secondary",
                                                on_click=W.answer_unknown(W.step_key))),
    )


def _step_field() -> rx.Component:
    """Which page the answer belongs to: a second tap on "Lanjut" (or a form sent again) reaches
    the server after the first moved on, and must not answer the next question with it. The
    buttons send the same key as their argument (`state.wizard.on_shown_step`)."""
    return rx.el.input(type="hidden", name="step", value=W.step_key)


def _document() -> rx.Component:
    return rx.el.form(
        error_summary(W.errors, ["upload"]),
        rx.el.h1(tx("label"), id="doc-heading"),
        listen_button("doc-heading doc-instruction", W.voice_ids),
        rx.cond(W.doc_preview != "", rx.el.div(
            rx.el.p(t(m("wizard.photo_kept"))),
            rx.el.img(src=W.doc_preview, alt=tx("label"), class_name="upload-preview"),
        )),
        rx.script(src="/upload.js"),  # only on a photo step: a question page does without it
        photo_upload("upload", m("wizard.photo.label"), W.errors, hint_id=m("wizard.photo.hint"), purpose="document",
                     tips_below=True, note=rx.el.p(tx("hint"), id="doc-instruction")),
        _step_field(),
        primary_button(m("wizard.continue")),
        on_submit=W.next_step, novalidate=True, key=W.step_key,
    )


def _check() -> rx.Component:
    def row(item: rx.Var) -> rx.Component:
        """A short label over the answer in bold (a photo: its name over whether it arrived), with
        "Ubah" beside it, its accessible name saying what it changes ("Ubah Nama bayi")."""
        is_photo = item["kind"] == "document"
        return rx.fragment(
            rx.cond(_of(item, "section") != "", rx.el.h2(_of(item, "section"), class_name="summary-section")),
            rx.el.div(
                rx.el.div(
                    rx.cond(is_photo,
                            rx.fragment(rx.el.p(_of(item, "short"), class_name="summary-value"),
                                        rx.el.p(_of(item, "value"), class_name="summary-label")),
                            rx.fragment(rx.el.p(_of(item, "short"), class_name="summary-label"),
                                        rx.el.p(_of(item, "value"), class_name=rx.cond(
                                            item["numeric"] != "", "summary-value summary-number", "summary-value")))),
                    rx.cond(item["flagged"] != "", rx.el.p(rx.el.strong(t(m("wizard.revision.flag"))), " ",
                                                           _of(item, "flag"), class_name="flag-note")),
                    class_name="summary-text",
                ),
                rx.cond(~W.revising | (item["flagged"] != ""), event_button(
                    t(m("wizard.change")), rx.el.span(" ", _of(item, "short"), class_name="visually-hidden"),
                    type="button", class_name="link-button summary-change", on_click=W.change(W.step_key, item["id"]))),
                class_name="summary-row",
            ),
        )

    return rx.el.div(
        error_summary(W.errors, ["form"]),
        rx.el.h1(t(m("wizard.check.heading")), id="check-heading"),
        listen_button("check-heading check-declaration", W.voice_ids),
        rx.cond(W.texts.contains(rx.Var.create("late:") + UIState.active_lang), rx.el.p(tx("late"), class_name="note")),
        rx.el.div(rx.foreach(W.rows, row), class_name="summary-list"),
        rx.el.h2(t(m("wizard.check.send_heading")), class_name="check-send"),
        rx.el.p(t(m("wizard.check.declaration")), id="check-declaration"),
        event_button(t(m("wizard.send")), type="button", class_name="button", on_click=W.send(W.step_key)),
    )


def _done() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.h1(t(m("wizard.done.heading"))),
            listen_button("done-panel done-next", "wizard.done.heading wizard.done.number wizard.done.next"),
            rx.el.p(t(m("wizard.for")), " ", rx.el.strong(W.done_for), id="done-for"),
            rx.el.p(t(m("wizard.done.number"))),
            rx.el.p(W.done_number, class_name="big-number app-number"),
            rx.cond(W.done_pin != "",
                    rx.fragment(rx.el.p(t(m("wizard.done.pin"))), rx.el.p(W.done_pin, class_name="big-number")),
                    rx.el.p(t(m("wizard.done.pin_same")))),
            id="done-panel", class_name="panel", role="status",
        ),
        rx.el.p(t(m("wizard.done.pin_keep"))),
        rx.el.h2(t(m("wizard.done.next_heading"))),
        rx.el.p(t(m("wizard.done.next")), " ", rx.el.strong(tx("due")), id="done-next"),
        rx.el.p(rx.el.a(t(m("wizard.done.receipt")), href=W.receipt_url, class_name="button", target="_blank",
                        rel="noopener")),
        rx.el.p(rx.el.a(t(m("wizard.done.status")), href="/status")),
    )


def _for_whom() -> rx.Component:
    return rx.el.form(
        error_summary(W.errors, ["person"]),
        rx.el.p(tx("service"), class_name="caption"),
        rx.el.fieldset(
            rx.el.legend(rx.el.h1(t(m("wizard.for_whom.heading")))),
            _field_error("person", W.errors),
            rx.el.div(rx.foreach(W.options, lambda p: rx.el.div(
                rx.el.input(type="radio", name="person", value=p["value"], id="person-" + p["value"], class_name="choice-input"),
                rx.el.label(rx.cond(p["self"] == "1", t(m("wizard.for_whom.self")), p["name"]),
                            html_for="person-" + p["value"], class_name="choice-label"),
                class_name="choice")), class_name="choices"),
            id="person", tab_index=-1,
        ),
        _step_field(),
        primary_button(m("wizard.continue")),
        on_submit=W.choose_person, novalidate=True,
    )


def _line() -> rx.Component:
    """The service line: the place, an estimate when there is one, and that the page goes on by itself."""
    return rx.el.div(
        rx.el.p(tx("service"), class_name="caption"),
        rx.el.h1(t(m("wizard.line.heading"))),
        listen_button("line-panel line-auto", "wizard.line.heading wizard.line.ahead wizard.line.auto"),
        rx.el.div(
            rx.cond(W.line_ahead > 0,
                    rx.fragment(rx.el.p(t(m("wizard.line.ahead"))), rx.el.p(W.line_ahead, class_name="big-number")),
                    rx.el.p(t(m("wizard.line.next")))),
            rx.cond(tx("wait") != "", rx.el.p(tx("wait"))),
            id="line-panel", class_name="panel", role="status",
        ),
        rx.el.p(t(m("wizard.line.why"))),
        rx.el.p(rx.el.strong(t(m("wizard.line.auto"))), id="line-auto"),
        rx.el.p(rx.el.a(t(m("wizard.line.later")), href="/")),
    )


def wizard_page() -> rx.Component:
    # The prerendered page shows only "Memuat..." until the step arrives from the server; the body
    # keeps a screen's height either way, so the help block below never jumps up and back under
    # the person's finger (issue 12: CLS 0.44 before).
    return page_frame(
        # The key of the step shown: when it changes, the new heading takes focus in the same
        # moment the step is drawn, before anything on it can be pressed (assets/focus.js).
        rx.el.span(hidden=True, custom_attrs={"data-focus-key": W.step_key}),
        rx.el.div(rx.match(
            W.step_kind,
            ("question", rx.el.div(_heading_block(), _question())),
            ("document", rx.el.div(_heading_block(), _document())),
            ("check", rx.el.div(_heading_block(), _check())),
            ("done", _done()),
            ("for_whom", _for_whom()),
            ("line", _line()),
            rx.el.p(t(m("wizard.loading"))),
        ), class_name="wizard-body"),
    )


def starting_page() -> rx.Component:
    """/layanan/<service>/ajukan: its on_load starts the application and opens the wizard."""
    return page_frame(rx.el.p(t(m("wizard.loading"))))
