"""Text grading: whitespace normalisation and capa's ``ci`` and ``regexp`` options."""

from __future__ import annotations

import pytest

from tests.grading.helpers import text
from ve_edu_plugin.grading.api import GradeErrorCode, judge_answer
from ve_edu_plugin.grading.bodies import TextBody


def _assert_grades(body: TextBody, correct: list[str], incorrect: list[str]) -> None:
    for answer in correct:
        verdict = judge_answer(body, answer)
        assert verdict.error is None and verdict.correct, answer
    for answer in incorrect:
        verdict = judge_answer(body, answer)
        assert verdict.error is None and not verdict.correct, answer


def test_case_sensitive_like_capa_without_ci() -> None:
    body = text(["Second"], case_sensitive=True)
    _assert_grades(body, ["Second", " Second "], ["Other String", "second"])
    several = text(["sample_answer", "Second", "Third", "Fourth"], case_sensitive=True)
    _assert_grades(several, ["Second", "Third", "Fourth"], ["second", "Other String"])


def test_case_insensitive_like_capa_ci() -> None:
    body = text(["Second", "Third", "Fourth"], case_sensitive=False)
    _assert_grades(body, ["Second", "second", "THIRD", "fourth"], ["Other String"])


def test_whitespace_is_stripped_and_collapsed_on_both_sides() -> None:
    body = text(["  New   York "])
    _assert_grades(body, ["New York", "  new\tyork\n", "New  York"], ["NewYork", "New Yorker"])


@pytest.mark.parametrize(
    ("pattern", "case_sensitive", "answer", "correct"),
    [
        # capa's regexp test vectors
        ("Second", False, "Second", True),
        ("sec", False, "Second", False),
        ("sec.*", False, "Second", True),
        ("sec.*", True, "Second", False),
        ("Sec.*$", False, "Second", True),
        ("^sec$", False, "Second", False),
        ("^Sec(ond)?$", False, "Second", True),
        ("^Sec(ond)?$", False, "Sec", True),
        ("tre+", False, "There is a tree", False),
        (".*tre+", False, "There is a tree", True),
        (r"^(-\|){2,5}$", False, "-|-|-|", True),
        (r"^(-\|){2,5}$", False, "-|", False),
        (r"^(-\|){2,5}$", False, "-|-|-|-|-|-|", False),
        ("5\\\\æ", False, "5\\æ", True),
        ("a\\\\c1", False, "a\\c1", True),
        ("a\\s1", False, "a  1", True),
        ("\\\\", False, "\\", True),
        ("æ", False, "æ", True),
        ("ö", False, "o", False),
    ],
)
def test_regexp_like_capa(pattern: str, case_sensitive: bool, answer: str, correct: bool) -> None:
    verdict = judge_answer(text([pattern], regexp=True, case_sensitive=case_sensitive), answer)
    assert verdict.error is None
    assert verdict.correct is correct


def test_regexp_sees_the_normalised_answer() -> None:
    """Unlike capa, runs of whitespace are collapsed before matching: ``a \\s1`` needs two blanks."""
    body = text(["a \\s1"], regexp=True)
    assert not judge_answer(body, "a  1").correct
    assert judge_answer(text(["a\\s+1"], regexp=True), "a   1").correct


def test_regexp_alternatives_each_match_the_whole_answer() -> None:
    body = text(["just_sample", "^One$", "two", "^thre+", "Four"], regexp=True)
    _assert_grades(body, ["One", "two", "threeeee", "three", "Four", "four"], ["Five", "|", "!!two!!", "twofold"])


def test_luther_king_alternatives() -> None:
    body = text([r"\w*\.?.*Luther King\s*.*"], regexp=True, case_sensitive=True)
    answers = ["Martin Luther King Junior", "Doctor Martin Luther King Junior", "Dr. Martin Luther King Jr."]
    _assert_grades(body, answers, ["martin luther king"])


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("", GradeErrorCode.EMPTY_ANSWER),
        (" \n\t", GradeErrorCode.EMPTY_ANSWER),
        (42, GradeErrorCode.MALFORMED_ANSWER),
        (["Second"], GradeErrorCode.MALFORMED_ANSWER),
        ("x" * 5000, GradeErrorCode.ANSWER_TOO_LONG),
    ],
)
def test_malformed_text_answers(answer: object, code: GradeErrorCode) -> None:
    verdict = judge_answer(text(["Second"]), answer)
    assert verdict.error is not None and verdict.error.code == code


def test_normalised_answer_folds_case_only_when_case_does_not_matter() -> None:
    assert judge_answer(text(["Paris"]), "  PARIS ").normalised_answer == "paris"
    assert judge_answer(text(["Paris"], case_sensitive=True), "  PARIS ").normalised_answer == "PARIS"


def test_long_answers_are_graded_without_being_remembered() -> None:
    body = text(["a" * 200])
    assert judge_answer(body, "a" * 200).correct
    assert judge_answer(body, "A" * 200).correct
