"""What a step and the answer summary look like, in every language at once: typed views that
the wizard, the check-answers page and the officer's application page all render.

Texts go out in all three languages so a language switch in the browser is instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from paduko_app.db.models import Document
from paduko_app.domain import catalogue
from paduko_app.domain.fields import UNKNOWN, FieldType
from paduko_app.domain.formatting import LANGUAGES, format_date
from paduko_app.domain.journey import CHECK, DOCUMENT, QUESTION, Journey, Step
from paduko_app.domain.messages import m
from paduko_app.domain.regions import KELURAHAN, kelurahan_by_code
from paduko_app.i18n import translate

Texts = dict[str, str]  # lang -> text
UNKNOWN_ALLOWED_TYPES = {"text", "nik", "kk", "time", "number"}


def all_langs(message_id: str, **params) -> Texts:
    return {lang: translate(lang, message_id, **params) for lang in LANGUAGES}


def same_in_all(text: str) -> Texts:
    return {lang: text for lang in LANGUAGES}


def display(question: catalogue.Question, value: Any) -> Texts:
    """An answer as a person reads it, in each language."""
    if value is None or value == "":
        return all_langs(catalogue.NOT_ANSWERED_LABEL)
    if value == UNKNOWN:
        return all_langs(catalogue.UNKNOWN_LABEL)
    if question.type in (FieldType.CHOICE, FieldType.YES_NO):
        label = next((o.label for o in question.options if o.value == value), None)
        return all_langs(label) if label else same_in_all(str(value))
    if question.type is FieldType.DATE:
        day = dt.date.fromisoformat(value)
        return {lang: format_date(day, lang) for lang in LANGUAGES}
    if question.type is FieldType.KELURAHAN:
        kel = kelurahan_by_code(value)
        return same_in_all(kel.name if kel else str(value))
    return same_in_all(str(value))


@dataclass(frozen=True)
class Flag:
    """Why an officer flagged an answer or photo, in every language (with their own sentence)."""

    reason: Texts
    note: str = ""


def preview_url(document: Document | None) -> str:
    return f"/api/dokumen/{document.id}/gambar" if document is not None else ""


@dataclass(frozen=True)
class SummaryRow:
    kind: str  # question, document
    id: str
    label: Texts
    value: Texts
    preview: str  # the photo's preview URL, served only to those allowed
    document_id: int | None = None
    flag: Flag | None = None
    short: Texts = field(default_factory=dict)  # the check page's compact label; the officer sees `label`
    section: Texts = field(default_factory=dict)  # a heading before this row, on the first row of a section
    numeric: bool = False  # a NIK, KK number or count: read as one, never broken across lines if it fits


NUMERIC_TYPES = {FieldType.NIK, FieldType.KK, FieldType.NUMBER, FieldType.PHONE}
# The check page's headings where the catalogue names no section of its own.
ANSWERS_SECTION = m("summary.section.answers")
PHOTOS_SECTION = m("summary.section.photos")


def answer_summary(journey: Journey, documents: dict[str, Document],
                   flags: dict[tuple[str, str], Flag] | None = None, for_name: str = "") -> list[SummaryRow]:
    """Rows of label, answer and what "Ubah" opens, with an officer's flag where there is one;
    `for_name` when someone applies for another person, whom the check page's labels then name."""
    flags = flags or {}
    rows = []
    previous = ""
    for item in journey.summary_items():
        if item.kind == QUESTION:
            q = journey.svc.question(item.id)
            section = q.section or ANSWERS_SECTION
            heading = all_langs(section) if section != previous else {}
            short = all_langs(q.short) if q.short else (
                all_langs(q.label_other, name=for_name) if for_name and q.label_other else all_langs(q.label))
            rows.append(SummaryRow(QUESTION, q.id, all_langs(q.label), display(q, journey.answers.get(q.id)), "",
                                   flag=flags.get(item.key), short=short, section=heading,
                                   numeric=q.type in NUMERIC_TYPES))
        else:
            requirement = journey.svc.document(item.id)
            have = documents.get(item.id)
            received = m("wizard.photo_received") if have else m("wizard.photo_missing")
            section = PHOTOS_SECTION
            heading = all_langs(section) if section != previous else {}
            rows.append(SummaryRow(DOCUMENT, item.id, all_langs(requirement.label), all_langs(received),
                                   preview_url(have), have.id if have else None, flags.get(item.key),
                                   short=all_langs(requirement.short or requirement.label), section=heading))
        previous = section
    return rows


@dataclass(frozen=True)
class Option:
    value: str
    label: Texts


@dataclass(frozen=True)
class StepView:
    """Everything one wizard page shows."""

    kind: str
    id: str
    number: int
    total: int
    label: Texts = field(default_factory=dict)
    hint: Texts = field(default_factory=dict)
    late_rule: Texts = field(default_factory=dict)  # the deadline's rule, when it applies
    voice_ids: str = ""
    q_type: str = ""
    required: bool = True
    allow_unknown: bool = False
    options: tuple[Option, ...] = ()
    value: str = ""
    date_parts: tuple[str, str, str] = ("", "", "")
    doc_preview: str = ""
    flag: Flag | None = None


def step_view(journey: Journey, step: Step, documents: dict[str, Document],
              flags: dict[tuple[str, str], Flag] | None = None, for_name: str = "",
              offered_places: tuple[str, ...] | None = None) -> StepView:
    """What one step shows; `for_name` when someone applies for another person, whose name the
    questions about that person then use; `offered_places` the pick-up places the office offers now
    (None: all)."""
    number, total = journey.position(step.id)
    flag = (flags or {}).get(step.key)
    svc = journey.svc
    if step.kind == QUESTION:
        q = svc.question(step.id)
        late = all_langs(svc.deadline.late_rule) if svc.deadline and q.id.startswith("late_reason") else {}
        if q.type is FieldType.KELURAHAN:
            options = tuple(Option(k.code, same_in_all(f"{k.name} ({k.kecamatan.name})")) for k in KELURAHAN)
        else:
            options = tuple(Option(o.value, all_langs(o.label)) for o in q.options)
        stored = journey.answers.get(q.id)
        if q.id == "pickup_place" and offered_places is not None:
            # A place already chosen stays shown even when no longer offered: never changed silently.
            options = tuple(o for o in options if o.value in offered_places or o.value == stored)
        parts = ("", "", "")
        if q.type is FieldType.DATE and stored and stored != UNKNOWN:
            day = dt.date.fromisoformat(stored)
            parts = (str(day.day), str(day.month), str(day.year))
        about_other = bool(for_name and q.label_other)
        label = all_langs(q.label_other, name=for_name) if about_other else all_langs(q.label)
        hint_other = bool(for_name and q.hint_other)
        if hint_other:
            hint = all_langs(q.hint_other, name=for_name)
        else:
            hint = all_langs(q.hint) if q.hint else same_in_all("")
        # A text with a name has no pre-made audio: the device's voice reads it, or only the rest is played.
        voice = " ".join(filter(None, ("" if about_other else q.label, "" if hint_other else q.hint)))
        return StepView(QUESTION, q.id, number, total, label,
                        hint, late,
                        voice, q.type.value, q.required,
                        q.allow_unknown and q.type.value in UNKNOWN_ALLOWED_TYPES, options,
                        "" if stored in (None, UNKNOWN) else str(stored), parts, flag=flag)
    if step.kind == DOCUMENT:
        requirement = svc.document(step.id)
        return StepView(DOCUMENT, step.id, number, total, all_langs(requirement.label),
                        all_langs(requirement.instruction), voice_ids=f"{requirement.label} {requirement.instruction}",
                        doc_preview=preview_url(documents.get(step.id)), flag=flag)
    late = all_langs(svc.deadline.late_rule) if catalogue.is_late(svc, journey.answers, journey.today) else {}
    return StepView(CHECK, "", number, total, late_rule=late,
                    voice_ids="wizard.check.heading wizard.check.declaration")


def flat(prefix: str, texts: Texts) -> dict[str, str]:
    """{"label:id": ..., "label:min": ..., "label:en": ...}: how pages look a text up by language."""
    return {f"{prefix}:{lang}": texts.get(lang, "") for lang in LANGUAGES}


def flag_texts(flag: Flag | None) -> Texts:
    """The officer's reason, and their own sentence if they wrote one, in each language."""
    if flag is None:
        return same_in_all("")
    return {lang: f"{text} {flag.note}".strip() if flag.note else text for lang, text in flag.reason.items()}


def row_dict(row: SummaryRow) -> dict[str, str]:
    """A summary row as the pages' foreach reads it."""
    return {"kind": row.kind, "id": row.id, **flat("label", row.label), **flat("value", row.value),
            **flat("short", row.short), **flat("section", row.section), "numeric": "1" if row.numeric else "",
            "preview": row.preview, "document_id": str(row.document_id or ""),
            "flagged": "1" if row.flag else "", **flat("flag", flag_texts(row.flag))}
