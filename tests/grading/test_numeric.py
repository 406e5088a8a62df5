"""
Numeric grading, with test vectors taken from capa's documented ``numericalresponse`` behaviour
(tolerance rules, ranges, percentages, staff expressions) so that imported problems grade alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.grading.helpers import numeric
from ve_edu_plugin.grading.api import GradeErrorCode, judge_answer
from ve_edu_plugin.grading.bodies import NumericBody


def _assert_grades(body: NumericBody, correct: Sequence[object], incorrect: Sequence[object]) -> None:
    for answer in correct:
        verdict = judge_answer(body, answer)
        assert verdict.error is None and verdict.correct, answer
    for answer in incorrect:
        verdict = judge_answer(body, answer)
        assert verdict.error is None and not verdict.correct, answer


@pytest.mark.parametrize(
    ("value", "correct", "incorrect"),
    [
        # capa's default tolerance: 0.001%, relative to the larger value
        (1, ["1"], ["1.1"]),
        (2.0, ["2.0"], ["1.0"]),
        (4, ["4.0", "4.00004"], ["4.00005"]),
        (0.00016, ["1.6*10^-4"], []),
        (0.000016, ["1.6*10^-5"], ["0.000165"]),
        (1.9e24, ["1.9*10^24"], ["1.9001*10^24"]),
        (2e-15, ["2*10^-15"], []),
        (3141592653589793238.0, ["3141592653589793115."], []),
        (0.1234567, ["0.123456", "0.1234561"], ["0.123451"]),
        (1e-5, ["1e-5", "1.0e-5"], ["-1e-5", "2*1e-5"]),
    ],
)
def test_default_tolerance_like_capa(value: float, correct: list[str], incorrect: list[str]) -> None:
    _assert_grades(numeric(value=value), correct, incorrect)


def test_exact_answers() -> None:
    _assert_grades(numeric(value=4), ["4", "4.0", "4.00", 4, 4.0], ["3.9", "4.1", "0"])


def test_absolute_tolerance() -> None:
    _assert_grades(numeric(value=4, tolerance=0.1), ["4.0", "4.00", "4.09", "3.91"], ["4.11", "3.89", "0"])
    _assert_grades(numeric(value=4, tolerance="0.1"), ["4.09", "3.91"], ["4.11", "3.89"])


def test_percent_tolerance_is_a_percentage_of_the_expected_value() -> None:
    _assert_grades(numeric(value=4, tolerance="10%"), ["4.0", "4.39", "3.61"], ["4.41", "3.59", "0"])
    _assert_grades(numeric(value=-4, tolerance="10%"), ["-4.0", "-4.39", "-3.61"], ["-4.41", "-3.59", "0"])
    _assert_grades(numeric(value=1, tolerance="200%"), ["1", "2.99", "0.99"], ["3.01", "-1.01"])
    _assert_grades(numeric(value=4, tolerance="10% "), ["4.39", "3.61"], ["4.41", "3.59"])
    _assert_grades(numeric(value=9.81, tolerance="1%"), ["9.8", "9.9", "9.72"], ["9.70", "9.92", "10"])


@pytest.mark.parametrize(
    ("value", "correct"),
    [("1%", ["1%", "1.0%", "1.00%", "0.01"]), ("2.0%", ["2%", "2.0%", "0.02"]), ("4.00%", ["4%", "0.04"])],
)
def test_percentages_as_values(value: str, correct: list[str]) -> None:
    _assert_grades(numeric(value=value), correct, ["1", "0.5"])


def test_staff_may_give_an_expression() -> None:
    body = numeric(value="1/3", tolerance=1e-3)
    _assert_grades(body, ["1/3", "0.333333"], ["0.33"])
    assert judge_answer(numeric(value="2*pi"), "6.28318530718").correct


@pytest.mark.parametrize(
    ("range_", "correct", "incorrect"),
    [
        ("[5, 7)", ["5", "6", "6.999"], ["4.999", "7"]),
        ("[1.6e-5, 1.9e24)", ["0.000016", "1.6*10^-5", "1.59e24"], ["1.59e-5", "1.9e24", "1.9*10^24"]),
        ("[0, 1.6e-5]", ["1.6*10^-5"], ["2"]),
        ("(1.6e-5, 10]", ["2"], ["1.6*10^-5"]),
    ],
)
def test_ranges_like_capa(range_: str, correct: list[str], incorrect: list[str]) -> None:
    _assert_grades(numeric(range=range_), correct, incorrect)


def test_complex_answers_are_refused_for_ranges() -> None:
    verdict = judge_answer(numeric(range="(1, 5)"), "1*J")
    assert verdict.error is not None and verdict.error.code == GradeErrorCode.COMPLEX_NOT_ALLOWED


def test_infinity_and_nan_are_never_correct() -> None:
    body = numeric(value=4, tolerance="10%")
    for answer in ["1e999", "-1e999", "1e999*0", float("inf"), float("nan")]:
        verdict = judge_answer(body, answer)
        assert verdict.error is None and not verdict.correct, answer


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("1/0", GradeErrorCode.EVALUATION_ERROR),
        ("fish", GradeErrorCode.UNDEFINED_VARIABLE),
        ("2*(3", GradeErrorCode.UNMATCHED_PARENTHESIS),
        ("3 4", GradeErrorCode.INVALID_SYNTAX),
        ("fact(2.5)", GradeErrorCode.EVALUATION_ERROR),
        ("", GradeErrorCode.EMPTY_ANSWER),
        ("   ", GradeErrorCode.EMPTY_ANSWER),
        (["4"], GradeErrorCode.MALFORMED_ANSWER),
        (None, GradeErrorCode.MALFORMED_ANSWER),
        (True, GradeErrorCode.MALFORMED_ANSWER),
        ("4" * 2000, GradeErrorCode.ANSWER_TOO_LONG),
        (10**400, GradeErrorCode.EVALUATION_ERROR),
    ],
)
def test_malformed_answers_are_errors_not_wrong_answers(answer: object, code: GradeErrorCode) -> None:
    verdict = judge_answer(numeric(value=4), answer)
    assert verdict.error is not None
    assert verdict.error.code == code


def test_equal_values_have_one_normalised_form() -> None:
    body = numeric(value=9.81, tolerance="1%")
    forms = {judge_answer(body, answer).normalised_answer for answer in ["9.80", " 9.8", "9.8", 9.8, "98e-1"]}
    assert forms == {"9.8"}
    assert judge_answer(body, "4").normalised_answer == judge_answer(body, "4.0").normalised_answer == "4"


def test_expressions_from_learners_are_evaluated() -> None:
    body = numeric(value=6.283185307179586)
    assert judge_answer(body, "2*pi").correct
    assert judge_answer(body, "2 * PI").correct
