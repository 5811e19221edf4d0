"""Each field type against good, bad and generated input: a clean value or a message id."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from paduko_app.domain import catalogue
from paduko_app.domain.catalogue import Option, Question
from paduko_app.domain.fields import AnswerError, DateParts, FieldType
from paduko_app.i18n import catalogs

TODAY = dt.date(2026, 11, 29)


def q(ftype, **kw):
    return Question(id="x", type=ftype, label="q.x.label", **kw)


def check(question, raw):
    return catalogue.validate_answer(question, raw, TODAY)


def error_of(question, raw):
    with pytest.raises(AnswerError) as caught:
        check(question, raw)
    return caught.value.message_id


def test_dates_in_three_boxes_with_month_names():
    date_q = q(FieldType.DATE)
    assert check(date_q, DateParts("17", "8", "1955")) == "1955-08-17"
    assert check(date_q, DateParts("17", "Agustus", "1955")) == "1955-08-17"
    assert check(date_q, DateParts("17", "agt.", "1955")) == "1955-08-17"
    assert check(date_q, DateParts(" 5 ", "Desember", "2020")) == "2020-12-05"
    assert check(date_q, {"day": "17", "month": "August", "year": "1955"}) == "1955-08-17"
    assert error_of(date_q, DateParts("31", "2", "1955")) == "error.date.invalid"
    assert error_of(date_q, DateParts("17", "8", "55")) == "error.date.invalid"
    assert error_of(date_q, DateParts("17", "Agustusan", "1955")) == "error.date.invalid"
    assert error_of(date_q, DateParts("1", "1", "2027")) == "error.date.future"
    assert error_of(date_q, DateParts("1", "1", "1850")) == "error.date.too_old"
    assert error_of(date_q, DateParts("", "", "")) == "error.required"


def test_child_must_be_under_seventeen_for_kia():
    kia_date = catalogue.service("KIA").question("child_birth_date")
    assert check(kia_date, DateParts("30", "11", "2009")) == "2009-11-30"
    assert error_of(kia_date, DateParts("29", "11", "2009")) == "error.date.age_max"


def test_numbers_phones_times_choices():
    number = q(FieldType.NUMBER, min_value=300, max_value=7000)
    assert check(number, "3.200") == 3200
    assert error_of(number, "3,2 kg") == "error.number.invalid"
    assert error_of(number, "9000") == "error.number.range"
    phone = q(FieldType.PHONE)
    assert check(phone, "0812-3456-7890") == "081234567890"
    assert check(phone, "+62 812 3456 7890") == "081234567890"
    assert error_of(phone, "021 555 1234") == "error.phone.invalid"
    time = q(FieldType.TIME)
    assert check(time, "8.30") == "08:30"
    assert error_of(time, "25:00") == "error.time.invalid"
    choice = q(FieldType.CHOICE, options=(Option("a", "opt.a"), Option("b", "opt.b")))
    assert check(choice, "b") == "b"
    assert error_of(choice, "c") == "error.choice.invalid"
    kel = q(FieldType.KELURAHAN)
    assert check(kel, "13.74.02.1006") == "13.74.02.1006"
    assert error_of(kel, "13.74.02.1009") == "error.kelurahan.invalid"


def test_text_refuses_control_characters_and_overlong_input():
    text = q(FieldType.TEXT, max_length=20)
    assert check(text, "  Siti   Aisyah ") == "Siti Aisyah"
    assert error_of(text, "Siti\x00") == "error.text.bad_characters"
    assert error_of(text, "a\u202eb") == "error.text.bad_characters"
    assert error_of(text, "x" * 21) == "error.text.too_long"


ALL_QUESTIONS = [question for svc in catalogue.SERVICES for question in svc.questions]


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, len(ALL_QUESTIONS) - 1),
       raw=st.one_of(st.text(max_size=300), st.integers(), st.none(),
                     st.builds(DateParts, st.text(max_size=6), st.text(max_size=12), st.text(max_size=6)),
                     st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=3)))
def test_any_input_to_any_question_gives_a_value_or_a_translated_message(index, raw):
    """Whatever arrives, validation never crashes, and every refusal can be told in all languages."""
    question = ALL_QUESTIONS[index]
    try:
        catalogue.validate_answer(question, raw, TODAY)
    except AnswerError as exc:
        for lang, table in catalogs().items():
            assert table.get(exc.message_id), (lang, exc.message_id)


@pytest.mark.parametrize("ftype", [FieldType.NUMBER, FieldType.NIK, FieldType.KK, FieldType.PHONE])
@pytest.mark.parametrize("raw", ["²³", "١٢٣٤", "1374015203580001²", "０８１２３４５６７８９０"])
def test_digits_of_other_scripts_are_refused_not_crashed_on(ftype, raw):
    with pytest.raises(AnswerError):
        check(q(ftype, min_value=0, max_value=10**9), raw)


def test_month_given_as_superscript_is_refused():
    assert error_of(q(FieldType.DATE), DateParts("1", "²", "1990")) == "error.date.invalid"
