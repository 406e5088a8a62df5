"""Authors' text-answer patterns: refused at save when they need backtracking, linear when they run."""

from __future__ import annotations

import threading

import pytest

from tests.grading.helpers import text
from ve_edu_plugin.grading.api import judge_answer
from ve_edu_plugin.grading.data import MAX_ANSWER_LENGTH
from ve_edu_plugin.questions.bodies import TextBody
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.schemas import validate_body

#: Patterns that backtrack exponentially on Python's engine (the issue's ``(\d+\s?)+cm`` first).
CATASTROPHIC = [r"(\d+\s?)+cm", r"(a+)+b", r"(a|aa)+c", r"(\w+\s?)*!"]
#: Answers of the longest length a learner may send that make those patterns backtrack.
ADVERSARIAL = ["1" * (MAX_ANSWER_LENGTH - 1) + "x", "a" * MAX_ANSWER_LENGTH, "a" * MAX_ANSWER_LENGTH, "ab " * 333]


def _grades_within(body: TextBody, answers: list[str], seconds: float) -> list[bool]:
    """
    Grade in a worker thread and give up after ``seconds``: a liveness check (a backtracking
    engine needs years for these answers), not a speed target (those are in ``benchmarks/``).
    """
    verdicts: list[bool] = []

    def grade() -> None:
        verdicts.extend(judge_answer(body, answer).correct for answer in answers)

    worker = threading.Thread(target=grade, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "grading a learner's answer did not finish: the pattern backtracks"
    return verdicts


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_no_answer_makes_a_pattern_backtrack(pattern: str) -> None:
    body = text([pattern], regexp=True)
    assert _grades_within(body, ADVERSARIAL, seconds=30) == [False] * len(ADVERSARIAL)


def test_the_issues_pattern_still_grades_like_a_regular_expression() -> None:
    body = text([r"(\d+\s?)+cm"], regexp=True)
    assert _grades_within(body, ["12 cm", "1 2 3cm", "12 CM", "12 mm", "cm"], seconds=30) == [
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(\d)\1", "invalid escape sequence"),
        (r"(?=\d)\w+", "invalid perl operator"),
        (r"(?<!x)y", "invalid perl operator"),
        (r"((a{1000}){1000}){1000}", "invalid repetition size"),
        (r"(\d+", "missing )"),
        ("x\ud800", "not valid text"),
    ],
)
def test_patterns_needing_backtracking_are_refused_on_their_field(pattern: str, words: str) -> None:
    with pytest.raises(BodyValidationError) as raised:
        validate_body("text", {"text": "t", "alternatives": ["fine", pattern], "regexp": True})
    issues = dict(raised.value.issues)
    assert list(issues) == ["alternatives[1]"]
    assert words in issues["alternatives[1]"] and "lookarounds are not supported" in issues["alternatives[1]"]


def test_a_stored_pattern_the_engine_cannot_run_accepts_nothing_and_never_raises() -> None:
    """Saved before patterns were checked: the other alternatives still grade."""
    body = TextBody(text="t", alternatives=(r"(\d)\1", "yes"), regexp=True)
    assert not judge_answer(body, "11").correct
    assert judge_answer(body, "YES").correct
    assert not judge_answer(body, "\udc00").correct
