"""Caregivers, kiosks, staff administration, and who may see which application."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.authz import Principal
from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import (Account, Application, AuditLog, CareLink, DocumentBlob, KioskSession, Person,
                                  Upload)
from paduko_app.services import access, applications, auth, care, kiosk, staff
from paduko_app.services.care import CareError, Evidence
from paduko_app.services.kiosk import KioskError
from paduko_app.services.staff import StaffError

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
PHOTO_BYTES = b"\xff\xd8 stand-in for a processed JPEG"


def _uploaded_evidence(session, account, purpose="care_evidence") -> Evidence:
    blob = DocumentBlob(content=PHOTO_BYTES)
    session.add(blob)
    session.flush()
    row = Upload(key=f"key-{blob.id}-{account.id}", account_id=account.id, purpose=purpose, blob_id=blob.id,
                 content_type="image/jpeg", size_bytes=len(PHOTO_BYTES), sha256="0" * 64)
    session.add(row)
    session.commit()
    return Evidence(row.key, "f107")


@pytest.fixture
def world(engine):
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        by_user = {a.username: a for a in session.exec(select(Account).where(Account.username.is_not(None)))}
        by_nik = {a.nik: a for a in session.exec(select(Account).where(Account.nik.is_not(None)))}
    return engine, by_user, by_nik


def _principal(account):
    return Principal(account.id, account.role, account.kelurahan_code)


def _staff_token(engine, username, password):
    with unit_of_work(engine) as session:
        signed = auth.staff_sign_in(session, username=username, password=password)
        return auth.resolve_session(session, signed.token).id


def test_caregiver_adds_a_parent_and_an_officer_decides(world):
    engine, users, residents = world
    andi = residents["1374020506850002"]
    with unit_of_work(engine) as session:
        with pytest.raises(CareError) as caught:
            care.add_person(session, caregiver=andi, nik="12", name="", relationship="cousin", evidence=None)
        assert set(caught.value.errors) == {"nik", "name", "relationship", "evidence", "evidence_kind"}
        photo = _uploaded_evidence(session, andi)
        with pytest.raises(CareError) as caught:
            care.add_person(session, caregiver=andi, nik=andi.nik, name="Andi", relationship="child", evidence=photo)
        assert caught.value.errors == {"nik": care.ERR_SELF}
        # Someone else's upload, or one made for another purpose, is not evidence.
        for stranger in (_uploaded_evidence(session, residents["1374015203580001"]),
                         _uploaded_evidence(session, andi, purpose="document")):
            with pytest.raises(CareError) as caught:
                care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah",
                                relationship="child", evidence=stranger)
            assert set(caught.value.errors) == {"evidence"}
        link = care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah",
                               relationship="child", evidence=photo)
        assert care.link_status(session, andi.id, link.person_id) == "pending"
        with pytest.raises(CareError):  # the same photo twice, and the same person twice
            care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah",
                            relationship="child", evidence=_uploaded_evidence(session, andi))
        people = care.people_of(session, andi.id)
        assert ("Rosnah", "1374xxxxxxxx0001", "pending") in [(p.name, p.masked_nik, p.status) for p in people]
        officer = users["verifikator"]
        assert [row[0].id for row in care.pending(session)] == [link.id]
        content, content_type = care.evidence_of(session, link.id, officer=officer)
        assert content == PHOTO_BYTES and content_type == "image/jpeg"
        with pytest.raises(CareError) as caught:
            care.decide(session, link.id, officer=officer, accept=False, reason=" ")
        assert caught.value.errors == {"reason": care.ERR_REASON}
        care.decide(session, link.id, officer=officer, accept=True)
        assert care.link_status(session, andi.id, link.person_id) == "accepted"
        actions = [a.action for a in session.exec(select(AuditLog).where(AuditLog.target_type == "care_link"))]
        assert actions == ["care.request", "care.evidence_view", "care.accept"]


def test_kiosk_session_needs_a_checked_document_and_ends(world):
    engine, users, _ = world
    operator = users["operator.ganting"]
    token_id = _staff_token(engine, "operator.ganting", "demo-operator-2026")
    t0 = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)
    with unit_of_work(engine) as session:
        with pytest.raises(KioskError) as caught:
            kiosk.start(session, operator=operator, session_token_id=token_id, nik="1374014506520007",
                        name="Nurhayati", checked_document="ktp_el", confirmed=False, now=t0)
        assert caught.value.errors == {"confirmed": kiosk.ERR_NOT_CHECKED}
        with pytest.raises(KioskError):
            kiosk.start(session, operator=users["verifikator"], session_token_id=token_id, nik="1374014506520007",
                        name="Nurhayati", checked_document="kk", confirmed=True, now=t0)
        resident = kiosk.start(session, operator=operator, session_token_id=token_id, nik="1374014506520007",
                               name="Nurhayati", checked_document="kk", confirmed=True, now=t0)
        assert kiosk.active_for_device(session, token_id, t0 + dt.timedelta(minutes=4)).id == resident.kiosk_session_id
        assert kiosk.active_for_device(session, token_id, t0 + kiosk.IDLE_WIPE) is None
        ended = session.get(KioskSession, resident.kiosk_session_id)
        assert ended.end_reason == "timeout"


def _kiosk_application(session, operator, token_id, nik="1374014506520007"):
    resident = kiosk.start(session, operator=operator, session_token_id=token_id, nik=nik, name="Nurhayati",
                           checked_document="ktp_el", confirmed=True)
    new = applications.start_draft(session, service_code="KTP_CETAK", person_id=resident.person_id,
                                   applicant_account_id=operator.id, channel="kiosk", secret=SECRET,
                                   kelurahan_code=operator.kelurahan_code, operator_account_id=operator.id,
                                   kiosk_session_id=resident.kiosk_session_id)
    session.commit()
    return session.get(Application, new.id)


def test_who_sees_which_application(world):
    engine, users, residents = world
    rosnah, andi = residents["1374015203580001"], residents["1374020506850002"]
    ganting = users["operator.ganting"]
    ganting_token = _staff_token(engine, "operator.ganting", "demo-operator-2026")
    usang_token = _staff_token(engine, "operator.pasarusang", "demo-operator-2026")
    with unit_of_work(engine) as session:
        rosnah_person = session.exec(select(Person).where(Person.account_id == rosnah.id)).one()
        own = applications.start_draft(session, service_code="KTP_CETAK", person_id=rosnah_person.id,
                                       applicant_account_id=rosnah.id, channel="own", secret=SECRET)
        for_her = applications.start_draft(session, service_code="KK_HILANG", person_id=rosnah_person.id,
                                           applicant_account_id=andi.id, channel="caregiver", secret=SECRET)
        session.add(CareLink(caregiver_account_id=andi.id, person_id=rosnah_person.id, relationship="child",
                             evidence_kind="f107", typed_name="Rosnah"))  # the caregiver acts through a link
        session.commit()
        own, for_her = session.get(Application, own.id), session.get(Application, for_her.id)
        at_kiosk = _kiosk_application(session, ganting, ganting_token)

        def sees(account, application, token=None):
            return access.may_see_application(session, _principal(account), application, session_token_id=token)

        assert sees(rosnah, own) and sees(rosnah, for_her)  # her own, and the one made for her
        assert sees(andi, for_her) and not sees(andi, own)  # the caregiver: only what he made
        assert not sees(rosnah, at_kiosk) and not sees(andi, at_kiosk)
        assert not sees(users["verifikator"], own)  # a draft is nobody's business yet
        applications.save_answer(session, own.id, "ktp_problem", "lost")
        applications.save_answer(session, own.id, "pickup_place", "mpp")
        applications.submit(session, own.id, actor_account_id=rosnah.id, submit_key="k1")
        session.commit()
        assert sees(users["verifikator"], own)
        assert not sees(users["admin"], own)
        assert sees(ganting, at_kiosk, ganting_token)
        assert not sees(ganting, at_kiosk, usang_token)  # another device
        assert not sees(users["operator.pasarusang"], at_kiosk, usang_token)  # another kelurahan
        assert not sees(ganting, own, ganting_token)  # not a kiosk application
        kiosk.end_all_for_device(session, ganting_token, "next_resident")
        session.commit()
        assert not sees(ganting, at_kiosk, ganting_token)  # after "warga berikutnya": nothing
        assert not access.may_see_application(session, Principal(), own)


def test_admin_manages_staff(world):
    engine, users, _ = world
    admin = users["admin"]
    with unit_of_work(engine) as session:
        with pytest.raises(StaffError) as caught:
            staff.create(session, admin=admin, username="A", display_name="", role="chief", kelurahan_code="")
        assert set(caught.value.errors) == {"username", "display_name", "role"}
        with pytest.raises(StaffError) as caught:
            staff.create(session, admin=admin, username="op.sigando", display_name="Operator Sigando",
                         role="operator", kelurahan_code="13.74.09.1001")
        assert caught.value.errors == {"kelurahan": staff.ERR_KELURAHAN}
        account, password = staff.create(session, admin=admin, username="op.sigando", display_name="Operator Sigando",
                                         role="operator", kelurahan_code="13.74.01.1002")
        assert auth.staff_sign_in(session, username="op.sigando", password=password).role == "operator"
        new_password = staff.reset(session, admin=admin, account_id=account.id)
        assert new_password != password
        with pytest.raises(auth.AuthError):
            auth.staff_sign_in(session, username="op.sigando", password=password)
        signed = auth.staff_sign_in(session, username="op.sigando", password=new_password)
        staff.deactivate(session, admin=admin, account_id=account.id)
        assert auth.resolve(session, signed.token) is None
        with pytest.raises(auth.AuthError):
            auth.staff_sign_in(session, username="op.sigando", password=new_password)
        with pytest.raises(StaffError):
            staff.deactivate(session, admin=admin, account_id=admin.id)
        assert {a.action for a in session.exec(select(AuditLog).where(AuditLog.actor_account_id == admin.id))} >= {
            "account.create", "account.reset", "account.deactivate"}


def test_staff_turn_on_their_authenticator(world):
    from paduko_app.domain import totp

    engine, users, _ = world
    officer = users["verifikator"]
    secret = totp.new_secret()
    with unit_of_work(engine) as session:
        with pytest.raises(StaffError) as caught:
            staff.enable_totp(session, account=officer, secret=secret, code="000000" if totp.code_now(secret) != "000000" else "111111")
        assert caught.value.errors == {"totp_code": staff.ERR_TOTP}
        staff.enable_totp(session, account=officer, secret=secret, code=totp.code_now(secret))
        with pytest.raises(auth.AuthError):  # the password alone is no longer enough
            auth.staff_sign_in(session, username="verifikator", password="demo-verifikator-2026")
        assert auth.staff_sign_in(session, username="verifikator", password="demo-verifikator-2026",
                                  totp_code=totp.code_now(secret)).role == "verifikator"


def test_an_officer_viewing_the_list_of_pending_care_links_is_audited(world):
    """Issue 13, finding 13: every staff view of personal data leaves an audit row."""
    engine, users, residents = world
    andi, officer = residents["1374020506850002"], users["verifikator"]
    with unit_of_work(engine) as session:
        assert care.pending(session, viewer_account_id=officer.id) == []  # nothing shown, nothing to log
        link = care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah",
                               relationship="child", evidence=_uploaded_evidence(session, andi))
        care.pending(session, viewer_account_id=officer.id)
        views = session.exec(select(AuditLog).where(AuditLog.action == "care.list_view")).all()
        assert [(v.actor_account_id, v.detail) for v in views] == [(officer.id, {"links": [link.id]})]
