"""Formula grading: equivalence by sampling, as capa's ``formularesponse`` judges it."""

from __future__ import annotations

import pytest

from tests.grading.helpers import formula
from ve_edu_plugin.grading.api import GradeErrorCode, judge_answer
from ve_edu_plugin.grading.formula import sampled_key


def test_equivalent_formulas_are_correct() -> None:
    body = formula("x+2*y", {"x": [-10, 10], "y": [-10, 10]}, samples=10, tolerance=0.01)
    assert judge_answer(body, "2*x - x + y + y").correct
    assert not judge_answer(body, "x + y").correct


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("(x+y)^2", True),
        ("x^2 + 2*x*y + y^2", True),
        ("(y+x)*(x+y)", True),
        ("x^2 + y^2", False),
        ("(x+y)^2 + 0.001", False),
        ("sqrt((x+y)^4)", True),
    ],
)
def test_expansion(answer: str, correct: bool) -> None:
    body = formula("x^2+2*x*y+y^2", {"x": [1, 5], "y": [1, 5]})
    verdict = judge_answer(body, answer)
    assert verdict.error is None
    assert verdict.correct is correct


def test_functions_and_constants_of_calc() -> None:
    body = formula("sin(x)^2", {"x": [0, 3]})
    assert judge_answer(body, "1 - cos(x)^2").correct
    assert judge_answer(formula("e^x", {"x": [0, 2]}), "exp(x)").correct
    assert judge_answer(formula("pi*r^2", {"r": [1, 3]}), "PI*R*R").correct


def test_huge_answers_are_not_correct_under_relative_tolerance() -> None:
    body = formula("x", {"x": [1, 2]}, samples=10, tolerance="1%")
    assert not judge_answer(body, "x*1e999").correct
    assert not judge_answer(body, "-x*1e999").correct


def test_nan_is_never_correct() -> None:
    body = formula("x", {"x": [1, 2]}, samples=10, tolerance="1%")
    assert not judge_answer(body, "10*x + 0*1e999").correct
    assert not judge_answer(body, "x + 0*1e999").correct


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("1/0", GradeErrorCode.EVALUATION_ERROR),
        ("3*y+2*x", GradeErrorCode.UNDEFINED_VARIABLE),
        ("x(2)", GradeErrorCode.UNDEFINED_FUNCTION),
        ("(x", GradeErrorCode.UNMATCHED_PARENTHESIS),
        ("x +", GradeErrorCode.INVALID_SYNTAX),
        ("fact(x)", GradeErrorCode.EVALUATION_ERROR),
        ("", GradeErrorCode.EMPTY_ANSWER),
        (3, GradeErrorCode.MALFORMED_ANSWER),
        ("x+" * 600, GradeErrorCode.ANSWER_TOO_LONG),
        ("9^9^9", GradeErrorCode.EVALUATION_ERROR),
    ],
)
def test_malformed_formulas_are_errors(answer: object, code: GradeErrorCode) -> None:
    verdict = judge_answer(formula("x", {"x": [1, 2]}), answer)
    assert verdict.error is not None and verdict.error.code == code


def test_variable_case_follows_the_body() -> None:
    insensitive = formula("R_1*x", {"R_1": [1, 2], "x": [1, 2]})
    assert judge_answer(insensitive, "r_1*X").correct
    sensitive = formula("R*r", {"R": [1, 2], "r": [3, 4]}, case_sensitive=True)
    assert judge_answer(sensitive, "r*R").correct
    assert not judge_answer(sensitive, "R*R").correct
    wrong_case = judge_answer(formula("x", {"x": [1, 2]}, case_sensitive=True), "X")
    assert wrong_case.error is not None and wrong_case.error.code == GradeErrorCode.UNDEFINED_VARIABLE


def test_sample_points_are_reproducible_and_seeded() -> None:
    body = formula("x", {"x": [0, 1000]}, samples=5)
    first, again = sampled_key(body), sampled_key(body)
    assert first.expected_values == again.expected_values
    learner_a, learner_b = sampled_key(body, seed=1), sampled_key(body, seed=2)
    assert learner_a.expected_values != learner_b.expected_values
    assert sampled_key(body, seed=1).expected_values == learner_a.expected_values
    assert len(first.environments) == 5
    assert all(0 <= value <= 1000 for value in first.expected_values)


def test_normalised_formula_ignores_spacing_and_case() -> None:
    body = formula("x^2", {"x": [1, 2]})
    assert judge_answer(body, " X ^ 2 ").normalised_answer == judge_answer(body, "x^2").normalised_answer == "x^2"


def test_tensor_style_and_primed_variables() -> None:
    body = formula("T_{ij}^{k} + v'", {"T_{ij}^{k}": [1, 2], "v'": [1, 2]})
    assert judge_answer(body, "v' + T_{ij}^{k}").correct
