"""Indeks Kepuasan Masyarakat (IKM), as PermenPAN-RB 14/2017 computes it.

Nine elements (unsur), each answered 1 (tidak baik) to 4 (sangat baik). Each element's average
(NRR) is taken over the respondents who answered it; the nine averages are weighted equally (1/9)
and the weighted average times 25 gives the IKM on a 25-100 scale. The grade is read from the IKM
rounded half-up to two decimals, because the regulation's intervals are written with two decimals
(64.99 | 65.00): a computed 64.995 belongs to C, as it would in the office's own spreadsheet.
Exact fractions, so a boundary value never falls on the wrong side through float rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

from paduko_app.domain.messages import m

ELEMENTS = (
    "persyaratan", "prosedur", "waktu", "biaya", "produk",
    "kompetensi", "perilaku", "pengaduan", "sarana",
)
SCALE = (1, 2, 3, 4)
CONVERSION = 25  # weighted average (1..4) x 25 = IKM (25..100)

# (lowest IKM of the grade, grade); checked from the top.
GRADES = (
    (Decimal("88.31"), "A"),
    (Decimal("76.61"), "B"),
    (Decimal("65.00"), "C"),
    (Decimal("25.00"), "D"),
)
# Message ids of the regulation's performance words.
PERFORMANCE = {"A": m("ikm.grade.a"), "B": m("ikm.grade.b"), "C": m("ikm.grade.c"), "D": m("ikm.grade.d")}
# The nine questions and the four answer words, in the order of ELEMENTS and SCALE.
QUESTIONS = (
    m("ikm.q.persyaratan"), m("ikm.q.prosedur"), m("ikm.q.waktu"), m("ikm.q.biaya"), m("ikm.q.produk"),
    m("ikm.q.kompetensi"), m("ikm.q.perilaku"), m("ikm.q.pengaduan"), m("ikm.q.sarana"),
)
ANSWER_WORDS = (m("ikm.answer.1"), m("ikm.answer.2"), m("ikm.answer.3"), m("ikm.answer.4"))
# Short names of the elements for the dashboard's tables.
ELEMENT_NAMES = (
    m("ikm.element.persyaratan"), m("ikm.element.prosedur"), m("ikm.element.waktu"), m("ikm.element.biaya"),
    m("ikm.element.produk"), m("ikm.element.kompetensi"), m("ikm.element.perilaku"),
    m("ikm.element.pengaduan"), m("ikm.element.sarana"),
)

# The regulation's respondent profile, each item optional and asked after the nine questions, one
# per page (the age group comes from the records, so it is not asked). Stored with the answers,
# without identity; reports show any group under 5 respondents as "<5".
PROFILE = {
    "sex": ("l", "p"),
    "education": ("sd", "smp", "sma", "diploma", "s1", "s2"),
    "occupation": ("pns", "tni", "polri", "swasta", "wirausaha", "lainnya"),
}
PROFILE_QUESTIONS = {"sex": m("ikm.q.profile_sex"), "education": m("ikm.q.profile_education"),
                     "occupation": m("ikm.q.profile_occupation")}
PROFILE_WORDS = {
    "sex": {"l": m("ikm.answer.sex_l"), "p": m("ikm.answer.sex_p")},
    "education": {"sd": m("ikm.answer.edu_sd"), "smp": m("ikm.answer.edu_smp"), "sma": m("ikm.answer.edu_sma"),
                  "diploma": m("ikm.answer.edu_diploma"), "s1": m("ikm.answer.edu_s1"), "s2": m("ikm.answer.edu_s2")},
    "occupation": {"pns": m("ikm.answer.job_pns"), "tni": m("ikm.answer.job_tni"), "polri": m("ikm.answer.job_polri"),
                   "swasta": m("ikm.answer.job_swasta"), "wirausaha": m("ikm.answer.job_wirausaha"),
                   "lainnya": m("ikm.answer.job_lainnya")},
}


def check_profile(profile) -> dict[str, Optional[str]]:
    """Each item one of the form's options or None (skipped); anything else is refused."""
    profile = dict(profile or {})
    if set(profile) - set(PROFILE):
        raise InvalidAnswer(f"unknown profile items {sorted(set(profile) - set(PROFILE))}")
    for item, value in profile.items():
        if value is not None and value not in PROFILE[item]:
            raise InvalidAnswer(f"{item} {value!r} is not on the form")
    return {item: profile.get(item) for item in PROFILE}


Answers = Sequence[Optional[int]]  # nine answers, None where the respondent skipped an element


class InvalidAnswer(ValueError):
    message_id = m("error.survey_invalid")


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    element_averages: tuple[Optional[Decimal], ...]  # NRR per element, two decimals; None: nobody answered
    index: Optional[Decimal]  # IKM, two decimals; None without a complete set of element averages
    grade: Optional[str]

    @property
    def performance_id(self) -> Optional[str]:
        return PERFORMANCE.get(self.grade) if self.grade else None


def _two_decimals(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def check_answers(answers: Answers) -> None:
    if len(answers) != len(ELEMENTS):
        raise InvalidAnswer(f"expected {len(ELEMENTS)} answers, got {len(answers)}")
    for value in answers:
        if value is not None and value not in SCALE:
            raise InvalidAnswer(f"answer {value!r} is not 1-4")


def grade(index: Decimal) -> str:
    """The grade of an IKM value already rounded to two decimals."""
    index = Decimal(index).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if not Decimal("25.00") <= index <= Decimal("100.00"):
        raise ValueError(f"IKM {index} is outside 25-100")
    return next(letter for lowest, letter in GRADES if index >= lowest)


def compute(responses: Iterable[Answers]) -> IkmResult:
    sums = [0] * len(ELEMENTS)
    counts = [0] * len(ELEMENTS)
    respondents = 0
    for answers in responses:
        check_answers(answers)
        respondents += 1
        for i, value in enumerate(answers):
            if value is not None:
                sums[i] += value
                counts[i] += 1
    return from_sums(respondents, sums, counts)


def from_sums(respondents: int, sums: Sequence[int], counts: Sequence[int]) -> IkmResult:
    """The same result from per-element sums and counts (what a database GROUP BY returns)."""
    averages = [Fraction(s, c) if c else None for s, c in zip(sums, counts)]
    shown = tuple(_two_decimals(a) if a is not None else None for a in averages)
    if respondents == 0 or any(a is None for a in averages):
        return IkmResult(respondents, shown, None, None)
    index = _two_decimals(sum(averages, Fraction(0)) / len(ELEMENTS) * CONVERSION)
    return IkmResult(respondents, shown, index, grade(index))
