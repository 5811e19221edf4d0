"""What the office keeps itself (/admin/kantor): contacts and hours, the announcement, target
times; each save validated with message ids per field and audited; the queue and the monitoring
use the office's target times."""

import datetime as dt

import pytest
from sqlmodel import select

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, AuditLog, Person, VoiceRecording
from paduko_app.domain import catalogue
from paduko_app.domain.lifecycle import Role, Status
from paduko_app.domain.messages import FormErrors
from paduko_app.services import applications, monitoring, office_settings as office, queue, tallies
from paduko_app.services.monitoring import Period

pytestmark = pytest.mark.db
UTC = dt.timezone.utc
HOURS = {"id": "Senin-Kamis 08.00-16.00", "min": "Sinayan-Kamih 08.00-16.00", "en": "Mon-Thu 08.00-16.00"}


@pytest.fixture
def admin_id(engine):
    with unit_of_work(engine) as session:
        admin = Account(role="admin", username="admin", display_name="Admin")
        session.add(admin)
        session.commit()
        return admin.id


def _errors(call) -> dict:
    with pytest.raises(FormErrors) as caught:
        call()
    return caught.value.errors


def test_contact_defaults_then_the_offices_own_with_whatsapp_in_international_form(engine, admin_id):
    with unit_of_work(engine) as session:
        assert office.contact(session) == office.DEFAULT_CONTACT and office.contact(session).hours == {}
        saved = office.save_contact(session, admin_id=admin_id, phone="0752-82123", whatsapp="0812 6600 1122",
                                    address="Jl. Sutan Syahrir No. 1, Padang Panjang", hours=HOURS)
    assert saved.phone == "0752-82123" and saved.phone_link == "tel:075282123"
    assert saved.whatsapp == "6281266001122" and saved.whatsapp_display == "0812-6600-1122"
    assert dict(saved.hours) == HOURS and office.DEFAULT_CONTACT.whatsapp_display == "0852-7466-3857"
    with unit_of_work(engine) as session:
        assert office.contact(session) == saved
        audit = session.exec(select(AuditLog).where(AuditLog.action == "office_setting.save")).all()
        assert [(a.actor_account_id, a.detail["key"]) for a in audit] == [(admin_id, "contact")]


def test_bad_contacts_are_refused_field_by_field_and_nothing_is_kept(engine, admin_id):
    with unit_of_work(engine) as session:
        errors = _errors(lambda: office.save_contact(
            session, admin_id=admin_id, phone="call us", whatsapp="12345", address="x" * 201,
            hours={"id": "Senin-Jumat", "min": "", "en": "Mon-Fri"}))
    assert errors == {"phone": office.ERR_PHONE, "whatsapp": office.ERR_WHATSAPP, "address": office.ERR_TOO_LONG,
                      "hours_min": office.ERR_ALL_LANGUAGES}
    with unit_of_work(engine) as session:
        assert office.contact(session) == office.DEFAULT_CONTACT
        assert session.exec(select(AuditLog).where(AuditLog.action == "office_setting.save")).all() == []


def test_the_announcement_shows_only_when_on_and_in_every_language(engine, admin_id):
    texts = {"id": "Kantor tutup 25 Desember.", "min": "Kantua tutuik 25 Desember.", "en": "Closed on 25 December."}
    with unit_of_work(engine) as session:
        assert office.announcement(session) == {}
        assert _errors(lambda: office.save_announcement(session, admin_id=admin_id, active=True,
                                                        texts={**texts, "en": ""})) == {"text_en": office.ERR_ALL_LANGUAGES}
        assert set(_errors(lambda: office.save_announcement(session, admin_id=admin_id, active=True, texts={}))) == {
            "text_id", "text_min", "text_en"}
        assert office.save_announcement(session, admin_id=admin_id, active=True, texts=texts) == texts
        audio = {r.lang for r in session.exec(select(VoiceRecording).where(
            VoiceRecording.message_id == office.ANNOUNCEMENT_PROMPT)).all()}
        from paduko_app import voice
        assert audio == ({"id", "min", "en"} if not voice.missing_tools() else set())
        # Switched off: the home page shows nothing, the admin keeps the texts, the audio goes.
        assert office.save_announcement(session, admin_id=admin_id, active=False, texts=texts) == {}
        assert office.announcement_draft(session) == (texts, False)
        assert session.exec(select(VoiceRecording).where(
            VoiceRecording.message_id == office.ANNOUNCEMENT_PROMPT)).all() == []


def test_target_times_are_checked_and_used_by_the_queue_and_the_monitoring(engine, admin_id):
    default = catalogue.service("KTP_CETAK").sla_working_days
    with unit_of_work(engine) as session:
        assert _errors(lambda: office.save_targets(session, admin_id=admin_id, values={"KTP_CETAK": "0", "KIA": "x"})
                       ) == {"target_KTP_CETAK": office.ERR_TARGET, "target_KIA": office.ERR_TARGET}
        person = Person(name="Tua", birth_date=dt.date(1950, 1, 1))
        session.add(person)
        session.flush()
        # Submitted on Monday 2 November, finished 10 working days later on Monday 16 November.
        submitted = dt.datetime(2026, 11, 2, 3, tzinfo=UTC)
        rows = [Application(number=f"T{i}", pin_hash="x", service_code="KTP_CETAK", status="finished_print",
                            person_id=person.id, applicant_account_id=admin_id, channel="own",
                            created_at=submitted, submitted_at=submitted,
                            finished_at=submitted + dt.timedelta(days=14)) for i in range(5)]
        waiting = Application(number="W1", pin_hash="x", service_code="KTP_CETAK", status="submitted",
                              person_id=person.id, applicant_account_id=admin_id, channel="own",
                              created_at=submitted, submitted_at=submitted)
        session.add_all([*rows, waiting])
        session.commit()
    today = dt.date(2026, 11, 16)
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 1))

    def speed():
        with unit_of_work(engine) as session:
            return dict(monitoring.build(session, november, today).tables["speed"].rows)["service.ktp_cetak.name"]

    assert default < 10 and speed()[3] == "0%" and speed()[4] == "<5"  # late and overdue by the catalogue
    with unit_of_work(engine) as session:
        assert office.save_targets(session, admin_id=admin_id, values={"KTP_CETAK": "10", "KIA": ""}) == {"KTP_CETAK": 10}
        assert queue.due_date("KTP_CETAK", submitted, office.targets(session)) == dt.date(2026, 11, 16)
        assert queue.queue(session, today=today).rows[0].days_left == 0
        assert queue.queue(session, queue.Filters(overdue=True), today=today).total == 0
        tallies.rebuild(session)  # finished before the change: counted again against the new target
        session.commit()
    assert speed()[3] == "100%" and speed()[4] == "0"
    # A finish after the change is judged by the office's target in its own transaction.
    with unit_of_work(engine) as session:
        applications.change_status(session, waiting.id, Status.IN_REVIEW, role=Role.VERIFIKATOR, actor_account_id=admin_id)
        applications.change_status(session, waiting.id, Status.FINISHED_PRINT, role=Role.VERIFIKATOR,
                                   actor_account_id=admin_id)
        session.commit()
    with unit_of_work(engine) as session:
        kept, fresh = tallies.kept(session)[1], tallies.compute_all(session)[1]
    assert kept == +fresh


def _places(**offered) -> dict:
    return {code: {"offered": offered.get(code, True), "address": "", "hours": {}}
            for code in ("disdukcapil", "mpp", "kantor_lurah")}


def test_pickup_places_are_all_offered_until_the_office_keeps_its_own(engine, admin_id):
    with unit_of_work(engine) as session:
        assert office.offered_places(session) == ("disdukcapil", "mpp", "kantor_lurah")
        assert office.pickup_places(session)["mpp"] == office.PickupPlace("mpp")
        values = _places(mpp=False)
        values["disdukcapil"] |= {"address": " Jl. Sutan  Syahrir No. 1 ", "hours": HOURS}
        saved = office.save_pickup_places(session, admin_id=admin_id, values=values)
    assert saved["disdukcapil"] == office.PickupPlace("disdukcapil", True, "Jl. Sutan Syahrir No. 1", HOURS)
    assert not saved["mpp"].offered and saved["kantor_lurah"].hours == {}
    with unit_of_work(engine) as session:
        assert office.offered_places(session) == ("disdukcapil", "kantor_lurah")
        audit = session.exec(select(AuditLog).where(AuditLog.action == "office_setting.save")).all()
        assert [(a.actor_account_id, a.detail["key"]) for a in audit] == [(admin_id, office.PICKUP_KEY)]


def test_bad_pickup_places_are_refused_field_by_field_and_one_place_stays_offered(engine, admin_id):
    values = _places(disdukcapil=False, mpp=False, kantor_lurah=False)
    values["mpp"] |= {"address": "x" * 201, "hours": {"id": "Senin-Jumat", "min": "", "en": "Mon-Fri"}}
    with unit_of_work(engine) as session:
        errors = _errors(lambda: office.save_pickup_places(session, admin_id=admin_id, values=values))
    assert errors == {"pickup_offered": office.ERR_PICKUP_NONE, "pickup_mpp_address": office.ERR_TOO_LONG,
                      "pickup_mpp_hours_min": office.ERR_ALL_LANGUAGES}
    with unit_of_work(engine) as session:
        assert office.offered_places(session) == ("disdukcapil", "mpp", "kantor_lurah")
        assert session.exec(select(AuditLog).where(AuditLog.action == "office_setting.save")).all() == []


def test_the_wizard_offers_only_places_offered_now_but_keeps_a_saved_answer():
    from paduko_app.domain.journey import QUESTION, Journey, Step
    from paduko_app.services import answer_views

    def shown(answers, offered):
        journey = Journey(catalogue.service("KTP_CETAK"), answers, ())
        view = answer_views.step_view(journey, Step(QUESTION, "pickup_place"), {}, offered_places=offered)
        return [o.value for o in view.options]

    assert shown({}, None) == ["disdukcapil", "mpp", "kantor_lurah"]
    assert shown({}, ("disdukcapil", "kantor_lurah")) == ["disdukcapil", "kantor_lurah"]
    assert shown({"pickup_place": "mpp"}, ("disdukcapil",)) == ["disdukcapil", "mpp"]  # never changed silently


def test_the_status_card_shows_the_offices_address_and_hours_for_the_place():
    from paduko_app.services.status import Event, StatusView
    from state.status import status_card

    event = Event(dt.datetime(2026, 11, 2, 3, tzinfo=UTC), "finished_pickup", "event.finished_pickup", "", "mpp", {})
    found = StatusView(1, "KTPC-2611-0001", "KTP_CETAK", "finished_pickup", (event,), None)
    places = {"mpp": office.PickupPlace("mpp", True, "Jl. Imam Bonjol 5", HOURS)}
    card = status_card(found, signed_in=False, places=places)["events"][0]
    assert card["place_detail:min"] == "Jl. Imam Bonjol 5 · " + HOURS["min"]
    assert status_card(found, signed_in=False)["events"][0]["place_detail:en"] == ""  # nothing kept, nothing shown


def test_a_place_no_longer_offered_cannot_be_answered_but_a_kept_answer_stays(engine):
    from paduko_app.db import seed
    from paduko_app.domain.fields import AnswerError
    from paduko_app.services import wizard

    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        admin_id = session.exec(select(Account).where(Account.username == "admin")).one().id
        resident = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        person = session.exec(select(Person).where(Person.account_id == resident.id)).one()
        draft = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                         applicant_account_id=resident.id, channel="own", secret="s" * 40)
        wizard.answer(session, draft.id, "pickup_place", "mpp")  # offered when chosen
        office.save_pickup_places(session, admin_id=admin_id, values=_places(mpp=False, kantor_lurah=False))
        wizard.answer(session, draft.id, "pickup_place", "mpp")  # the kept answer, sent again: fine
        wizard.answer(session, draft.id, "pickup_place", "disdukcapil")
        with pytest.raises(AnswerError):  # a hand-made event for a place not offered now
            wizard.answer(session, draft.id, "pickup_place", "kantor_lurah")
        with pytest.raises(AnswerError):  # once changed, the old place is gone too
            wizard.answer(session, draft.id, "pickup_place", "mpp")
        assert applications.answers_of(session, draft.id)["pickup_place"] == "disdukcapil"


def _statements(engine):
    from sqlalchemy import event

    seen = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_public_info_is_read_once_kept_briefly_and_read_again_after_a_save(engine, admin_id):
    """Every page's help box asks for it: the database is read once per 30 s per process, and a
    save (here, in this process) shows at the next page; another worker's save within 30 s."""
    office.forget_public_info()
    statements = _statements(engine)
    first = office.public_info(engine, now=1000.0)
    assert first.contact == office.DEFAULT_CONTACT and first.announcement == {}
    read_once = len(statements)
    assert read_once >= 1
    assert office.public_info(engine, now=1010.0) is first and len(statements) == read_once

    with unit_of_work(engine) as session:
        saved = office.save_contact(session, admin_id=admin_id, phone="0752-82123", whatsapp="081266001122",
                                    address="", hours=HOURS)
    after_save = office.public_info(engine, now=1011.0)
    assert after_save.contact == saved

    # A save by another worker process: not seen here until the 30 s have passed.
    with unit_of_work(engine) as session:
        office._put(session, office.CONTACT_KEY, {"phone": "0752-11111", "whatsapp": "6281266001122"}, admin_id)
        session.commit()
    assert office.public_info(engine, now=1011.0 + office.PUBLIC_INFO_SECONDS - 1).contact.phone == "0752-82123"
    assert office.public_info(engine, now=1011.0 + office.PUBLIC_INFO_SECONDS).contact.phone == "0752-11111"

    texts = {"id": "Tutup besok.", "min": "Tutuik bisuak.", "en": "Closed tomorrow."}
    with unit_of_work(engine) as session:
        office.save_announcement(session, admin_id=admin_id, active=True, texts=texts)
    assert office.public_info(engine, now=1100.0).announcement == texts
