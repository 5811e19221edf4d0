"""IKM per PermenPAN-RB 14/2017, checked against a computation worked by hand."""

from decimal import Decimal

import pytest

from paduko_app.domain import ikm

# Four respondents, nine elements each (worked on paper):
#   element sums   14 12 11 16 13 13 14 11 11     (total 115)
#   NRR            3.50 3.00 2.75 4.00 3.25 3.25 3.50 2.75 2.75   (sum 28.75)
#   weighted avg   28.75 / 9 = 3.19444...
#   IKM            3.19444... x 25 = 79.8611... -> 79.86 -> B (Baik)
HAND_WORKED = [
    (4, 4, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 3, 2, 3),
    (3, 2, 2, 4, 3, 4, 4, 3, 3),
    (4, 3, 3, 4, 4, 3, 3, 3, 2),
]


def test_hand_worked_example():
    result = ikm.compute(HAND_WORKED)
    assert result.respondents == 4
    assert result.element_averages == tuple(Decimal(v) for v in
                                            ("3.50", "3.00", "2.75", "4.00", "3.25", "3.25", "3.50", "2.75", "2.75"))
    assert result.index == Decimal("79.86")
    assert result.grade == "B"
    assert result.performance_id == "ikm.grade.b"


@pytest.mark.parametrize("value, expected", [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
    ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
])
def test_grade_boundaries(value, expected):
    assert ikm.grade(Decimal(value)) == expected


def test_exact_boundary_from_answers():
    # Five respondents whose 45 answers add up to 117: 117 x 25 / 45 = 65 exactly -> C, not D.
    answers = [(3,) * 9] * 3 + [(2,) * 9] * 2
    assert sum(map(sum, answers)) == 117
    result = ikm.compute(answers)
    assert result.index == Decimal("65.00") and result.grade == "C"


def test_rounding_is_half_up_before_grading():
    # 88.305 rounds to 88.31 (A); 64.994 stays 64.99 (D).
    assert ikm.grade(Decimal("88.305")) == "A"
    assert ikm.grade(Decimal("64.994")) == "D"


def test_extremes():
    assert ikm.compute([(1,) * 9]).index == Decimal("25.00")
    assert ikm.compute([(4,) * 9]).index == Decimal("100.00")


def test_skipped_elements_average_over_those_who_answered():
    result = ikm.compute([(4,) * 9, (2, None, 2, 2, 2, 2, 2, 2, 2)])
    assert result.element_averages[1] == Decimal("4.00")
    assert result.element_averages[0] == Decimal("3.00")


def test_no_respondents_has_no_index():
    result = ikm.compute([])
    assert result.index is None and result.grade is None and result.respondents == 0


def test_from_sums_matches_compute():
    sums = [sum(r[i] for r in HAND_WORKED) for i in range(9)]
    assert ikm.from_sums(4, sums, [4] * 9) == ikm.compute(HAND_WORKED)


@pytest.mark.parametrize("bad", [(0,) * 9, (5,) * 9, (4,) * 8])
def test_invalid_answers_refused(bad):
    with pytest.raises(ikm.InvalidAnswer):
        ikm.compute([bad])


def test_outside_scale_refused():
    with pytest.raises(ValueError):
        ikm.grade(Decimal("24.99"))
