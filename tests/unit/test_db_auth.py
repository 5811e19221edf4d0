"""Signing in: one-time codes and their limits, sessions, staff passwords, lock-out and TOTP."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, AuditLog, OutboxMessage, Person, SessionToken, utcnow
from paduko_app.domain import otp, totp
from paduko_app.notify import outbox
from paduko_app.notify.adapters import DeliveryError, OutboxAdapter
from paduko_app.services import auth
from paduko_app.services.auth import AuthError

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc)
ROSNAH = dict(nik="1374015203580001", phone="081200000001")
NEW = dict(nik="1374024107900003", phone="0813 1111 2222")  # a woman born 1 July 1990


def _latest_code(engine) -> str:
    with unit_of_work(engine) as session:
        message = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        return message.params["code"]


def _request(engine, who=ROSNAH, purpose="sign_in", at=T0, **kw):
    with unit_of_work(engine) as session:
        return auth.request_code(session, purpose=purpose, lang="min", secret=SECRET, now=at, **who, **kw)


def _verify(engine, code, who=ROSNAH, at=T0):
    with unit_of_work(engine) as session:
        return auth.verify_code(session, code=code, secret=SECRET, session_days=90, now=at, **who)


def _error(call) -> AuthError:
    with pytest.raises(AuthError) as caught:
        call()
    return caught.value


@pytest.fixture
def demo(engine):
    seed.seed_demo(engine)
    return engine


def test_resident_signs_in_with_the_code_from_the_outbox(demo):
    sent = _request(demo, who={"nik": "1374 0152 0358 0001", "phone": "+62 812-0000-0001"})
    assert sent.masked_phone.startswith("0812") and "0000" not in sent.masked_phone
    code = _latest_code(demo)
    signed = _verify(demo, f"{code[:3]} {code[3:]}", at=T0 + dt.timedelta(minutes=9))
    assert signed.role == "resident" and not signed.first_time
    with unit_of_work(demo) as session:
        assert auth.resolve(session, signed.token, T0).nik == ROSNAH["nik"]
        stored = session.exec(select(SessionToken)).one()
        assert signed.token not in stored.token_hash
        assert stored.expires_at == T0 + dt.timedelta(minutes=9, days=90)
        assert session.exec(select(AuditLog).where(AuditLog.action == "auth.sign_in")).first()


def test_sign_up_creates_an_unverified_account_linked_to_nobody(demo):
    """A typed NIK is not a credential: the new account is not the person's until verified."""
    _request(demo, who=NEW, purpose="sign_up", name="  Siti   Rahmah ")
    signed = _verify(demo, _latest_code(demo), who=NEW)
    assert signed.first_time
    with unit_of_work(demo) as session:
        account = session.get(Account, signed.account_id)
        assert (account.display_name, account.phone) == ("Siti Rahmah", "081311112222")
        assert account.identity_verified_at is None
        assert session.exec(select(Person).where(Person.account_id == account.id)).first() is None


def test_bad_fields_are_refused_each_by_name(demo):
    assert _error(lambda: _request(demo, who={**NEW, "nik": "123"}, purpose="sign_up", name="X Y")).field == "nik"
    assert _error(lambda: _request(demo, who={**NEW, "phone": "021 123"}, purpose="sign_up", name="X Y")).field == "phone"
    assert _error(lambda: _request(demo, who=NEW, purpose="sign_up", name="x")).field == "name"


def _outbox(engine) -> list[OutboxMessage]:
    with unit_of_work(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_sign_in_and_sign_up_answer_alike_whether_or_not_a_nik_is_registered(demo):
    """Issue 13, finding 4: knowing a NIK tells nothing; codes go only to the phone on file."""
    wrong_phone = {**ROSNAH, "phone": "081299999999"}
    cases = [  # (who, purpose, name): none of these may send a usable code
        (NEW, "sign_in", ""),  # not registered
        (wrong_phone, "sign_in", ""),  # registered, but not this phone
        (ROSNAH, "sign_up", "Rosnah"),  # already registered
    ]
    for n, (who, purpose, name) in enumerate(cases):
        at = T0 + dt.timedelta(minutes=2 * n)
        sent = _request(demo, who=who, purpose=purpose, name=name, at=at)
        assert (sent.purpose, sent.masked_phone) == (purpose, auth.mask_phone(auth.normalise_phone(who["phone"])))
        # Checking behaves as for a real code: wrong, wrong, ..., too many; never "no code".
        assert _error(lambda: _verify(demo, "123456", who=who, at=at)).message_id == otp.ERR_WRONG
    messages = _outbox(demo)
    assert all(message.message_id != "notify.otp" for message in messages)
    # The owner's phone hears once a day that someone tried to sign up with the NIK, no code in it.
    assert [(msg.recipient, msg.message_id, msg.params) for msg in messages] == [
        (ROSNAH["phone"], "security.notice.signup_exists", {})]
    # The genuine cases send a code to the phone typed (which is the phone on file for sign-in).
    _request(demo, at=T0 + dt.timedelta(hours=1))
    _request(demo, who=NEW, purpose="sign_up", name="Siti Rahmah", at=T0 + dt.timedelta(hours=1))
    assert [msg.recipient for msg in _outbox(demo) if msg.message_id == "notify.otp"] == [
        ROSNAH["phone"], "081311112222"]


def _new_person(i: int) -> dict:
    return {"nik": f"137402410790{i:04d}", "phone": f"0813{i:08d}"}


def test_one_browser_cannot_pump_codes_to_many_phones(demo):
    """Issue 13, finding 7 (and 4: new-NIK sign-up is limited): per device, per address, per hour."""
    from paduko_app.services import limits

    refusals = []
    for i in range(1, 26):  # the incident: 25 numbers from one anonymous browser in 18 s
        try:
            _request(demo, who=_new_person(i), purpose="sign_up", name="Orang Baru",
                     at=T0 + dt.timedelta(seconds=i), client="browser-1", ip="10.0.0.1")
        except AuthError as exc:
            refusals.append(exc.message_id)
    assert len(refusals) == 25 - limits.CODES_PER_CLIENT.max_count
    assert set(refusals) == {limits.ERR_CODES_LATER}
    assert len([m for m in _outbox(demo) if m.message_id == "notify.otp"]) == limits.CODES_PER_CLIENT.max_count
    # Fresh browser tokens from one address: the address limit stops them.
    sent = limits.CODES_PER_CLIENT.max_count
    for i in range(100, 100 + limits.CODES_PER_IP_DEFAULT):
        try:
            _request(demo, who=_new_person(i), purpose="sign_up", name="Orang Baru",
                     at=T0 + dt.timedelta(seconds=i), client=f"browser-{i}", ip="10.0.0.1")
            sent += 1
        except AuthError as exc:
            assert exc.message_id == limits.ERR_CODES_LATER
    assert sent == limits.CODES_PER_IP_DEFAULT
    # A new hour, new addresses: the global budget per hour, with one alarm for the admins.
    later = T0 + dt.timedelta(hours=2)
    for i in range(200, 203):
        _request(demo, who=_new_person(i), purpose="sign_up", name="Orang Baru", at=later,
                 client=f"c{i}", ip=f"10.1.0.{i % 250}", global_per_hour=3)
    for i in range(203, 206):
        error = _error(lambda: _request(demo, who=_new_person(i), purpose="sign_up", name="Orang Baru", at=later,
                                        client=f"c{i}", ip=f"10.1.0.{i % 250}", global_per_hour=3))
        assert error.message_id == limits.ERR_CODES_BUSY
    with unit_of_work(demo) as session:
        alarms = limits.recent_alarms(session, now=later)
        assert [alarm.detail["limit"] for alarm in alarms] == ["codes.global"]
        # Counters are one row per key and window, whatever the number of requests.
        from paduko_app.db.models import AbuseCounter

        rows = session.exec(select(AbuseCounter)).all()
        assert len(rows) == len({(row.key, row.window_start) for row in rows})
        assert all("10.0.0.1" not in row.key and "browser" not in row.key for row in rows)


def test_guessing_stops_after_five_tries(demo):
    _request(demo)
    code = _latest_code(demo)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = [_error(lambda: _verify(demo, wrong)).message_id for _ in range(5)]
    assert messages == [otp.ERR_WRONG] * 4 + [otp.ERR_TOO_MANY]
    # Even the right code is refused now.
    assert _error(lambda: _verify(demo, code)).message_id == otp.ERR_TOO_MANY


def test_expired_and_reused_codes_are_refused(demo):
    _request(demo)
    code = _latest_code(demo)
    assert _error(lambda: _verify(demo, code, at=T0 + dt.timedelta(minutes=10))).message_id == otp.ERR_EXPIRED
    _request(demo, at=T0 + dt.timedelta(minutes=11))
    fresh = _latest_code(demo)
    _verify(demo, fresh, at=T0 + dt.timedelta(minutes=12))
    assert _error(lambda: _verify(demo, fresh, at=T0 + dt.timedelta(minutes=13))).message_id == otp.ERR_NONE


def test_codes_are_rate_limited(demo):
    _request(demo)
    assert _error(lambda: _request(demo, at=T0 + dt.timedelta(seconds=59))).message_id == otp.ERR_WAIT
    for i in range(1, otp.POLICY.daily_cap):
        _request(demo, at=T0 + dt.timedelta(minutes=2 * i))
    late = T0 + dt.timedelta(hours=23)
    assert _error(lambda: _request(demo, at=late)).message_id == otp.ERR_DAILY_CAP
    _request(demo, at=T0 + dt.timedelta(days=1, minutes=1))  # a day later the cap has passed


def test_malformed_codes_are_refused_before_counting(demo):
    _request(demo)
    for bad in ("12345", "1234567", "12a456", "", "١٢٣٤٥٦"):
        assert _error(lambda: _verify(demo, bad)).message_id == otp.ERR_FORMAT


def test_signed_out_tokens_are_refused(demo):
    _request(demo)
    first = _verify(demo, _latest_code(demo))
    _request(demo, at=T0 + dt.timedelta(minutes=5))
    second = _verify(demo, _latest_code(demo), at=T0 + dt.timedelta(minutes=5))
    with unit_of_work(demo) as session:
        auth.sign_out(session, first.token)
        assert auth.resolve(session, first.token) is None
        assert auth.resolve(session, second.token) is not None
        assert auth.sign_out_everywhere(session, second.account_id) == 1
        assert auth.resolve(session, second.token) is None
        for tampered in ("", "x" * 500, second.token[:-1] + ("A" if second.token[-1] != "A" else "B")):
            assert auth.resolve(session, tampered) is None


def test_staff_password_lockout_and_totp(demo):
    with unit_of_work(demo) as session:
        assert _error(lambda: auth.staff_sign_in(session, username="nobody", password="x", now=T0)).message_id == auth.ERR_STAFF_CREDENTIALS
        for _ in range(auth.MAX_STAFF_FAILURES - 1):
            assert _error(lambda: auth.staff_sign_in(session, username="admin", password="wrong", now=T0)).message_id == auth.ERR_STAFF_CREDENTIALS
        assert _error(lambda: auth.staff_sign_in(session, username="admin", password="wrong", now=T0)).message_id == auth.ERR_STAFF_LOCKED
        # Locked: even the right password waits.
        assert _error(lambda: auth.staff_sign_in(session, username="admin", password="demo-admin-2026", now=T0)).message_id == auth.ERR_STAFF_LOCKED
        later = T0 + auth.STAFF_LOCKOUT + dt.timedelta(seconds=1)
        assert auth.staff_sign_in(session, username="Admin", password="demo-admin-2026", now=later).role == "admin"
        officer = session.exec(select(Account).where(Account.username == "verifikator")).one()
        officer.totp_secret = totp.new_secret()
        session.add(officer)
        session.commit()
        assert _error(lambda: auth.staff_sign_in(session, username="verifikator", password="demo-verifikator-2026",
                                                  totp_code="000000", now=later)).message_id == auth.ERR_STAFF_TOTP
        code = totp.code_now(officer.totp_secret, at=later.timestamp())
        assert auth.staff_sign_in(session, username="verifikator", password="demo-verifikator-2026",
                                  totp_code=code, now=later).role == "verifikator"
        failures = session.exec(select(AuditLog).where(AuditLog.action == "auth.staff_failed")).all()
        assert len(failures) == 1 + auth.MAX_STAFF_FAILURES + 1  # unknown, password x5, totp


class _Failing:
    name = "http"

    def deliver(self, message):
        raise DeliveryError("down")


class _Recording:
    name = "http"

    def __init__(self):
        self.sent = []

    def deliver(self, message):
        self.sent.append(message)


def test_delivery_renders_in_the_persons_language_and_scrubs_codes(demo):
    _request(demo)
    recorder = _Recording()
    with unit_of_work(demo) as session:
        assert outbox.deliver_pending(session, _Failing()) == 0
        assert outbox.deliver_pending(session, recorder) == 0  # waits for its retry time
        assert outbox.deliver_pending(session, recorder, now=utcnow() + outbox.BACKOFF[0]) == 1
        session.commit()
    code_text = recorder.sent[0].text
    assert recorder.sent[0].recipient == "081200000001"
    with unit_of_work(demo) as session:
        message = session.exec(select(OutboxMessage)).one()
        assert message.status == "sent" and message.attempts == 2
        assert message.params["code"] == "******"
    assert any(ch.isdigit() for ch in code_text)


def test_outbox_adapter_keeps_codes_for_the_demo_page(demo):
    _request(demo)
    with unit_of_work(demo) as session:
        assert outbox.deliver_pending(session, OutboxAdapter()) == 1
        session.commit()
    assert _latest_code(demo).isdigit()


def test_a_used_code_does_not_make_the_next_sign_in_wait(demo):
    _request(demo)
    _verify(demo, _latest_code(demo), at=T0 + dt.timedelta(seconds=20))
    _request(demo, at=T0 + dt.timedelta(seconds=30))  # signed out and back within the minute


def test_wrong_authenticator_codes_lock_like_wrong_passwords(demo):
    """Issue 13, finding 6: five wrong TOTP codes after the right password lock the account."""
    with unit_of_work(demo) as session:
        officer = session.exec(select(Account).where(Account.username == "verifikator")).one()
        officer.totp_secret = totp.new_secret()
        session.add(officer)
        session.commit()
        right = totp.code_now(officer.totp_secret, at=T0.timestamp())
        wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"

        def attempt(code, at=T0):
            return auth.staff_sign_in(session, username="verifikator", password="demo-verifikator-2026",
                                      totp_code=code, now=at)

        messages = [_error(lambda: attempt(wrong)).message_id for _ in range(auth.MAX_STAFF_FAILURES)]
        assert messages == [auth.ERR_STAFF_TOTP] * (auth.MAX_STAFF_FAILURES - 1) + [auth.ERR_STAFF_LOCKED]
        assert _error(lambda: attempt(right)).message_id == auth.ERR_STAFF_LOCKED  # the right code waits too
        later = T0 + auth.STAFF_LOCKOUT + dt.timedelta(seconds=1)
        assert attempt(totp.code_now(officer.totp_secret, at=later.timestamp()), later).role == "verifikator"
