"""
Choice grading. The partial-credit vectors are capa's own ``ChoiceResponse`` test cases
(Every Decision Counts and Halves), so imported checkbox problems earn the same credit.
"""

from __future__ import annotations

import pytest

from tests.grading.helpers import multiple_choice, single_choice
from ve_edu_plugin.grading.api import GradeErrorCode, judge_answer
from ve_edu_plugin.grading.choices import round_away_from_zero
from ve_edu_plugin.questions.schemas import validate_body


def test_single_choice_right_and_wrong() -> None:
    body = single_choice(correct="b")
    assert judge_answer(body, "b").correct
    assert judge_answer(body, "b").score == 1.0
    wrong = judge_answer(body, "a")
    assert not wrong.correct and wrong.score == 0.0 and wrong.error is None
    assert wrong.normalised_answer == "a"


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("d", GradeErrorCode.UNKNOWN_CHOICE),
        ("", GradeErrorCode.EMPTY_ANSWER),
        (["b"], GradeErrorCode.MALFORMED_ANSWER),
        (1, GradeErrorCode.MALFORMED_ANSWER),
        (None, GradeErrorCode.MALFORMED_ANSWER),
    ],
)
def test_single_choice_malformed(answer: object, code: GradeErrorCode) -> None:
    verdict = judge_answer(single_choice(), answer)
    assert verdict.error is not None and verdict.error.code == code


def test_single_choice_feedback_for_the_chosen_choice() -> None:
    body = validate_body(
        "single_choice",
        {
            "text": "Capital of Malawi?",
            "choices": [
                {"id": "a", "text": "Blantyre", "correct": False, "feedback": "Blantyre is the commercial capital."},
                {"id": "b", "text": "Lilongwe", "correct": True, "feedback": "Yes."},
            ],
        },
    )
    assert dict(judge_answer(body, "a").feedback_by_choice) == {"a": "Blantyre is the commercial capital."}
    assert dict(judge_answer(body, "b").feedback_by_choice) == {"b": "Yes."}


def test_checkboxes_need_exactly_the_correct_set() -> None:
    body = multiple_choice([False, True, True])
    assert judge_answer(body, ["choice_1", "choice_2"]).correct
    assert judge_answer(body, ["choice_2", "choice_1", "choice_2"]).correct  # order and repeats do not matter
    for answer in (["choice_1"], ["choice_2"], ["choice_0", "choice_1"], ["choice_0", "choice_2"]):
        verdict = judge_answer(body, answer)
        assert verdict.error is None and verdict.score == 0.0, answer


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        (["choice_0", "choice_1"], 0.0),
        (["choice_2", "choice_3"], 1.0),
        (["choice_0"], 0.25),
        (["choice_2"], 0.75),
        (["choice_0", "choice_1", "choice_2", "choice_3"], 0.5),
    ],
)
def test_every_decision_counts_like_capa(answer: list[str], score: float) -> None:
    body = multiple_choice([False, False, True, True], partial_credit="every_decision_counts")
    assert judge_answer(body, answer).score == score


def test_every_decision_counts_rounds_to_two_decimals_away_from_zero() -> None:
    body = multiple_choice([True, False, False], partial_credit="EDC")
    assert judge_answer(body, ["choice_0", "choice_1"]).score == 0.67
    assert judge_answer(body, ["choice_1"]).score == 0.33
    assert round_away_from_zero(0.125, 2) == 0.13  # not banker's rounding
    assert round_away_from_zero(0.5) == 1.0


@pytest.mark.parametrize(
    ("pattern", "answer", "score"),
    [
        ([False, False, True, True], ["choice_0", "choice_1"], 0.0),
        ([False, False, True, True], ["choice_2", "choice_3"], 1.0),
        ([False, False, True, True], ["choice_2"], 0.5),
        ([False, False, True, True], ["choice_1", "choice_2", "choice_3"], 0.5),
        ([False, False, True, True], ["choice_0", "choice_1", "choice_2", "choice_3"], 0.0),
        ([False, False, True, True, False], ["choice_0", "choice_1", "choice_4"], 0.0),
        ([False, False, True, True, False], ["choice_2", "choice_3"], 1.0),
        ([False, False, True, True, False], ["choice_2"], 0.5),
        ([False, False, True, True, False], ["choice_1", "choice_2", "choice_3"], 0.5),
        ([False, False, True, True, False], ["choice_0", "choice_1", "choice_2", "choice_3"], 0.25),
        ([False, False, True, True, False], ["choice_0", "choice_1", "choice_2", "choice_3", "choice_4"], 0.0),
        ([True, False], ["choice_0", "choice_1"], 0.0),  # one error, but only two choices: no credit
    ],
)
def test_halves_like_capa(pattern: list[bool], answer: list[str], score: float) -> None:
    verdict = judge_answer(multiple_choice(pattern, partial_credit="halves"), answer)
    assert verdict.score == score
    assert verdict.correct == (score == 1.0)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ([], GradeErrorCode.EMPTY_ANSWER),
        (["choice_9"], GradeErrorCode.UNKNOWN_CHOICE),
        ("choice_1", GradeErrorCode.MALFORMED_ANSWER),
        ([1, 2], GradeErrorCode.MALFORMED_ANSWER),
        ({"choice_1": True}, GradeErrorCode.MALFORMED_ANSWER),
    ],
)
def test_multiple_choice_malformed(answer: object, code: GradeErrorCode) -> None:
    verdict = judge_answer(multiple_choice([False, True, True]), answer)
    assert verdict.error is not None and verdict.error.code == code


def test_checkbox_feedback_selected_unselected_and_combinations() -> None:
    body = validate_body(
        "multiple_choice",
        {
            "text": "Select the fruits",
            "choices": [
                {
                    "id": "apple",
                    "text": "Apple",
                    "correct": True,
                    "feedback": "Apple is a fruit.",
                    "feedback_unselected": "Remember apple.",
                },
                {"id": "mushroom", "text": "Mushroom", "correct": False, "feedback": "A fungus."},
                {"id": "grape", "text": "Grape", "correct": True},
            ],
            "combination_feedback": [{"choices": ["mushroom", "apple"], "feedback": "Almost: no mushroom."}],
        },
    )
    assert dict(judge_answer(body, ["grape"]).feedback_by_choice) == {"apple": "Remember apple."}
    assert dict(judge_answer(body, ["apple", "grape"]).feedback_by_choice) == {"apple": "Apple is a fruit."}
    combined = judge_answer(body, ["apple", "mushroom"])
    assert combined.feedback == "Almost: no mushroom."
    assert dict(combined.feedback_by_choice) == {}  # a matching combination replaces per-choice feedback


def test_normalised_selection_follows_the_choice_order() -> None:
    body = multiple_choice([False, True, True])
    assert judge_answer(body, ["choice_2", "choice_1"]).normalised_answer == "choice_1,choice_2"
