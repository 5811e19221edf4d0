"""Application use cases on a real database: drafts, one submit per key, status with timeline and audit."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, AuditLog, Person, TimelineEvent
from paduko_app.domain import numbers
from paduko_app.domain.lifecycle import Role, Status, TransitionError
from paduko_app.services import applications
from paduko_app.services.applications import ApplicationError

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
TODAY = dt.date(2026, 11, 29)
KTP_CETAK_ANSWERS = {"ktp_problem": "lost", "pickup_place": "kantor_lurah"}


def _people(engine):
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        account = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        person = session.exec(select(Person).where(Person.account_id == account.id)).one()
        officer = session.exec(select(Account).where(Account.username == "verifikator")).one()
        return account.id, person.id, officer.id


def _draft(engine, answers=KTP_CETAK_ANSWERS):
    account_id, person_id, officer_id = _people(engine)
    with unit_of_work(engine) as session:
        new = applications.start_draft(session, service_code="KTP_CETAK", person_id=person_id,
                                       applicant_account_id=account_id, channel="own", secret=SECRET)
        for question_id, value in answers.items():
            applications.save_answer(session, new.id, question_id, value)
        session.commit()
    return new, account_id, officer_id


def test_seed_runs_twice_and_keeps_data(engine):
    first = seed.seed_demo(engine)
    assert "verifikator" in first and "Rosnah" in first
    assert seed.seed_demo(engine) == []
    with unit_of_work(engine) as session:
        assert len(session.exec(select(Account)).all()) == len(seed.DEMO_STAFF) + len(seed.DEMO_RESIDENTS)
        admin = session.exec(select(Account).where(Account.username == "admin")).one()
        assert admin.password_hash.startswith("$argon2id$")


def test_draft_has_a_number_and_only_a_pin_hash(engine):
    new, _, _ = _draft(engine)
    with unit_of_work(engine) as session:
        stored = session.get(Application, new.id)
        assert stored.number == new.number and stored.status == "draft"
        assert new.pin not in stored.pin_hash
        assert numbers.pin_matches(new.pin, stored.pin_hash, SECRET, stored.number)
        assert applications.answers_of(session, new.id) == KTP_CETAK_ANSWERS


def test_answer_saved_twice_is_one_answer(engine):
    new, _, _ = _draft(engine)
    with unit_of_work(engine) as session:
        applications.save_answer(session, new.id, "ktp_problem", "damaged")
        session.commit()
    with unit_of_work(engine) as session:
        assert applications.answers_of(session, new.id)["ktp_problem"] == "damaged"


def test_unknown_service_and_question_are_refused(engine):
    account_id, person_id, _ = _people(engine)
    with unit_of_work(engine) as session:
        with pytest.raises(ApplicationError):
            applications.start_draft(session, service_code="NOPE", person_id=person_id,
                                     applicant_account_id=account_id, channel="own", secret=SECRET)
    new, _, _ = _draft(engine)
    with unit_of_work(engine) as session, pytest.raises(KeyError):
        applications.save_answer(session, new.id, "not_a_question", "x")


def test_double_submit_makes_one_submission(engine):
    new, account_id, _ = _draft(engine)
    for attempt in range(3):
        with unit_of_work(engine) as session:
            submitted = applications.submit(session, new.id, actor_account_id=account_id,
                                            submit_key="tap-1", today=TODAY)
            session.commit()
        assert submitted is (attempt == 0)
    with unit_of_work(engine) as session:
        events = session.exec(select(TimelineEvent).where(TimelineEvent.application_id == new.id)).all()
        assert [e.status for e in events] == ["submitted"]
        assert session.get(Application, new.id).submitted_at is not None


def test_incomplete_draft_cannot_be_submitted(engine):
    new, account_id, _ = _draft(engine, answers={"ktp_problem": "lost"})
    with unit_of_work(engine) as session, pytest.raises(ApplicationError) as caught:
        applications.submit(session, new.id, actor_account_id=account_id, submit_key="k", today=TODAY)
    assert caught.value.message_id == applications.ERR_INCOMPLETE


def test_whole_life_with_timeline_and_audit(engine):
    new, account_id, officer_id = _draft(engine)
    steps = [
        (Status.SUBMITTED, Role.APPLICANT, account_id, {}),
        (Status.IN_REVIEW, Role.VERIFIKATOR, officer_id, {}),
        (Status.NEEDS_REVISION, Role.VERIFIKATOR, officer_id, {"reason": "Foto surat kehilangan buram"}),
        (Status.SUBMITTED, Role.APPLICANT, account_id, {}),
        (Status.IN_REVIEW, Role.VERIFIKATOR, officer_id, {}),
        (Status.FINISHED_PICKUP, Role.VERIFIKATOR, officer_id, {"place": "Kantor Lurah Ganting"}),
    ]
    for target, role, actor, extra in steps:
        with unit_of_work(engine) as session:
            applications.change_status(session, new.id, target, role=role, actor_account_id=actor, **extra)
            session.commit()
    with unit_of_work(engine) as session:
        application = session.get(Application, new.id)
        assert application.status == "finished_pickup"
        assert application.pickup_place == "Kantor Lurah Ganting"
        assert application.finished_at is not None
        events = session.exec(select(TimelineEvent).where(TimelineEvent.application_id == new.id)
                              .order_by(TimelineEvent.id)).all()
        assert [e.status for e in events] == [s[0].value for s in steps]
        assert events[2].reason == "Foto surat kehilangan buram"
        audits = session.exec(select(AuditLog).where(AuditLog.action == "application.status",
                                                    AuditLog.target_id == new.id)).all()
        assert len(audits) == len(steps)


def test_refused_transition_writes_nothing(engine):
    new, account_id, _ = _draft(engine)
    with unit_of_work(engine) as session:
        with pytest.raises(TransitionError):
            applications.change_status(session, new.id, Status.FINISHED_PRINT, role=Role.APPLICANT,
                                       actor_account_id=account_id)
        session.commit()
    with unit_of_work(engine) as session:
        assert session.get(Application, new.id).status == "draft"
        assert session.exec(select(TimelineEvent).where(TimelineEvent.application_id == new.id)).all() == []


def test_uncommitted_work_is_rolled_back(engine):
    new, account_id, _ = _draft(engine)
    with unit_of_work(engine) as session:
        applications.change_status(session, new.id, Status.WITHDRAWN, role=Role.APPLICANT,
                                   actor_account_id=account_id)
        # no commit: e.g. an error later in the same use case
    with unit_of_work(engine) as session:
        assert session.get(Application, new.id).status == "draft"


def _attach_both_photos(session, application_id: int, account_id: int) -> None:
    """The two photos a KTP-el replacement needs, uploaded and attached."""
    from paduko_app.db.models import DocumentBlob, Upload
    from paduko_app.services import wizard

    for requirement in ("surat_kehilangan", "kk"):
        blob = DocumentBlob(content=b"\xff\xd8 photo")
        session.add(blob)
        session.flush()
        session.add(Upload(key=f"k-{requirement}", account_id=account_id, purpose="document", blob_id=blob.id,
                           content_type="image/jpeg", size_bytes=8, sha256="0" * 64))
        session.commit()
        wizard.attach(session, application_id, requirement, f"k-{requirement}", account_id)


def test_corrected_application_keeps_number_and_pin(engine):
    from paduko_app.i18n import translate
    from paduko_app.services import wizard
    from paduko_app.db.models import Document

    new, account_id, officer_id = _draft(engine)
    with unit_of_work(engine) as session:
        account = session.get(Account, account_id)
        _attach_both_photos(session, new.id, account_id)
        first = wizard.submit(session, new.id, account=account, submit_key="a", secret=SECRET,
                              public_url="http://localhost:3000", lang="min", translate=translate, today=TODAY)
        assert len(first.pin) == 6 and first.receipt_document_id
        for target, role, actor, extra in [(Status.IN_REVIEW, Role.VERIFIKATOR, officer_id, {}),
                                           (Status.NEEDS_REVISION, Role.VERIFIKATOR, officer_id, {"reason": "Foto KK buram"})]:
            applications.change_status(session, new.id, target, role=role, actor_account_id=actor, **extra)
        session.commit()
        again = wizard.submit(session, new.id, account=account, submit_key="b", secret=SECRET,
                              public_url="http://localhost:3000", lang="min", translate=translate, today=TODAY)
        assert again.number == first.number and again.pin == ""
        stored = session.get(Application, new.id)
        assert stored.status == "submitted" and numbers.pin_matches(first.pin, stored.pin_hash, SECRET, stored.number)
        receipts = session.exec(select(Document).where(Document.application_id == new.id, Document.kind == "receipt")).all()
        assert len(receipts) == 1
        assert [e.event for e in session.exec(select(TimelineEvent).where(TimelineEvent.application_id == new.id)
                                                .order_by(TimelineEvent.id))][-1] == "event.resubmitted"


def test_status_changes_notify_caregiver_and_person_without_personal_details(engine):
    from paduko_app.db.models import OutboxMessage

    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        andi = session.exec(select(Account).where(Account.nik == "1374020506850002")).one()
        rosnah = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        her = session.exec(select(Person).where(Person.account_id == rosnah.id)).one()
        from paduko_app.db.models import CareLink

        link = CareLink(caregiver_account_id=andi.id, person_id=her.id, relationship="child", status="accepted",
                        evidence_kind="f107")
        session.add(link)
        new = applications.start_draft(session, service_code="KTP_CETAK", person_id=her.id,
                                       applicant_account_id=andi.id, channel="caregiver", secret=SECRET)
        applications.change_status(session, new.id, Status.WITHDRAWN, role=Role.APPLICANT, actor_account_id=andi.id)
        session.commit()
        sent = session.exec(select(OutboxMessage)).all()
        assert sorted(m.recipient for m in sent) == ["081200000001", "081200000002"]
        assert all(m.params == {"number": new.number} for m in sent)
        # Once the link is refused, the caregiver hears nothing more about her.
        link.status = "refused"
        session.add(link)
        other = applications.start_draft(session, service_code="KTP_CETAK", person_id=her.id,
                                         applicant_account_id=andi.id, channel="caregiver", secret=SECRET)
        applications.change_status(session, other.id, Status.WITHDRAWN, role=Role.APPLICANT, actor_account_id=andi.id)
        told = session.exec(select(OutboxMessage).where(OutboxMessage.id > max(m.id for m in sent))).all()
        assert [m.recipient for m in told] == ["081200000001"]


def test_the_receipt_is_rendered_before_submitting_takes_sqlites_write_lock(engine, empty_database_url, monkeypatch):
    """Rendering the PDF takes a CPU-bound moment (seconds when the machine is busy): with SQLite's
    write lock held meanwhile, everyone else's answers waited past the busy timeout in the load
    test (benchmarks/load.py, 50 residents). Another writer must get through while it renders."""
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock")
    from sqlalchemy import text

    from paduko_app.db.engine import make_engine
    from paduko_app.db.models import Document
    from paduko_app.i18n import translate
    from paduko_app.services import wizard

    other = make_engine(empty_database_url, busy_timeout=0.05)
    real_render = wizard.receipt.render_receipt
    written_meanwhile = []

    def render_while_another_writes(*args, **kwargs):
        with other.begin() as conn:  # fails with "database is locked" if the submit holds the lock
            conn.execute(text("UPDATE person SET address = address WHERE id = 1"))
        written_meanwhile.append(True)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(wizard.receipt, "render_receipt", render_while_another_writes)
    new, account_id, _ = _draft(engine)
    with unit_of_work(engine) as session:
        account = session.get(Account, account_id)
        _attach_both_photos(session, new.id, account_id)
        done = wizard.submit(session, new.id, account=account, submit_key="a", secret=SECRET,
                             public_url="http://localhost:3000", lang="id", translate=translate, today=TODAY)
        assert written_meanwhile == [True]
        stored = session.get(Application, new.id)
        assert stored.status == "submitted" and numbers.pin_matches(done.pin, stored.pin_hash, SECRET, stored.number)
        assert session.get(Document, done.receipt_document_id).kind == "receipt"
    other.dispose()
