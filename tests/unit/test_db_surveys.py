"""The IKM survey on a real database: offered when a document is finished, answered once,
stored without anything that ties it to the person."""

import re

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import AuditLog, OutboxMessage, SurveyInvitation, SurveyResponse
from paduko_app.notify.outbox import render
from paduko_app.services import decisions, queue, surveys
from tests.unit.test_db_office import _submitted, _world

pytestmark = pytest.mark.db
ANSWERS = (4, 3, 3, 4, None, 3, 4, 2, 3)


def _finished(engine, w):
    application_id = _submitted(engine, w)
    with unit_of_work(engine) as session:
        queue.claim(session, application_id, w["officer"])
        decisions.finish_pickup(session, application_id, w["officer"], "mpp")
    return application_id


def _token_from_message(engine) -> str:
    with unit_of_work(engine) as session:
        message = session.exec(select(OutboxMessage)
                               .where(OutboxMessage.message_id == "notify.finished_pickup")).one()
        text = render(message)
    found = re.search(r"/survei\?t=([A-Za-z0-9_-]+)", text)
    assert found, text
    return found.group(1)


def test_finishing_offers_the_survey_by_link_and_on_akun_and_it_is_answered_once(engine):
    w = _world(engine)
    _finished(engine, w)
    token = _token_from_message(engine)
    with unit_of_work(engine) as session:
        offers = surveys.open_for(session, w["resident"].id)
        assert [o.service_code for o in offers] == ["KTP_CETAK"]
        surveys.answer(session, surveys.find(session, token=token), ANSWERS)
    with unit_of_work(engine) as session:
        row = session.exec(select(SurveyResponse)).one()
        assert (row.service_code, row.channel, row.age_group) == ("KTP_CETAK", "own", "60_plus")
        assert re.fullmatch(r"\d{4}-\d{2}", row.month)
        assert [getattr(row, f"u{i}") for i in range(1, 10)] == list(ANSWERS)
        assert surveys.open_for(session, w["resident"].id) == []
        with pytest.raises(surveys.SurveyError):
            surveys.find(session, token=token)  # one-time


def test_in_app_offer_only_for_its_own_account(engine):
    w = _world(engine)
    _finished(engine, w)
    with unit_of_work(engine) as session:
        offer = surveys.open_for(session, w["resident"].id)[0]
        with pytest.raises(surveys.SurveyError):
            surveys.find(session, invitation_id=offer.invitation_id, account_id=w["officer"].id)
        surveys.answer(session, surveys.find(session, invitation_id=offer.invitation_id,
                                             account_id=w["resident"].id), ANSWERS)
    with unit_of_work(engine) as session:
        assert len(session.exec(select(SurveyResponse)).all()) == 1


def test_stored_answers_cannot_be_joined_to_a_person(engine):
    w = _world(engine)
    application_id = _finished(engine, w)
    token = _token_from_message(engine)
    with unit_of_work(engine) as session:
        surveys.answer(session, surveys.find(session, token=token), ANSWERS, profile={"sex": "p", "occupation": "lainnya"})
    table = inspect(engine)
    # Only the grouping dimensions, the answers and the form's optional profile: no id of a
    # person, account or application, no timestamp finer than the month, no foreign key to follow.
    assert {c["name"] for c in table.get_columns("surveyresponse")} == {
        "id", "service_code", "channel", "age_group", "month", *(f"u{i}" for i in range(1, 10)),
        "sex", "education", "occupation"}
    assert table.get_foreign_keys("surveyresponse") == []
    with unit_of_work(engine) as session:
        # The invitation, the only row that knew the application, is gone with the answer.
        assert session.exec(select(SurveyInvitation)).all() == []
        stored = session.exec(select(SurveyResponse)).one()
        assert (stored.sex, stored.education, stored.occupation) == ("p", None, "lainnya")
        response_id = stored.id
        # Nothing else recorded the answer (no audit row names it or the invitation).
        audits = session.exec(select(AuditLog).where(AuditLog.target_type.in_(["surveyresponse", "surveyinvitation"]))).all()
        assert audits == [] and response_id is not None and application_id is not None


def test_an_empty_or_invalid_survey_is_refused(engine):
    w = _world(engine)
    _finished(engine, w)
    token = _token_from_message(engine)
    with unit_of_work(engine) as session:
        invitation = surveys.find(session, token=token)
        with pytest.raises(surveys.SurveyError):
            surveys.answer(session, invitation, (None,) * 9)
        with pytest.raises(ValueError):
            surveys.answer(session, invitation, (5,) * 9)
        with pytest.raises(ValueError):  # only the form's options, nothing typed
            surveys.answer(session, invitation, (4,) * 9, profile={"occupation": "Guru di SD 3"})
        with pytest.raises(ValueError):
            surveys.answer(session, invitation, (4,) * 9, profile={"name": "Rosnah"})
