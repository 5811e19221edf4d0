"""Issue 13: knowing someone's NIK opens nothing (DESIGN principle 8).

Each test reproduces one finding of the outside tester on the services, with the database.
"""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.authz import Principal
from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import (Account, Application, DocumentBlob, IdentityVerification, KioskSession,
                                  OutboxMessage, Person, Upload)
from paduko_app.services import access, applications, auth, care, kiosk, people, verification, wizard
from paduko_app.services.care import Evidence
from tests.run_async import run_async

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
ROSNAH_NIK, ROSNAH_KK = "1374015203580001", "1374010101090001"  # Ganting (seed)
ANDI_NIK, ANDI_KK = "1374020506850002", "1374020202150002"  # Pasar Usang (seed)
NURHAYATI_NIK = "1374014506520007"  # not registered anywhere yet


@pytest.fixture
def world(engine):
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        by_user = {a.username: a for a in session.exec(select(Account).where(Account.username.is_not(None)))}
        by_nik = {a.nik: a for a in session.exec(select(Account).where(Account.nik.is_not(None)))}
    return engine, by_user, by_nik


def _upload(session, account, purpose, kiosk_session_id=None) -> str:
    blob = DocumentBlob(content=b"\xff\xd8 photo", thumbnail=b"\xff\xd8 thumb")
    session.add(blob)
    session.flush()
    row = Upload(key=f"key-{blob.id}", account_id=account.id, purpose=purpose, blob_id=blob.id,
                 content_type="image/jpeg", size_bytes=8, sha256="0" * 64, kiosk_session_id=kiosk_session_id)
    session.add(row)
    session.commit()
    return row.key


def _sign_up(engine, nik, phone, name) -> Account:
    with unit_of_work(engine) as session:
        auth.request_code(session, nik=nik, phone=phone, purpose="sign_up", name=name, lang="id", secret=SECRET)
        code = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().params["code"]
    with unit_of_work(engine) as session:
        signed = auth.verify_code(session, nik=nik, phone=phone, code=code, secret=SECRET, session_days=1)
        return session.get(Account, signed.account_id)


def _caregiver_applies(engine, caregiver, nik, name, service="KTP_CETAK"):
    """A caregiver adds a person and sends an application for them (link still pending)."""
    with unit_of_work(engine) as session:
        link = care.add_person(session, caregiver=caregiver, nik=nik, name=name, relationship="child",
                               evidence=Evidence(_upload(session, caregiver, "care_evidence"), "f107"))
        who = wizard.applicant_for(session, caregiver, person_id=link.person_id)
        application_id = wizard.start_or_resume(session, who, service, SECRET)
        applications.save_answer(session, application_id, "ktp_problem", "lost")
        applications.save_answer(session, application_id, "pickup_place", "mpp")
        applications.submit(session, application_id, actor_account_id=caregiver.id, submit_key="k-care")
        session.commit()
        return link.id, application_id


def _sees(session, account, application_id, token_id=None) -> bool:
    principal = Principal(account.id, account.role, account.kelurahan_code)
    return access.may_see_application(session, principal, session.get(Application, application_id),
                                      session_token_id=token_id)


# --- Finding 1: account takeover by NIK -------------------------------------------------------

def test_finding1_a_stranger_signing_up_with_a_nik_sees_nothing_made_for_it(world):
    engine, users, residents = world
    _link_id, application_id = _caregiver_applies(engine, residents[ANDI_NIK], NURHAYATI_NIK, "Nurhayati")
    stranger = _sign_up(engine, NURHAYATI_NIK, "081355550000", "Nurhayati")
    with unit_of_work(engine) as session:
        assert application_id not in [a.id for a in wizard.applications_of(session, stranger.id)]
        assert not _sees(session, stranger, application_id)
        person = session.exec(select(Person).where(Person.nik == NURHAYATI_NIK)).one()
        assert person.account_id is None  # the NIK did not make the stranger that person


def test_finding1_a_verified_account_sees_what_others_made_and_blocks_a_second_sign_up(world):
    engine, users, residents = world
    _link_id, application_id = _caregiver_applies(engine, residents[ANDI_NIK], NURHAYATI_NIK, "Nurhayati")
    owner = _sign_up(engine, NURHAYATI_NIK, "081355551111", "Nurhayati")
    with unit_of_work(engine) as session:
        owner = session.get(Account, owner.id)
        request = verification.request(session, account=owner, ktp_key=_upload(session, owner, "identity"),
                                       selfie_key=_upload(session, owner, "identity"))
        assert [p.id for p in verification.pending(session)] == [request.id]
        verification.photo_of(session, request.id, "ktp", officer=users["verifikator"])
        verification.decide(session, request.id, officer=users["verifikator"], approve=True)
    with unit_of_work(engine) as session:
        owner = session.get(Account, owner.id)
        assert people.is_verified(owner)
        assert application_id in [a.id for a in wizard.applications_of(session, owner.id)]
        assert _sees(session, owner, application_id)
    # A second account for the verified NIK: asking for a code looks like any sign-up (and tells
    # nothing); once the code proves the phone, the account is refused with a neutral message.
    with unit_of_work(engine) as session:
        auth.request_code(session, nik=NURHAYATI_NIK, phone="081355552222", purpose="sign_up", name="X Y",
                          lang="id", secret=SECRET)
        code = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "081355552222")
                            .order_by(OutboxMessage.id.desc())).first().params["code"]
    with unit_of_work(engine) as session, pytest.raises(auth.AuthError) as caught:
        auth.verify_code(session, nik=NURHAYATI_NIK, phone="081355552222", code=code, secret=SECRET, session_days=1)
    assert caught.value.message_id == auth.ERR_SIGNUP_REFUSED


def test_finding1_refused_verification_needs_a_reason_the_resident_can_read(world):
    engine, users, _ = world
    account = _sign_up(engine, NURHAYATI_NIK, "081355553333", "Nurhayati")
    with unit_of_work(engine) as session:
        account = session.get(Account, account.id)
        request = verification.request(session, account=account, ktp_key=_upload(session, account, "identity"),
                                       selfie_key=_upload(session, account, "identity"))
        with pytest.raises(verification.VerificationError):
            verification.decide(session, request.id, officer=users["verifikator"], approve=False, reason="")
        verification.decide(session, request.id, officer=users["verifikator"], approve=False, reason="mismatch")
        assert verification.latest(session, account.id).refusal_reason == "mismatch"
        assert not people.is_verified(session.get(Account, account.id))
        views = session.exec(select(IdentityVerification)).all()
        assert [v.status for v in views] == ["refused"]


# --- Finding 2: NIK to name -------------------------------------------------------------------

def test_finding2_a_caregiver_sees_only_the_name_typed_and_nothing_is_prefilled(world):
    engine, users, residents = world
    andi = residents[ANDI_NIK]
    with unit_of_work(engine) as session:
        link = care.add_person(session, caregiver=andi, nik=ROSNAH_NIK, name="Siti Karangan", relationship="other",
                               evidence=Evidence(_upload(session, andi, "care_evidence"), "f107"))
        # What Andi typed, never the office's name for that NIK (his father, from the demo data, too).
        assert [p.name for p in care.people_of(session, andi.id) if p.person_id == link.person_id] == ["Siti Karangan"]
        assert "Rosnah" not in [p.name for p in care.people_of(session, andi.id)]
        who = wizard.applicant_for(session, andi, person_id=link.person_id)
        draft = wizard.start_or_resume(session, who, "KK_HILANG", SECRET)
        assert ROSNAH_KK not in applications.answers_of(session, draft).values()
        assert session.get(Application, draft).typed_name == "Siti Karangan"
        assert people.name_mismatch(session, link) == ("Siti Karangan", "Rosnah")
        assert people.name_mismatch(session, session.get(Application, draft)) == ("Siti Karangan", "Rosnah")
        care.decide(session, link.id, officer=users["verifikator"], accept=True)
        session.delete(session.get(Application, draft))
        session.commit()
        who = wizard.applicant_for(session, andi, person_id=link.person_id)
        accepted_draft = wizard.start_or_resume(session, who, "KK_HILANG", SECRET)
        assert applications.answers_of(session, accepted_draft).get("kk_number") == ROSNAH_KK  # entitled now


def test_finding2_an_operator_of_another_kelurahan_sees_only_the_name_typed(world):
    engine, users, _ = world
    ganting = users["operator.ganting"]
    with unit_of_work(engine) as session:
        token_id = auth.resolve_session(session, auth.staff_sign_in(
            session, username="operator.ganting", password="demo-operator-2026").token).id
    with unit_of_work(engine) as session:
        resident = kiosk.start(session, operator=ganting, session_token_id=token_id, nik=ANDI_NIK,
                               name="Nama Karangan", checked_document="ktp_el", confirmed=True)
        assert resident.name == "Nama Karangan"
        live = kiosk.active_for_device(session, token_id)
        draft = wizard.start_or_resume(session, wizard.applicant_for(session, ganting, kiosk=live), "KK_HILANG", SECRET)
        assert ANDI_KK not in applications.answers_of(session, draft).values()
        assert people.name_mismatch(session, live) == ("Nama Karangan", "Andi Saputra")
        # Recording why a resident of Pasar Usang is served in Ganting opens the record.
        resident = kiosk.start(session, operator=ganting, session_token_id=token_id, nik=ANDI_NIK,
                               name="Nama Karangan", checked_document="ktp_el", confirmed=True,
                               out_of_area_reason="Dirawat di rumah anaknya di Ganting")
        assert resident.name == "Andi Saputra"
        # Own kelurahan, KTP-el checked: entitled; a checked KK alone is not enough.
        assert kiosk.start(session, operator=ganting, session_token_id=token_id, nik=ROSNAH_NIK, name="Ros",
                           checked_document="ktp_el", confirmed=True).name == "Rosnah"
        assert kiosk.start(session, operator=ganting, session_token_id=token_id, nik=ROSNAH_NIK, name="Ros",
                           checked_document="kk", confirmed=True).name == "Ros"


def test_finding2_kiosk_verifies_an_account_in_person_only_in_its_own_kelurahan(world):
    engine, users, _ = world
    account = _sign_up(engine, NURHAYATI_NIK, "081355554444", "Nurhayati")
    with unit_of_work(engine) as session:
        person = session.exec(select(Person).where(Person.nik == NURHAYATI_NIK)).first() or people.find_or_add(
            session, NURHAYATI_NIK, "Nurhayati")
        person.kelurahan_code = users["operator.ganting"].kelurahan_code
        session.add(person)
        session.commit()
        tokens = {u: auth.resolve_session(session, auth.staff_sign_in(
            session, username=u, password="demo-operator-2026").token).id
            for u in ("operator.ganting", "operator.pasarusang")}
    with unit_of_work(engine) as session:
        other = kiosk.start(session, operator=users["operator.pasarusang"], session_token_id=tokens["operator.pasarusang"],
                            nik=NURHAYATI_NIK, name="Nurhayati", checked_document="ktp_el", confirmed=True,
                            out_of_area_reason="lewat", account_phone="081355554444")
        assert not other.account_verified
        own = kiosk.start(session, operator=users["operator.ganting"], session_token_id=tokens["operator.ganting"],
                          nik=NURHAYATI_NIK, name="Nurhayati", checked_document="ktp_el", confirmed=True,
                          account_phone="081355554444")
        assert own.account_verified and people.is_verified(session.get(Account, account.id))


# --- Finding 3: a refused link stops everything ------------------------------------------------

def test_finding3_a_refused_link_stops_every_action_and_shows_the_reason(world):
    engine, users, residents = world
    andi = residents[ANDI_NIK]
    with unit_of_work(engine) as session:
        link = care.add_person(session, caregiver=andi, nik=NURHAYATI_NIK, name="Nurhayati", relationship="child",
                               evidence=Evidence(_upload(session, andi, "care_evidence"), "f107"))
        draft = wizard.start_or_resume(session, wizard.applicant_for(session, andi, person_id=link.person_id),
                                       "KTP_CETAK", SECRET)
        wizard.answer(session, draft, "ktp_problem", "lost")
        care.decide(session, link.id, officer=users["verifikator"], accept=False, reason="evidence_not_signed")
    with unit_of_work(engine) as session:
        with pytest.raises(wizard.WizardError):
            wizard.applicant_for(session, andi, person_id=link.person_id)
        for act in (lambda: wizard.answer(session, draft, "pickup_place", "mpp"),
                    lambda: wizard.attach(session, draft, "ktp_lama", _upload(session, andi, "document"), andi.id),
                    lambda: wizard.submit(session, draft, account=andi, submit_key="k", secret=SECRET,
                                          public_url="http://x", lang="id", translate=lambda *a, **k: "")):
            with pytest.raises(wizard.WizardError) as caught:
                act()
            assert caught.value.message_id == wizard.ERR_LINK_STOPPED
        assert not _sees(session, andi, draft)
        assert draft not in [a.id for a in wizard.drafts_of(session, andi.id)]
        shown = next(p for p in care.people_of(session, andi.id) if p.status != "accepted")
        assert (shown.status, shown.refusal_reason) == ("refused", care.REFUSAL_REASONS["evidence_not_signed"])


def test_finding3_a_withdrawn_link_stops_every_action_too(world):
    engine, users, residents = world
    andi = residents[ANDI_NIK]
    with unit_of_work(engine) as session:
        link = care.add_person(session, caregiver=andi, nik=NURHAYATI_NIK, name="Nurhayati", relationship="child",
                               evidence=Evidence(_upload(session, andi, "care_evidence"), "f107"))
        care.decide(session, link.id, officer=users["verifikator"], accept=True)
        draft = wizard.start_or_resume(session, wizard.applicant_for(session, andi, person_id=link.person_id),
                                       "KTP_CETAK", SECRET)
        care.withdraw(session, link.id, caregiver=andi)
        with pytest.raises(wizard.WizardError):
            wizard.answer(session, draft, "ktp_problem", "lost")
        assert not _sees(session, andi, draft)


# --- Finding 5: a kiosk wipe revokes keys; the server ends idle sessions ------------------------

def test_finding5_ending_a_kiosk_session_revokes_its_upload_keys(world):
    engine, users, _ = world
    ganting = users["operator.ganting"]
    with unit_of_work(engine) as session:
        token_id = auth.resolve_session(session, auth.staff_sign_in(
            session, username="operator.ganting", password="demo-operator-2026").token).id
        resident = kiosk.start(session, operator=ganting, session_token_id=token_id, nik=NURHAYATI_NIK,
                               name="Nurhayati", checked_document="ktp_el", confirmed=True)
        key = _upload(session, ganting, "document", kiosk_session_id=resident.kiosk_session_id)
        kiosk.end_all_for_device(session, token_id, "next_resident")
        session.commit()
        assert session.exec(select(Upload).where(Upload.key == key)).one().revoked_at is not None


def test_finding5_the_server_sweeps_kiosk_sessions_left_idle(world):
    engine, users, _ = world
    t0 = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)
    with unit_of_work(engine) as session:
        token_id = auth.resolve_session(session, auth.staff_sign_in(
            session, username="operator.ganting", password="demo-operator-2026").token).id
        resident = kiosk.start(session, operator=users["operator.ganting"], session_token_id=token_id,
                               nik=NURHAYATI_NIK, name="Nurhayati", checked_document="ktp_el", confirmed=True, now=t0)
        assert kiosk.sweep(session, t0 + dt.timedelta(minutes=4)) == 0
        assert kiosk.sweep(session, t0 + kiosk.IDLE_WIPE) == 1
        assert session.get(KioskSession, resident.kiosk_session_id).end_reason == "timeout"


def test_finding5_the_periodic_sweeper_ends_a_session_whose_tab_was_closed(world, empty_database_url, monkeypatch):
    import asyncio

    from paduko_app import sweeper
    from paduko_app.db import engine as db_engine

    engine, users, _ = world
    monkeypatch.setenv("REFLEX_DB_URL", empty_database_url)
    db_engine.default_engine.cache_clear()
    try:
        long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=6)
        with unit_of_work(engine) as session:
            token_id = auth.resolve_session(session, auth.staff_sign_in(
                session, username="operator.ganting", password="demo-operator-2026").token).id
            resident = kiosk.start(session, operator=users["operator.ganting"], session_token_id=token_id,
                                   nik=NURHAYATI_NIK, name="Nurhayati", checked_document="ktp_el", confirmed=True,
                                   now=long_ago)
        monkeypatch.setattr(sweeper, "SWEEP_EVERY_SECONDS", 0)

        async def one_round():
            task = asyncio.create_task(sweeper.sweep_forever())
            await asyncio.sleep(0.5)
            task.cancel()

        run_async(one_round())
        with unit_of_work(engine) as session:
            assert session.get(KioskSession, resident.kiosk_session_id).end_reason == "timeout"
    finally:
        db_engine.default_engine.cache_clear()
