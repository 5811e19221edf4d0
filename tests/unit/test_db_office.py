"""The office's work on a real database: queue, "Ambil", corrections, finishing, KTP-el
recording, and the messages that tell people."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import (Account, Application, AuditLog, Document, DocumentBlob, OutboxMessage, Person,
                                  RevisionFlag, RevisionReason, TimelineEvent, Upload, utcnow)
from paduko_app.domain import media
from paduko_app.domain.lifecycle import Status
from paduko_app.domain.messages import FormErrors
from paduko_app.i18n import translate
from paduko_app.services import applications, decisions, office_view, queue, revisions, uploads, wizard

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
KTP_CETAK = {"ktp_problem": "lost", "pickup_place": "mpp"}
KTP_REKAM = {"ktp_record_reason": "age_17", "home_recording": "ya", "home_reason": "elderly",
             "visit_address": "Jl. Sutan Syahrir 12", "contact_phone": "081200000001", "visit_time": "morning"}


def _world(engine):
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        revisions.seed_defaults(session)
        second = Account(role="verifikator", username="verifikator2", display_name="Petugas Dua")
        session.add(second)
        rosnah = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        rosnah.lang = "min"
        session.add(rosnah)
        session.commit()
        return {
            "resident": rosnah,
            "person": session.exec(select(Person).where(Person.account_id == rosnah.id)).one(),
            "officer": session.exec(select(Account).where(Account.username == "verifikator")).one(),
            "second": second,
            "admin": session.exec(select(Account).where(Account.username == "admin")).one(),
        }


def _photo(session, application_id, requirement_id):
    blob = DocumentBlob(content=b"jpeg", thumbnail=b"thumb")
    session.add(blob)
    session.flush()
    session.add(Document(application_id=application_id, requirement_id=requirement_id, content_type="image/jpeg",
                         size_bytes=4, sha256="0" * 64, blob_id=blob.id))


def _submitted(engine, w, service="KTP_CETAK", answers=KTP_CETAK, photos=("kk",)):
    with unit_of_work(engine) as session:
        new = applications.start_draft(session, service_code=service, person_id=w["person"].id,
                                       applicant_account_id=w["resident"].id, channel="own", secret=SECRET,
                                       kelurahan_code=w["person"].kelurahan_code)
        for question_id, value in answers.items():
            applications.save_answer(session, new.id, question_id, value)
        svc = wizard.load_draft(session, new.id).svc
        for requirement in svc.documents:
            _photo(session, new.id, requirement.id)
        session.commit()
        wizard.submit(session, new.id, account=w["resident"], submit_key=f"key-{new.id}", secret=SECRET,
                      public_url="http://localhost", lang="min", translate=translate)
    return new.id


def test_the_queue_lists_submitted_oldest_first_with_counts_and_overdue(engine):
    w = _world(engine)
    first = _submitted(engine, w)
    second = _submitted(engine, w, "KTP_REKAM", KTP_REKAM)
    with unit_of_work(engine) as session:
        old = session.get(Application, first)
        old.submitted_at = utcnow() - dt.timedelta(days=20)
        session.add(old)
        session.commit()
        view = queue.queue(session)
        assert [r.id for r in view.rows] == [first, second] and view.total == 2
        assert view.counts["service"] == {"KTP_CETAK": 1, "KTP_REKAM": 1}
        assert view.counts["channel"] == {"own": 2}
        assert view.overdue_count == 1
        assert view.rows[0].days_left < 0 < view.rows[1].days_left
        overdue = queue.queue(session, queue.Filters(overdue=True))
        assert [r.id for r in overdue.rows] == [first]
        only = queue.queue(session, queue.Filters(service="KTP_REKAM"))
        assert [r.id for r in only.rows] == [second] and only.counts["service"]["KTP_CETAK"] == 1
        assert queue.queue(session, queue.Filters(service="DROP TABLE")).total == 2  # unknown filters ignored


def test_two_officers_racing_one_gets_it_and_the_other_is_told_who(engine):
    w = _world(engine)
    application_id = _submitted(engine, w)
    with unit_of_work(engine) as session:
        queue.claim(session, application_id, w["officer"])
    with unit_of_work(engine) as session:
        with pytest.raises(queue.QueueError) as refused:
            queue.claim(session, application_id, w["second"])
        assert refused.value.message_id == queue.ERR_TAKEN
        assert refused.value.params["name"] == w["officer"].display_name
        assert session.get(Application, application_id).status == Status.IN_REVIEW.value
        with pytest.raises(queue.QueueError):
            decisions.finish_pickup(session, application_id, w["second"], "mpp")
    with unit_of_work(engine) as session:
        queue.release(session, application_id, w["admin"])
        assert queue.claim(session, application_id, w["second"]).assigned_account_id == w["second"].id


def test_a_revision_flags_items_the_resident_fixes_only_those_and_resends_with_the_same_number(engine):
    w = _world(engine)
    application_id = _submitted(engine, w)
    with unit_of_work(engine) as session:
        number = session.get(Application, application_id).number
        queue.claim(session, application_id, w["officer"])
        reasons = {r.code: r.id for r in revisions.reasons(session)}
        with pytest.raises(FormErrors):
            decisions.request_revision(session, application_id, w["officer"], {}, "")
        decisions.request_revision(session, application_id, w["officer"], {
            ("question", "ktp_problem"): reasons["data_mismatch"],
            ("document", "kk"): reasons["photo_unreadable"]}, "Foto buram.")
    with unit_of_work(engine) as session:
        draft = wizard.load_draft(session, application_id)
        assert draft.application.status == Status.NEEDS_REVISION.value
        assert [s.id for s in draft.journey.steps] == ["ktp_problem", "kk", ""]
        flag = draft.flags[("document", "kk")]
        assert flag.reason["min"] == translate("min", "reason.photo_unreadable") and flag.note == "Foto buram."
        event = session.exec(select(TimelineEvent).where(TimelineEvent.application_id == application_id)
                             .order_by(TimelineEvent.id.desc())).first()
        assert sorted(event.reason_ids) == sorted([reasons["data_mismatch"], reasons["photo_unreadable"]])
        told = session.exec(select(OutboxMessage).where(OutboxMessage.message_id == "notify.needs_revision")).all()
        assert [(m.lang, m.account_id, m.params["number"]) for m in told] == [("min", w["resident"].id, number)]
        wizard.answer(session, application_id, "ktp_problem", "lost")
        wizard.submit(session, application_id, account=w["resident"], submit_key="again", secret=SECRET,
                      public_url="http://localhost", lang="min", translate=translate)
    with unit_of_work(engine) as session:
        again = session.get(Application, application_id)
        assert again.status == Status.SUBMITTED.value and again.number == number
        assert applications.answers_of(session, application_id)["pickup_place"] == "mpp"  # untouched
        assert all(f.resolved_at for f in session.exec(select(RevisionFlag)).all())
        assert revisions.open_flags(session, application_id) == {}
        assert again.assigned_account_id == w["officer"].id  # comes back to the same officer


def test_finish_with_the_signed_pdf_and_pickup_with_a_place(engine, tmp_path):
    w = _world(engine)
    printed = _submitted(engine, w, "KTP_REKAM", KTP_REKAM)
    pickup = _submitted(engine, w)
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" \
          b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    with unit_of_work(engine) as session:
        queue.claim(session, printed, w["officer"])
        queue.claim(session, pickup, w["officer"])
        photo_upload = uploads.store_upload(session, w["officer"].id, "document",
                                            media.process_upload(_jpeg(), "x.jpg"))
        with pytest.raises(FormErrors):  # only a "result" upload, never a photo
            decisions.finish_print(session, printed, w["officer"], photo_upload.key)
        upload = uploads.store_upload(session, w["officer"].id, "result", media.process_upload(pdf, "hasil.pdf"))
        document = decisions.finish_print(session, printed, w["officer"], upload.key)
        with pytest.raises(FormErrors):
            decisions.finish_pickup(session, pickup, w["officer"], "somewhere")
        decisions.finish_pickup(session, pickup, w["officer"], "mpp")
    with unit_of_work(engine) as session:
        assert session.get(Application, printed).status == Status.FINISHED_PRINT.value
        assert session.get(DocumentBlob, session.get(Document, document.id).blob_id).content == pdf
        done = session.get(Application, pickup)
        assert done.status == Status.FINISHED_PICKUP.value and done.pickup_place == "mpp"
        message = session.exec(select(OutboxMessage).where(OutboxMessage.message_id == "notify.finished_pickup")).one()
        from paduko_app.notify.outbox import render

        assert translate("min", "opt.pickup_place.mpp") in render(message)
        assert session.get(Upload, upload.id).attached_at is not None


def _jpeg():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_home_visit_is_offered_at_the_confirmed_address_and_confirmed_by_the_resident(engine):
    w = _world(engine)
    application_id = _submitted(engine, w, "KTP_REKAM", KTP_REKAM)
    soon = (utcnow() + dt.timedelta(days=3)).astimezone(queue.WIB).strftime("%Y-%m-%dT09:00")
    with unit_of_work(engine) as session:
        queue.claim(session, application_id, w["officer"])
        with pytest.raises(FormErrors):
            decisions.offer_recording(session, application_id, w["officer"], kind="home", slots=[soon], address="")
        with pytest.raises(FormErrors):
            decisions.offer_recording(session, application_id, w["officer"], kind="office", slots=["2001-01-01T09:00"])
        offered = decisions.offer_recording(session, application_id, w["officer"], kind="home", slots=[soon],
                                            address="Jl. Sutan Syahrir 12")
        application = session.get(Application, application_id)
        with pytest.raises(FormErrors):
            decisions.answer_appointment(session, application, w["resident"].id, slot="2030-01-01T09:00+07:00")
        confirmed = decisions.answer_appointment(session, application, w["resident"].id, slot=offered.slots[0])
        assert confirmed.status == "confirmed" and confirmed.chosen == offered.slots[0]
        assert session.exec(select(OutboxMessage).where(
            OutboxMessage.message_id == "notify.appointment_confirmed")).first() is not None


def test_the_officer_view_shows_the_resident_rows_and_is_audited(engine):
    w = _world(engine)
    application_id = _submitted(engine, w)
    with unit_of_work(engine) as session:
        found = office_view.detail(session, application_id, w["officer"])
        assert found.person.nik == "1374015203580001" and found.person_age >= 60
        assert [r.id for r in found.rows] == ["ktp_problem", "pickup_place", "surat_kehilangan", "kk"]
        assert found.rows[-1].document_id is not None
        assert session.exec(select(AuditLog).where(AuditLog.action == "application.view")).first() is not None


def test_admin_keeps_reasons_in_three_languages(engine):
    w = _world(engine)
    with unit_of_work(engine) as session:
        with pytest.raises(FormErrors) as missing:
            revisions.save_reason(session, admin_id=w["admin"].id, reason_id=None, code="tanda tangan",
                                  texts={"id": "Tanda tangan tidak ada", "min": "", "en": "No signature"})
        assert "text_min" in missing.value.errors
        row = revisions.save_reason(session, admin_id=w["admin"].id, reason_id=None, code="tanda tangan",
                                    texts={"id": "Tanda tangan tidak ada", "min": "Indak ado tando tangan",
                                           "en": "No signature"})
        assert row.code == "tanda_tangan"
        revisions.save_reason(session, admin_id=w["admin"].id, reason_id=row.id, code="", active=False,
                              texts={"id": "a", "min": "b", "en": "c"})
        assert row.id not in {r.id for r in revisions.reasons(session)}
        assert session.get(RevisionReason, row.id).text_min == "b"


def test_pickup_only_at_a_place_the_office_offers_now(engine):
    from paduko_app.services import office_settings

    w = _world(engine)
    application_id = _submitted(engine, w)
    with unit_of_work(engine) as session:
        admin = Account(role="admin", username="admin.pickup", display_name="Admin")
        session.add(admin)
        session.commit()
        values = {code: {"offered": code != "mpp"} for code in ("disdukcapil", "mpp", "kantor_lurah")}
        office_settings.save_pickup_places(session, admin_id=admin.id, values=values)
        queue.claim(session, application_id, w["officer"])
        with pytest.raises(FormErrors) as refused:
            decisions.finish_pickup(session, application_id, w["officer"], "mpp")
        assert refused.value.errors == {"place": decisions.ERR_PLACE}
        decisions.finish_pickup(session, application_id, w["officer"], "kantor_lurah")
    with unit_of_work(engine) as session:
        assert session.get(Application, application_id).pickup_place == "kantor_lurah"
