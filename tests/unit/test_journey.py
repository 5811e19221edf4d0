"""The journey through an application's steps: pure domain, no database."""

from paduko_app.domain import catalogue
from paduko_app.domain.journey import CHECK_STEP, DOCUMENT, QUESTION, Journey, Step

KTP_REKAM = catalogue.service("KTP_REKAM")


def test_a_fresh_journey_opens_at_the_first_question_and_ends_at_check():
    journey = Journey(KTP_REKAM, {}, ())
    assert journey.first_open() == Step(QUESTION, "ktp_record_reason")
    assert journey.steps[-1] == CHECK_STEP
    assert journey.previous_before("ktp_record_reason") is None
    assert journey.next_after("ktp_record_reason") == Step(QUESTION, "home_recording")


def test_an_answer_can_bring_new_steps_and_resume_finds_the_first_open_one():
    answers = {"ktp_record_reason": "age_17", "home_recording": "ya"}
    journey = Journey(KTP_REKAM, answers, ())
    ids = [s.id for s in journey.steps]
    assert "home_reason" in ids and "visit_address" in ids
    assert journey.first_open() == Step(QUESTION, "home_reason")
    assert journey.position("home_reason") == (3, len(journey.steps))


def test_all_answered_and_photographed_opens_the_check_page():
    answers = {"ktp_record_reason": "age_17", "home_recording": "tidak", "visit_time": "morning"}
    assert Journey(KTP_REKAM, answers, ("kk",)).first_open() == CHECK_STEP
    assert Journey(KTP_REKAM, answers, ()).first_open() == Step(DOCUMENT, "kk")


def test_a_revision_asks_only_what_the_officer_flagged():
    answers = {"ktp_record_reason": "age_17", "home_recording": "tidak", "visit_time": "morning"}
    journey = Journey(KTP_REKAM, answers, ("kk",), flagged={(QUESTION, "visit_time"), (DOCUMENT, "kk")})
    assert journey.revising
    assert journey.steps == [Step(QUESTION, "visit_time"), Step(DOCUMENT, "kk"), CHECK_STEP]
    assert journey.first_open() == Step(QUESTION, "visit_time")
    assert journey.next_after("visit_time") == Step(DOCUMENT, "kk")
    assert journey.previous_before("visit_time") is None


def test_a_corrected_answer_that_needs_more_is_asked_during_a_revision_too():
    answers = {"ktp_record_reason": "age_17", "home_recording": "ya", "visit_time": "morning"}
    journey = Journey(KTP_REKAM, answers, ("kk",), flagged={(QUESTION, "home_recording")})
    ids = [s.id for s in journey.steps]
    assert ids[0] == "home_recording" and "home_reason" in ids and ids[-1] == ""
    assert journey.first_missing() == Step(QUESTION, "home_reason")


def test_the_summary_lists_every_question_asked_and_every_photo():
    answers = {"ktp_record_reason": "age_17", "home_recording": "tidak", "visit_time": "morning"}
    items = Journey(KTP_REKAM, answers, ()).summary_items()
    assert [i.id for i in items] == ["ktp_record_reason", "home_recording", "visit_time", "kk"]
