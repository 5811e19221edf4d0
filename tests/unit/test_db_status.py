"""The status page by number + PIN: wrong tries are limited per device and address, never per
number, and a flood of failures leaves one counter row, not one audit row each."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import AbuseCounter, Account, Application, AuditLog, Person
from paduko_app.domain import numbers
from paduko_app.services import applications, limits, status

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc)
PIN = "482913"


@pytest.fixture
def number(engine):
    """A submitted application whose PIN is PIN; its number."""
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        account = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        person = session.exec(select(Person).where(Person.account_id == account.id)).one()
        new = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                       applicant_account_id=account.id, channel="own", secret=SECRET)
        for question_id, value in {"ktp_problem": "lost", "pickup_place": "kantor_lurah"}.items():
            applications.save_answer(session, new.id, question_id, value)
        applications.submit(session, new.id, actor_account_id=account.id, submit_key="k", today=T0.date())
        application = session.get(Application, new.id)
        application.pin_hash = numbers.hash_pin(PIN, SECRET, application.number)
        session.add(application)
        session.commit()
        return application.number


def _lookup(engine, number, pin, client="stranger-browser", ip="10.9.9.9", at=T0):
    with unit_of_work(engine) as session:
        return status.by_number_and_pin(session, number, pin, SECRET, client=client, ip=ip, now=at)


def _refusal(call) -> str:
    with pytest.raises(status.StatusError) as caught:
        call()
    return caught.value.message_id


def test_a_stranger_cannot_close_the_owners_status_page(engine, number):
    """Issue 13, finding 8: ten wrong PINs from one device stop that device, not the owner."""
    for _ in range(limits.STATUS_PER_CLIENT.max_count):
        assert _refusal(lambda: _lookup(engine, number, "000000")) == status.ERR_NOT_FOUND
    # The stranger's device is stopped, even with the right PIN ...
    assert _refusal(lambda: _lookup(engine, number, PIN)) == limits.ERR_STATUS_LATER
    # ... while the owner, on their own phone and network, still sees the status.
    assert _lookup(engine, number, PIN, client="owner-phone", ip="10.1.1.1").number == number


def test_fresh_browser_tokens_from_one_address_are_stopped_too(engine, number):
    for i in range(limits.STATUS_PER_IP.max_count):
        _refusal(lambda: _lookup(engine, number, "000000", client=f"new-token-{i}"))
    assert _refusal(lambda: _lookup(engine, number, PIN, client="yet-another")) == limits.ERR_STATUS_LATER
    next_day = T0 + dt.timedelta(days=1)
    assert _lookup(engine, number, PIN, client="yet-another", at=next_day).number == number


def test_failed_lookups_are_counted_in_place_not_audited_one_by_one(engine, number):
    for i in range(30):
        _refusal(lambda: _lookup(engine, number, f"{i:06d}", client=f"c{i % 3}"))
    with unit_of_work(engine) as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "status.pin_failed")).all() == []
        rows = session.exec(select(AbuseCounter)).all()
        assert sorted(row.count for row in rows) == [10, 10, 10, 30]  # three devices, one address
        assert limits.purge(session, now=T0 + dt.timedelta(days=3)) == 4
