"""The service catalogue: all 14 services of Disdukcapil Kota Padang Panjang as data.

The wizard, check-answers page, officer checklist, receipt and voice prompts are generated
from this. Adding a service is adding data here and its messages in locales/.
Facts from shared/reference/services.md (Perpres 96/2018, Permendagri 108 and 109/2019,
SE Dirjen Dukcapil 470/13287/Dukcapil/2021). Every service is free (UU 24/2013).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Mapping

from .fields import UNKNOWN, VALIDATORS, AnswerError, FieldType, is_blank, ERR_REQUIRED, YES, NO
from .messages import m
from .rules import Condition, Rule, evaluate


class Output(str, Enum):
    PRINT_AT_HOME = "print_at_home"  # signed PDF (TTE) printed on plain HVS A4
    PICK_UP = "pick_up"  # KTP-el and KIA blanks
    APPOINTMENT = "appointment"  # KTP-el recording visit, then pick up


class Group(str, Enum):
    """Services grouped as people think of them (order is the home page's)."""

    BIRTH = "birth"
    DEATH = "death"
    FAMILY_CARD = "family_card"
    ID_CARDS = "id_cards"
    MOVING = "moving"
    CHANGES = "changes"
    MARRIAGE = "marriage"


GROUP_HEADINGS = {
    Group.BIRTH: m("group.birth.heading"),
    Group.DEATH: m("group.death.heading"),
    Group.FAMILY_CARD: m("group.family_card.heading"),
    Group.ID_CARDS: m("group.id_cards.heading"),
    Group.MOVING: m("group.moving.heading"),
    Group.CHANGES: m("group.changes.heading"),
    Group.MARRIAGE: m("group.marriage.heading"),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # message id


@dataclass(frozen=True)
class Question:
    id: str
    type: FieldType
    label: str  # message id; the page heading and the field label
    hint: str | None = None  # message id
    required: bool = True
    options: tuple[Option, ...] = ()
    show_when: Condition | None = None
    allow_unknown: bool = False  # offer "Saya tidak tahu"
    prefill: str | None = None  # known datum carried forward: "nik", "name", "kk", "address"
    max_length: int = 100
    min_value: int | None = None
    max_value: int | None = None
    max_age_years: int | None = None  # dates: the person must be younger than this
    not_before_years: int | None = None  # dates: no further back than this many years
    short: str | None = None  # message id: a noun phrase for the check page ("Nama bayi"); else the label
    section: str | None = None  # message id: the check page's heading above this answer

    @property
    def label_other(self) -> str | None:
        """The question asked about someone else ("Berapa Nomor KK {name}?"), when it speaks of "Anda"."""
        return f"{self.label}.other" if self.id in ABOUT_THE_PERSON else None

    @property
    def hint_other(self) -> str | None:
        """The hint about someone else ("Jika ya, {name} perlu ..."), when it describes the person."""
        return f"{self.hint}.other" if self.hint and self.id in HINT_ABOUT_THE_PERSON else None


@dataclass(frozen=True)
class DocumentRequirement:
    id: str
    label: str  # message id: the document's name (official names stay Indonesian)
    instruction: str  # message id: what to photograph
    required_when: Condition | None = None  # None: always required
    short: str | None = None  # message id: the name in the check page's list of photos; else the label


@dataclass(frozen=True)
class Deadline:
    """A report is due within `days` of the event date answered in `date_field`."""

    date_field: str
    days: int
    late_rule: str  # message id: what a late report needs (e.g. SK Kepala Dinas)


@dataclass(frozen=True)
class Service:
    code: str
    group: Group
    questions: tuple[Question, ...]
    documents: tuple[DocumentRequirement, ...]
    outputs: tuple[Output, ...]
    sla_working_days: int  # default target, configurable by an administrator later
    deadline: Deadline | None = None
    forms: tuple[str, ...] = ()  # paper forms (Permendagri 109/2019) the wizard replaces
    representative_allowed: bool = True  # False: the person must come (biometrics)
    any_family_member: bool = False  # True: no surat kuasa needed (death report)

    @property
    def name(self) -> str:
        return f"service.{self.code.lower()}.name"

    @property
    def help(self) -> str:
        return f"service.{self.code.lower()}.help"

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def document(self, requirement_id: str) -> DocumentRequirement:
        for d in self.documents:
            if d.id == requirement_id:
                return d
        raise KeyError(requirement_id)


# --- questions shared by several services -------------------------------------------------

# Questions about the person the application is for (their KK, their move): a caregiver or a
# kelurahan operator is asked them with that person's name. Questions about the one applying
# (where to pick the card up, how they are related to the deceased) keep "Anda".
ABOUT_THE_PERSON = frozenset({
    "address", "biodata_element", "destination_address", "destination_city", "has_marriage_certificate",
    "home_recording", "kelurahan", "kk_change_kind", "kk_new_reason", "kk_number", "kk_problem",
    "ktp_change_kind", "ktp_problem", "ktp_record_reason", "lodging", "marriage_registered", "move_reason",
    "moved_in", "origin_city", "skpwni_number",
})
# Hints that describe the person's situation ("Jika ya, Anda perlu SKPWNI"); the other hints
# speak of the forms or of what the one applying does, which fits a caregiver as it is.
HINT_ABOUT_THE_PERSON = frozenset({"home_recording", "moved_in"})


def _opts(question_id: str, *values: str) -> tuple[Option, ...]:
    return tuple(Option(v, f"opt.{question_id}.{v}") for v in values)


def _q(qid: str, ftype: FieldType, *, hint: bool = True, short: bool = False, **kw: Any) -> Question:
    """A question whose message ids follow the convention q.<id>.label / q.<id>.hint (/ q.<id>.short)."""
    return Question(
        id=qid, type=ftype, label=f"q.{qid}.label", hint=f"q.{qid}.hint" if hint else None,
        short=f"q.{qid}.short" if short else None, **kw
    )


def _doc(doc_id: str, required_when: Condition | None = None, *, short: bool = False) -> DocumentRequirement:
    return DocumentRequirement(doc_id, f"doc.{doc_id}.label", f"doc.{doc_id}.instruction", required_when,
                               f"doc.{doc_id}.short" if short else None)


def _section(section: str, *questions: Question) -> tuple[Question, ...]:
    """Questions the check page lists under one short heading (a long check page stays readable)."""
    return tuple(replace(q, section=section) for q in questions)


def _yes_no(qid: str, **kw: Any) -> Question:
    return _q(qid, FieldType.YES_NO, options=(Option(YES, m("opt.yes")), Option(NO, m("opt.no"))), **kw)


def _late_reason(date_field: str, days: int) -> Question:
    """Asked only when the event is older than the legal deadline (rule explained in the hint)."""
    return _q(f"late_reason_{days}", FieldType.LONG_TEXT, max_length=500,
              show_when=Rule(date_field, "days_since_gt", days))


def _is(field_id: str, value: Any) -> Rule:
    return Rule(field_id, "eq", value)


KK_NUMBER = _q("kk_number", FieldType.KK, prefill="kk")
PICKUP_PLACE = _q("pickup_place", FieldType.CHOICE, options=_opts("pickup_place", "disdukcapil", "mpp", "kantor_lurah"))
ADDRESS = _q("address", FieldType.LONG_TEXT, prefill="address", max_length=200)
KELURAHAN = _q("kelurahan", FieldType.KELURAHAN)
CHANGE_DETAIL = _q("change_detail", FieldType.LONG_TEXT, max_length=300)
LOST_OR_DAMAGED = ("lost", "damaged")

MARITAL_STATUSES = (
    "belum_kawin", "kawin_tercatat", "kawin_belum_tercatat",
    "cerai_hidup_tercatat", "cerai_hidup_belum_tercatat", "cerai_mati",
)

# --- the 14 services ----------------------------------------------------------------------

SERVICES: tuple[Service, ...] = (
    Service(
        code="KK_BARU", group=Group.FAMILY_CARD,
        questions=(
            _q("kk_new_reason", FieldType.CHOICE, options=_opts("kk_new_reason", "marriage", "split", "other")),
            _yes_no("marriage_registered", show_when=_is("kk_new_reason", "marriage")),
            _yes_no("moved_in"),
            _q("member_count", FieldType.NUMBER, min_value=1, max_value=20),
            ADDRESS, KELURAHAN,
        ),
        documents=(
            _doc("buku_nikah", _is("marriage_registered", YES)), _doc("kk_asal"),
            _doc("skpwni", _is("moved_in", YES)),
            _doc("f105", _is("marriage_registered", NO)),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1, forms=("F-1.01", "F-1.05"),
    ),
    Service(
        code="KK_UBAH", group=Group.CHANGES,
        questions=(
            KK_NUMBER,
            _q("kk_change_kind", FieldType.CHOICE,
               options=_opts("kk_change_kind", "add_member", "education", "job", "marital_status", "other")),
            CHANGE_DETAIL,
        ),
        documents=(_doc("kk_lama"), _doc("bukti_perubahan")),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1, forms=("F-1.06",),
    ),
    Service(
        code="KK_HILANG", group=Group.FAMILY_CARD,
        questions=(
            _q("kk_problem", FieldType.CHOICE, options=_opts("kk_problem", *LOST_OR_DAMAGED)),
            _q("kk_number", FieldType.KK, prefill="kk", allow_unknown=True),
        ),
        documents=(
            _doc("surat_kehilangan", _is("kk_problem", "lost")),
            _doc("kk_rusak", _is("kk_problem", "damaged")),
            _doc("ktp_el"),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1,
    ),
    Service(
        code="KTP_REKAM", group=Group.ID_CARDS,
        questions=(
            _q("ktp_record_reason", FieldType.CHOICE, options=_opts("ktp_record_reason", "age_17", "married")),
            _yes_no("home_recording"),
            _q("home_reason", FieldType.CHOICE, options=_opts("home_reason", "elderly", "sick", "disabled"),
               show_when=_is("home_recording", YES)),
            _q("visit_address", FieldType.LONG_TEXT, prefill="address", max_length=200,
               show_when=_is("home_recording", YES)),
            _q("contact_phone", FieldType.PHONE, show_when=_is("home_recording", YES)),
            _q("visit_time", FieldType.CHOICE, options=_opts("visit_time", "morning", "afternoon")),
        ),
        documents=(_doc("kk"),),
        outputs=(Output.APPOINTMENT, Output.PICK_UP), sla_working_days=5,
        representative_allowed=False,
    ),
    Service(
        code="KTP_CETAK", group=Group.ID_CARDS,
        questions=(
            _q("ktp_problem", FieldType.CHOICE, options=_opts("ktp_problem", *LOST_OR_DAMAGED)),
            PICKUP_PLACE,
        ),
        documents=(
            _doc("surat_kehilangan", _is("ktp_problem", "lost")),
            _doc("ktp_rusak", _is("ktp_problem", "damaged")),
            _doc("kk"),
        ),
        outputs=(Output.PICK_UP,), sla_working_days=3,
    ),
    Service(
        code="KTP_UBAH", group=Group.CHANGES,
        questions=(
            _q("ktp_change_kind", FieldType.CHOICE,
               options=_opts("ktp_change_kind", "name", "address", "religion", "marital_status", "job", "other")),
            CHANGE_DETAIL, PICKUP_PLACE,
        ),
        documents=(_doc("ktp_lama"), _doc("kk"), _doc("bukti_perubahan")),
        outputs=(Output.PICK_UP,), sla_working_days=3, forms=("F-1.06",),
    ),
    Service(
        code="KIA", group=Group.ID_CARDS,
        questions=(
            _q("child_name", FieldType.TEXT),
            _q("child_nik", FieldType.NIK),
            _q("child_birth_date", FieldType.DATE, max_age_years=17, not_before_years=17),
            PICKUP_PLACE,
        ),
        documents=(
            _doc("akta_kelahiran"), _doc("kk_orang_tua"), _doc("ktp_ayah"), _doc("ktp_ibu"),
            _doc("pas_foto_anak", Rule("child_birth_date", "years_since_ge", 5)),
        ),
        outputs=(Output.PICK_UP,), sla_working_days=3,
    ),
    Service(
        code="PINDAH_KELUAR", group=Group.MOVING,
        questions=(
            _q("destination_address", FieldType.LONG_TEXT, max_length=200),
            _q("destination_city", FieldType.TEXT),
            _q("move_reason", FieldType.CHOICE,
               options=_opts("move_reason", "job", "education", "family", "health", "housing", "other")),
            _q("movers_count", FieldType.NUMBER, min_value=1, max_value=20),
            _yes_no("minors_moving"),
        ),
        documents=(_doc("kk"), _doc("persetujuan_wali", _is("minors_moving", YES))),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1, forms=("F-1.03",),
    ),
    Service(
        code="PINDAH_DATANG", group=Group.MOVING,
        questions=(
            _q("skpwni_number", FieldType.TEXT, max_length=60),
            _q("origin_city", FieldType.TEXT),
            ADDRESS, KELURAHAN,
            _yes_no("lodging"),
            _q("pickup_place", FieldType.CHOICE, options=PICKUP_PLACE.options),
        ),
        documents=(_doc("skpwni"), _doc("ktp_lama"), _doc("surat_tidak_keberatan", _is("lodging", YES))),
        outputs=(Output.PRINT_AT_HOME, Output.PICK_UP), sla_working_days=1, forms=("F-1.03",),
    ),
    Service(
        code="BIODATA", group=Group.CHANGES,
        questions=(
            KK_NUMBER,
            _q("biodata_element", FieldType.CHOICE,
               options=_opts("biodata_element", "education", "job", "religion", "blood_type", "marital_status", "other")),
            _q("new_marital_status", FieldType.CHOICE, options=_opts("new_marital_status", *MARITAL_STATUSES),
               show_when=_is("biodata_element", "marital_status")),
            _q("new_value", FieldType.TEXT, show_when=Rule("biodata_element", "ne", "marital_status")),
        ),
        documents=(
            _doc("kk_lama"), _doc("bukti_perubahan"),
            _doc("f105", Rule("new_marital_status", "in", ("kawin_belum_tercatat", "cerai_hidup_belum_tercatat"))),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1, forms=("F-1.06", "F-1.05"),
    ),
    Service(
        code="AKTA_LAHIR", group=Group.BIRTH,
        questions=(
            *_section(
                m("summary.section.baby"),
                _q("child_name", FieldType.TEXT, short=True),
                _q("child_sex", FieldType.CHOICE, options=_opts("child_sex", "L", "P"), short=True),
                _q("child_birth_date", FieldType.DATE, short=True),
                replace(_late_reason("child_birth_date", 60), short="q.late_reason_60.short"),
                _q("birth_place_kind", FieldType.CHOICE, short=True,
                   options=_opts("birth_place_kind", "hospital", "puskesmas", "clinic", "home", "other")),
                _q("birth_city", FieldType.TEXT, short=True),
                _q("birth_time", FieldType.TIME, allow_unknown=True, short=True),
                _q("birth_order", FieldType.NUMBER, min_value=1, max_value=20, short=True),
                _q("birth_weight", FieldType.NUMBER, min_value=300, max_value=7000, required=False, short=True),
                _q("birth_helper", FieldType.CHOICE, short=True,
                   options=_opts("birth_helper", "doctor", "midwife", "nurse", "other")),
            ),
            *_section(m("summary.section.mother"),
                      _q("mother_nik", FieldType.NIK, short=True), _q("mother_name", FieldType.TEXT, short=True)),
            *_section(m("summary.section.father"),
                      _q("father_nik", FieldType.NIK, allow_unknown=True, short=True),
                      _q("father_name", FieldType.TEXT, required=False, short=True)),
            *_section(m("summary.section.papers"),
                      _yes_no("has_birth_letter", short=True), _yes_no("has_marriage_proof", short=True)),
        ),
        documents=(
            _doc("surat_keterangan_lahir", _is("has_birth_letter", YES), short=True),
            _doc("f203", _is("has_birth_letter", NO), short=True),
            _doc("buku_nikah_orang_tua", _is("has_marriage_proof", YES), short=True),
            _doc("f204", _is("has_marriage_proof", NO), short=True),
            _doc("kk"),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1,
        deadline=Deadline("child_birth_date", 60, m("deadline.birth.late")),
        forms=("F-2.01", "F-2.03", "F-2.04"),
    ),
    Service(
        code="AKTA_MATI", group=Group.DEATH,
        questions=(
            _q("deceased_name", FieldType.TEXT),
            _q("deceased_nik", FieldType.NIK, allow_unknown=True),
            _q("death_date", FieldType.DATE),
            _late_reason("death_date", 30),
            _q("death_place", FieldType.TEXT),
            _q("reporter_relation", FieldType.CHOICE,
               options=_opts("reporter_relation", "child", "spouse", "parent", "sibling", "rt_head", "other")),
        ),
        documents=(
            _doc("surat_keterangan_kematian"), _doc("kk"),
            _doc("ktp_almarhum"),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=1,
        deadline=Deadline("death_date", 30, m("deadline.death.late")),
        forms=("F-2.01",), any_family_member=True,
    ),
    Service(
        code="AKTA_KAWIN", group=Group.MARRIAGE,
        questions=(
            _q("marriage_date", FieldType.DATE),
            _late_reason("marriage_date", 60),
            _q("religion", FieldType.CHOICE,
               options=_opts("religion", "kristen", "katolik", "hindu", "buddha", "konghucu", "penghayat")),
            _q("husband_nik", FieldType.NIK),
            _q("husband_name", FieldType.TEXT),
            _q("wife_nik", FieldType.NIK),
            _q("wife_name", FieldType.TEXT),
            _yes_no("previously_married"),
            _yes_no("party_under_19"),
        ),
        documents=(
            _doc("surat_perkawinan_agama"), _doc("pas_foto_berdampingan"),
            _doc("ktp_kk_suami"), _doc("ktp_kk_istri"),
            _doc("akta_kematian_atau_cerai", _is("previously_married", YES)),
            _doc("izin_pengadilan", _is("party_under_19", YES)),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=3,
        deadline=Deadline("marriage_date", 60, m("deadline.marriage.late")),
        forms=("F-2.01",),
    ),
    Service(
        code="AKTA_CERAI", group=Group.MARRIAGE,
        questions=(
            _q("court_name", FieldType.TEXT),
            _q("decision_number", FieldType.TEXT, max_length=60),
            _q("decision_date", FieldType.DATE),
            _late_reason("decision_date", 60),
            _q("former_spouse_nik", FieldType.NIK, allow_unknown=True),
            _yes_no("has_marriage_certificate"),
        ),
        documents=(
            _doc("putusan_pengadilan"),
            _doc("akta_perkawinan", _is("has_marriage_certificate", YES)),
            _doc("sptjm_akta_hilang", _is("has_marriage_certificate", NO)),
            _doc("ktp_kk"),
        ),
        outputs=(Output.PRINT_AT_HOME,), sla_working_days=2,
        deadline=Deadline("decision_date", 60, m("deadline.divorce.late")),
        forms=("F-2.01",),
    ),
)

SERVICES_BY_CODE = {s.code: s for s in SERVICES}

# Message ids used around the catalogue's own (per-service, per-question) ids.
OUTPUT_LABELS = {
    Output.PRINT_AT_HOME: m("output.print_at_home"),
    Output.PICK_UP: m("output.pick_up"),
    Output.APPOINTMENT: m("output.appointment"),
}
UNKNOWN_LABEL = m("answer.unknown")
NOT_ANSWERED_LABEL = m("answer.not_answered")
OPTIONAL_MARK = m("question.optional")


def service(code: str) -> Service:
    return SERVICES_BY_CODE[code]


def services_in(group: Group) -> tuple[Service, ...]:
    return tuple(s for s in SERVICES if s.group is group)


def questions_to_ask(svc: Service, answers: Mapping[str, Any], today: dt.date | None = None) -> tuple[Question, ...]:
    """The questions that apply, given the answers so far, in order."""
    return tuple(q for q in svc.questions if evaluate(q.show_when, answers, today))


def required_documents(svc: Service, answers: Mapping[str, Any], today: dt.date | None = None) -> tuple[DocumentRequirement, ...]:
    return tuple(d for d in svc.documents if evaluate(d.required_when, answers, today))


def validate_answer(question: Question, raw: Any, today: dt.date | None = None) -> Any:
    """The clean value for one answer, None for a skipped optional one; AnswerError otherwise."""
    today = today or dt.date.today()
    if question.allow_unknown and raw == UNKNOWN:
        return UNKNOWN
    if is_blank(raw):
        if question.required:
            raise AnswerError(ERR_REQUIRED)
        return None
    return VALIDATORS[question.type](question, raw, today)


def validate_answers(svc: Service, raw_answers: Mapping[str, Any], today: dt.date | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate every applicable answer. Returns (clean answers, {question id: error id}).

    Answers to questions that no longer apply are dropped, so a changed answer never leaves
    a stale one behind.
    """
    today = today or dt.date.today()
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in svc.questions:
        # show_when reads earlier answers, so evaluate on what is clean so far.
        if not evaluate(q.show_when, clean, today):
            continue
        try:
            value = validate_answer(q, raw_answers.get(q.id), today)
        except AnswerError as exc:
            errors[q.id] = exc.message_id
            continue
        if value is not None:
            clean[q.id] = value
    return clean, errors


def is_late(svc: Service, answers: Mapping[str, Any], today: dt.date | None = None) -> bool:
    """Whether the event is older than the legal reporting deadline."""
    if svc.deadline is None:
        return False
    return evaluate(Rule(svc.deadline.date_field, "days_since_gt", svc.deadline.days), answers, today)


def all_message_ids() -> set[str]:
    """Every message id the catalogue uses (checked against the catalogues by a test)."""
    ids: set[str] = set(GROUP_HEADINGS.values()) | set(OUTPUT_LABELS.values())
    ids |= {UNKNOWN_LABEL, NOT_ANSWERED_LABEL, OPTIONAL_MARK}
    for svc in SERVICES:
        ids |= {svc.name, svc.help}
        if svc.deadline:
            ids.add(svc.deadline.late_rule)
        for q in svc.questions:
            ids |= {q.label} | ({q.hint} if q.hint else set()) | {o.label for o in q.options}
            ids |= {x for x in (q.label_other, q.hint_other) if x}
            ids |= {x for x in (q.short, q.section) if x}
        for d in svc.documents:
            ids |= {d.label, d.instruction} | ({d.short} if d.short else set())
    return ids
