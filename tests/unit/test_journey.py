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


def _walk(svc, answers_in_order, documents=()):
    """(number, total) on each step as a person answers one question after another."""
    answers, seen = {}, []
    for question_id, value in answers_in_order:
        journey = Journey(svc, answers, documents)
        seen.append(journey.position(question_id))
        answers = {**answers, question_id: value}
    journey = Journey(svc, answers, documents)
    for step in journey.steps[journey.index_of(answers_in_order[-1][0]) + 1:]:
        seen.append(journey.position(step.id))
    return seen


def test_the_step_count_never_grows_and_the_number_moves_one_at_a_time():
    """Issue 9: never "Langkah 1 dari 4" then "2 dari 5"."""
    # "ya" brings three more questions: they were counted from the start, as they could apply.
    for home in ("ya", "tidak"):
        answers = [("ktp_record_reason", "age_17"), ("home_recording", home)]
        if home == "ya":
            answers += [("home_reason", "elderly"), ("visit_address", "Jl. Imam Bonjol 1"), ("contact_phone", "081200000001")]
        answers += [("visit_time", "morning")]
        seen = _walk(KTP_REKAM, answers)
        totals = [total for _, total in seen]
        assert totals == sorted(totals, reverse=True), (home, seen)
        assert [number for number, _ in seen] == list(range(1, len(seen) + 1)), (home, seen)
        assert seen[-1][0] == seen[-1][1]  # the check page is the last step of the count
    assert Journey(KTP_REKAM, {}, ()).position("ktp_record_reason") == (1, 8)
    assert Journey(KTP_REKAM, {"home_recording": "tidak"}, ()).position("home_recording") == (2, 5)


def test_a_photo_that_depends_on_an_answer_is_counted_until_the_answer_rules_it_out():
    ktp_cetak = catalogue.service("KTP_CETAK")
    assert Journey(ktp_cetak, {}, ()).position("ktp_problem") == (1, 6)  # 2 questions, 3 photos, check
    assert Journey(ktp_cetak, {"ktp_problem": "lost"}, ()).position("pickup_place") == (2, 5)


def test_an_address_known_from_stored_data_is_a_step_done_and_skipped_on_the_way():
    answers = {"ktp_record_reason": "age_17", "home_recording": "ya", "visit_address": "Jl. Imam Bonjol 1"}
    journey = Journey(KTP_REKAM, answers, ())
    assert journey.next_after("home_reason") == Step(QUESTION, "contact_phone")
    assert journey.previous_before("contact_phone") == Step(QUESTION, "home_reason")
    assert journey.position("contact_phone") == (5, 8)  # counted, never asked again
    assert journey.first_open() == Step(QUESTION, "home_reason")
