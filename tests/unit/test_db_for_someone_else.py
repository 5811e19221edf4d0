"""Issue 9: applying for someone else, the words fit the person: "Saya sendiri" first, the
questions about that person use the name the caregiver typed, every card says whom it is for."""

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account
from paduko_app.domain import catalogue
from paduko_app.domain.journey import QUESTION, Journey, Step
from paduko_app.i18n import translate
from paduko_app.services import answer_views, care, wizard

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
ANDI_NIK = "1374020506850002"  # the demo caregiver of his father Syamsul Bahri (accepted)


@pytest.fixture
def andi(engine):
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        return engine, session.exec(select(Account).where(Account.nik == ANDI_NIK)).one()


def test_for_whom_offers_saya_sendiri_first_never_the_caregivers_own_name(andi):
    engine, account = andi
    with unit_of_work(engine) as session:
        who = wizard.applicant_for(session, account)
        people = wizard.people_to_choose(session, who)
        cared = [p for p in care.people_of(session, account.id) if p.status in care.LIVE]
    assert people[0]["self"] == "1" and people[0]["value"] == str(who.person.id)
    assert [p["self"] for p in people[1:]] == [""] * len(cared) and len(cared) >= 1


def test_a_caregivers_application_says_whom_it_is_for(andi):
    engine, account = andi
    with unit_of_work(engine) as session:
        father = next(p for p in care.people_of(session, account.id) if p.status in care.LIVE)
        who = wizard.applicant_for(session, account, person_id=father.person_id)
        application_id = wizard.start_or_resume(session, who, "KK_HILANG", SECRET)
        assert wizard.for_whom(session, application_id) == father.name


def test_questions_about_the_person_use_their_name():
    svc = catalogue.service("KK_HILANG")
    journey = Journey(svc, {}, ())
    step = Step(QUESTION, "kk_number")
    about = answer_views.step_view(journey, step, {}, for_name="Ibu Rosnah")
    own = answer_views.step_view(journey, step, {})
    assert about.label["id"] == "Berapa Nomor KK Ibu Rosnah?"
    assert about.label["min"] == "Bara Nomor KK Ibu Rosnah?"
    assert about.label["en"] == "What is Ibu Rosnah's KK number?"
    assert own.label["id"] == translate("id", "q.kk_number.label")
    assert "q.kk_number.label" not in about.voice_ids.split()  # no pre-made audio says "Anda" instead
    # A question about the one applying keeps "Anda".
    pickup = answer_views.step_view(Journey(catalogue.service("KTP_CETAK"), {}, ()), Step(QUESTION, "pickup_place"),
                                    {}, for_name="Ibu Rosnah")
    assert pickup.label["id"] == translate("id", "q.pickup_place.label")


def test_every_question_that_says_anda_is_worded_for_someone_else_or_is_about_the_applicant():
    about_applicant = {"pickup_place", "reporter_relation"}
    for svc in catalogue.SERVICES:
        for q in svc.questions:
            if "Anda" in translate("id", q.label) and q.id not in about_applicant:
                assert q.label_other, q.id
                text = translate("id", q.label_other, name="Ibu X")
                assert "Ibu X" in text and "Anda" not in text, q.id


def test_hints_about_the_person_use_their_name_or_speak_of_no_one():
    """A hint that describes the person names them; the others never say "Anda" for someone else
    unless they speak of what the one applying does (explain on the next page, fill in a form)."""
    about_applicant = {"kk_change_kind", "ktp_change_kind", "has_marriage_certificate"}
    checked = 0
    for svc in catalogue.SERVICES:
        journey = Journey(svc, {}, ())
        for q in svc.questions:
            if q.id not in catalogue.ABOUT_THE_PERSON or not q.hint or q.id in about_applicant:
                continue
            view = answer_views.step_view(journey, Step(QUESTION, q.id), {}, for_name="Ibu X")
            for lang, word in (("id", "Anda"), ("min", "Sanak"), ("en", "you")):
                assert word not in view.hint[lang].split(), (q.id, lang, view.hint[lang])
            if q.hint_other:
                assert all("Ibu X" in text for text in view.hint.values()), q.id
                assert q.hint not in view.voice_ids.split()  # the pre-made audio says "Anda"
            checked += 1
    assert checked >= 10


def test_the_check_page_names_the_person_and_its_compact_labels_are_grouped():
    svc = catalogue.service("KK_HILANG")
    journey = Journey(svc, {"kk_number": "1374010101010001"}, ())
    rows = answer_views.answer_summary(journey, {}, for_name="Ibu Rosnah")
    kk = next(r for r in rows if r.id == "kk_number")
    assert kk.short["id"] == "Berapa Nomor KK Ibu Rosnah?" and kk.label["id"] == translate("id", "q.kk_number.label")
    assert kk.numeric
    own = next(r for r in answer_views.answer_summary(journey, {}) if r.id == "kk_number")
    assert own.short["id"] == translate("id", "q.kk_number.label")
    # Akta Kelahiran: a heading on the first row of each section only, photos last under their own.
    birth = catalogue.service("AKTA_LAHIR")
    rows = answer_views.answer_summary(Journey(birth, {"has_birth_letter": "ya", "has_marriage_proof": "ya"}, ()), {})
    headings = [r.section["id"] for r in rows if r.section]
    assert headings == [translate("id", m) for m in ("summary.section.baby", "summary.section.mother",
                                                     "summary.section.father", "summary.section.papers",
                                                     "summary.section.photos")]
    assert rows[0].short["id"] == "Nama bayi" and rows[-1].kind == "document"
