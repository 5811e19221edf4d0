"""Issue 13, finding 12: photos never attached, and replaced photos, do not stay forever."""

import datetime as dt
import threading

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, DocumentBlob, Person, Upload, utcnow
from paduko_app.services import applications, care, retention, wizard

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"


def _upload(session, account_id, key, purpose="document", at=None) -> int:
    blob = DocumentBlob(content=f"photo {key}".encode())
    session.add(blob)
    session.flush()
    session.add(Upload(key=key, account_id=account_id, purpose=purpose, blob_id=blob.id, content_type="image/jpeg",
                       size_bytes=8, sha256="0" * 64, created_at=at or utcnow()))
    session.commit()
    return blob.id


def _blob_ids(session) -> set[int]:
    return set(session.exec(select(DocumentBlob.id)).all())


def test_purge_deletes_abandoned_and_replaced_photos_and_keeps_the_rest(engine):
    seed.seed_demo(engine)
    now = utcnow()
    day_ago = now - retention.UNATTACHED_UPLOAD_TTL - dt.timedelta(minutes=1)
    with unit_of_work(engine) as session:
        rosnah = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        andi = session.exec(select(Account).where(Account.nik == "1374020506850002")).one()
        person = session.exec(select(Person).where(Person.account_id == rosnah.id)).one()
        draft = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                         applicant_account_id=rosnah.id, channel="own", secret=SECRET)
        session.commit()
        abandoned = _upload(session, rosnah.id, "abandoned", at=day_ago)  # the wizard was left
        fresh = _upload(session, rosnah.id, "fresh", at=now - dt.timedelta(hours=1))  # still being used
        first = _upload(session, rosnah.id, "first", at=day_ago)
        wizard.attach(session, draft.id, "kk", "first", rosnah.id)
        second = _upload(session, rosnah.id, "second", at=day_ago)
        wizard.attach(session, draft.id, "kk", "second", rosnah.id)  # replaces the first photo
        evidence = _upload(session, andi.id, "evidence", purpose="care_evidence", at=day_ago)
        care.add_person(session, caregiver=andi, nik="1374015203580001", name="Rosnah", relationship="child",
                        evidence=care.Evidence("evidence", "f107"))
        left_behind = DocumentBlob(content=b"of a document deleted some other way")
        session.add(left_behind)
        session.commit()
        before = _blob_ids(session)

        done = retention.purge(session, now)

        assert before - _blob_ids(session) == {abandoned, first, left_behind.id}
        assert {fresh, second, evidence} <= _blob_ids(session)
        assert (done.uploads, done.blobs) == (2, 3)
        assert sorted(session.exec(select(Upload.key)).all()) == ["evidence", "fresh", "second"]
        assert wizard.documents_of(session, draft.id)["kk"].blob_id == second
        assert retention.purge(session, now) == retention.Purged(0, 0, 0)  # nothing left to do


def test_the_purge_runs_in_its_own_thread_and_stops(engine, empty_database_url, monkeypatch):
    from paduko_app.db import engine as db_engine

    monkeypatch.setenv("REFLEX_DB_URL", empty_database_url)
    db_engine.default_engine.cache_clear()
    ran = threading.Event()
    real = retention.purge

    def watched(session, now=None):
        ran.set()
        assert threading.current_thread().name == "paduko-purge"  # never the event loop's thread
        return real(session, now)

    monkeypatch.setattr(retention, "purge", watched)
    stop = retention.start_background(dt.timedelta(seconds=30))
    try:
        assert ran.wait(10)
    finally:
        stop.set()
        retention._thread.join(5)
        db_engine.default_engine.cache_clear()
    assert not retention._thread.is_alive()


def test_a_photo_sent_again_is_kept_a_day_from_the_last_send(engine):
    """A retry hands back the waiting upload's key: the purge must not take it away an instant later."""
    import io

    from PIL import Image

    from paduko_app.domain import media
    from paduko_app.services import uploads

    seed.seed_demo(engine)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 150)).save(buffer, "JPEG")
    photo = media.process_upload(buffer.getvalue(), "kk.jpg")
    with unit_of_work(engine) as session:
        rosnah = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        first = uploads.store_upload(session, rosnah.id, "document", photo)
        first.created_at = utcnow() - retention.UNATTACHED_UPLOAD_TTL + dt.timedelta(minutes=1)
        session.add(first)
        session.commit()
        key = first.key
        again = uploads.store_upload(session, rosnah.id, "document", photo)
        assert again.key == key
        retention.purge(session, utcnow() + dt.timedelta(minutes=5))
        assert session.exec(select(Upload.key)).all() == [key]
