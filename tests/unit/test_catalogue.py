"""Catalogue integrity: every service complete, rules consistent, every message translated."""

import datetime as dt

import pytest

from paduko_app import i18n_catalogs
from paduko_app.domain import catalogue
from paduko_app.domain.catalogue import Group, Output, service
from paduko_app.domain.fields import FieldType, UNKNOWN
from paduko_app.domain.rules import fields_of
from paduko_app.i18n import catalogs

TODAY = dt.date(2026, 11, 29)
SERVICE_CODES = [s.code for s in catalogue.SERVICES]


def test_all_fourteen_services_once():
    assert SERVICE_CODES == list(dict.fromkeys(SERVICE_CODES))
    assert set(SERVICE_CODES) == {
        "KK_BARU", "KK_UBAH", "KK_HILANG", "KTP_REKAM", "KTP_CETAK", "KTP_UBAH", "KIA",
        "PINDAH_KELUAR", "PINDAH_DATANG", "BIODATA", "AKTA_LAHIR", "AKTA_MATI", "AKTA_KAWIN", "AKTA_CERAI",
    }


def test_every_group_has_services():
    for group in Group:
        assert catalogue.services_in(group), group


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_service_is_consistent(code):
    svc = service(code)
    ids = [q.id for q in svc.questions]
    assert len(ids) == len(set(ids)), "question ids repeat"
    assert svc.documents and svc.outputs and svc.sla_working_days >= 1
    for position, question in enumerate(svc.questions):
        # A question is shown on earlier answers only, so the wizard can decide as it goes.
        assert fields_of(question.show_when) <= set(ids[:position]), question.id
        if question.type is FieldType.CHOICE:
            assert len(question.options) >= 2, question.id
            assert len({o.value for o in question.options}) == len(question.options)
    for document in svc.documents:
        assert fields_of(document.required_when) <= set(ids), document.id
    if svc.deadline:
        assert svc.deadline.date_field in ids
        assert svc.question(svc.deadline.date_field).type is FieldType.DATE


@pytest.mark.parametrize("code", SERVICE_CODES)
@pytest.mark.parametrize("lang", i18n_catalogs.LANGUAGES)
def test_every_message_of_every_service_is_translated(code, lang):
    svc = service(code)
    table = catalogs()[lang]
    wanted = {svc.name, svc.help}
    for q in svc.questions:
        wanted |= {q.label, *([q.hint] if q.hint else []), *(o.label for o in q.options)}
    for d in svc.documents:
        wanted |= {d.label, d.instruction}
    assert sorted(i for i in wanted if not table.get(i, "").strip()) == []


def test_output_channels_follow_the_law():
    # KTP-el and KIA need blanks and are picked up; KK and akta are printed at home (Permendagri 109/2019).
    for code in ("KTP_CETAK", "KTP_UBAH", "KIA"):
        assert service(code).outputs == (Output.PICK_UP,)
    for code in ("KK_BARU", "KK_UBAH", "KK_HILANG", "AKTA_LAHIR", "AKTA_MATI", "AKTA_KAWIN", "AKTA_CERAI"):
        assert service(code).outputs == (Output.PRINT_AT_HOME,)
    assert not service("KTP_REKAM").representative_allowed
    assert service("AKTA_MATI").any_family_member


def test_deadlines():
    assert {c: service(c).deadline.days for c in ("AKTA_LAHIR", "AKTA_MATI", "AKTA_KAWIN", "AKTA_CERAI")} == {
        "AKTA_LAHIR": 60, "AKTA_MATI": 30, "AKTA_KAWIN": 60, "AKTA_CERAI": 60}


def test_late_birth_question_only_after_sixty_days():
    svc = service("AKTA_LAHIR")
    recent = {"child_birth_date": (TODAY - dt.timedelta(days=60)).isoformat()}
    old = {"child_birth_date": (TODAY - dt.timedelta(days=61)).isoformat()}
    assert "late_reason_60" not in {q.id for q in catalogue.questions_to_ask(svc, recent, TODAY)}
    assert "late_reason_60" in {q.id for q in catalogue.questions_to_ask(svc, old, TODAY)}
    assert not catalogue.is_late(svc, recent, TODAY)
    assert catalogue.is_late(svc, old, TODAY)


def test_required_documents_follow_the_answers():
    svc = service("AKTA_LAHIR")
    with_letter = {d.id for d in catalogue.required_documents(svc, {"has_birth_letter": "ya", "has_marriage_proof": "tidak"})}
    assert with_letter == {"surat_keterangan_lahir", "f204", "kk"}
    kia = service("KIA")
    four = {"child_birth_date": dt.date(2022, 12, 1).isoformat()}
    five = {"child_birth_date": dt.date(2021, 11, 29).isoformat()}
    assert "pas_foto_anak" not in {d.id for d in catalogue.required_documents(kia, four, TODAY)}
    assert "pas_foto_anak" in {d.id for d in catalogue.required_documents(kia, five, TODAY)}


def test_validate_answers_reports_each_wrong_answer_and_drops_stale_ones():
    svc = service("KTP_REKAM")
    clean, errors = catalogue.validate_answers(svc, {
        "ktp_record_reason": "age_17", "home_recording": "tidak", "home_reason": "sick",
        "visit_time": "evening",
    }, TODAY)
    assert clean == {"ktp_record_reason": "age_17", "home_recording": "tidak"}
    assert errors == {"visit_time": "error.choice.invalid"}
    clean, errors = catalogue.validate_answers(svc, {
        "ktp_record_reason": "age_17", "home_recording": "ya", "home_reason": "elderly",
        "visit_address": "Jl. Ganting 5", "contact_phone": "+62 812-3456-7890", "visit_time": "morning",
    }, TODAY)
    assert errors == {}
    assert clean["contact_phone"] == "081234567890"


def test_unknown_is_accepted_only_where_offered():
    svc = service("AKTA_LAHIR")
    assert catalogue.validate_answer(svc.question("father_nik"), UNKNOWN, TODAY) == UNKNOWN
    with pytest.raises(Exception):
        catalogue.validate_answer(svc.question("mother_nik"), UNKNOWN, TODAY)


def test_optional_questions_may_be_skipped():
    svc = service("AKTA_LAHIR")
    assert catalogue.validate_answer(svc.question("birth_weight"), "  ", TODAY) is None
    assert catalogue.validate_answer(svc.question("birth_weight"), "3.200", TODAY) == 3200


def test_catalogue_message_ids_are_all_in_the_template():
    assert catalogue.all_message_ids() <= set(i18n_catalogs.extracted_ids())
