"""Progressive feedback: hints, solution, attempts and show-answer, attempt by attempt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import FrozenInstanceError, fields

import pytest

from tests.grading.helpers import multiple_choice, numeric, single_choice
from ve_edu_plugin.grading.api import (
    DEFAULT_POLICY,
    AttemptHistory,
    FeedbackPolicy,
    GradeErrorCode,
    GradeResult,
    ShowAnswer,
    grade_answer,
)
from ve_edu_plugin.grading.bodies import QuestionBody

HINTS = ["<p>Hint one</p>", "<p>Hint two</p>", "<p>Hint three</p>"]


def _play(body: QuestionBody, answers: Sequence[object], policy: FeedbackPolicy = DEFAULT_POLICY) -> list[GradeResult]:
    """Submit answers in turn, keeping the history the way the attempt log would."""
    history = AttemptHistory()
    results = []
    for answer in answers:
        result = grade_answer(body, answer, history, policy)
        results.append(result)
        if result.counts_as_attempt:
            history = history.with_attempt(result.normalised_answer, result.correct)
    return results


def test_each_new_wrong_answer_unlocks_the_next_hint() -> None:
    body = numeric(value=10, hints=HINTS)
    results = _play(body, ["1", "2", "3", "4"])
    assert [result.hint_level for result in results] == [1, 2, 3, 3]
    # the fourth answer unlocks nothing new (every hint is shown): no "new" hint to announce
    assert [result.hint for result in results] == [HINTS[0], HINTS[1], HINTS[2], None]


def test_repeating_a_wrong_answer_does_not_advance_the_hint() -> None:
    body = numeric(value=10, hints=HINTS)
    results = _play(body, ["1", "1.0", " 1 ", "2", "1"])
    assert [result.hint_level for result in results] == [1, 1, 1, 2, 2]
    assert [result.repeated_answer for result in results] == [False, True, True, False, True]
    assert results[3].hint == HINTS[1]
    assert [result.hint for result in results][1:3] == [None, None], "a repeated answer unlocks no new hint"
    assert results[-1].hint is None


def test_no_hint_once_correct_but_the_level_is_kept() -> None:
    body = numeric(value=10, hints=HINTS)
    results = _play(body, ["1", "10"])
    assert results[1].correct and results[1].hint is None and results[1].hint_level == 1


def test_malformed_answers_unlock_nothing_and_are_not_attempts() -> None:
    body = numeric(value=10, hints=HINTS)
    results = _play(body, ["1", "banana", "", "2"])
    assert [result.error is not None for result in results] == [False, True, True, False]
    assert [result.attempts_used for result in results] == [1, 1, 1, 2]
    assert [result.hint_level for result in results] == [1, 1, 1, 2]
    assert results[1].hint is None


def test_partial_credit_counts_as_wrong_for_hints() -> None:
    body = multiple_choice([True, True, False], partial_credit="halves", hints=HINTS)
    result = grade_answer(body, ["choice_0"])
    assert result.partially_correct and result.score == 0.5
    assert result.hint == HINTS[0]


def test_solution_after_n_incorrect_attempts() -> None:
    body = numeric(value=10, solution="<p>Worked solution</p>")
    policy = FeedbackPolicy(solution_after=2, show_answer=ShowAnswer.NEVER, reveal_before_finished=True)
    results = _play(body, ["1", "2", "3"], policy)
    assert [result.show_solution for result in results] == [False, True, True]
    assert results[0].solution is None and results[1].solution == "<p>Worked solution</p>"


def test_solution_never_without_threshold_and_no_solution_without_content() -> None:
    body = numeric(value=10, solution="<p>Worked</p>")
    results = _play(body, ["1", "2", "3"], FeedbackPolicy(solution_after=None, show_answer=ShowAnswer.NEVER))
    assert not any(result.show_solution for result in results)
    bare = numeric(value=10)
    assert not _play(bare, ["1", "2", "3"], FeedbackPolicy(solution_after=1))[-1].show_solution


def test_max_attempts_refuses_further_answers() -> None:
    body = single_choice(correct="b")
    policy = FeedbackPolicy(max_attempts=2, show_answer=ShowAnswer.NEVER)
    results = _play(body, ["a", "c", "b"], policy)
    assert [result.attempts_left for result in results[:2]] == [1, 0]
    refused = results[2]
    assert refused.error is not None and refused.error.code == GradeErrorCode.NO_ATTEMPTS_LEFT
    assert not refused.correct and not refused.counts_as_attempt and refused.attempts_used == 2


def test_show_answer_after_correct_or_when_out_of_attempts() -> None:
    body = single_choice(correct="b", explanation="<p>Because.</p>")
    policy = FeedbackPolicy(max_attempts=3, show_answer=ShowAnswer.AFTER_CORRECT)
    wrong, right = _play(body, ["a", "b"], policy)
    assert not wrong.show_answer and wrong.correct_answer is None and wrong.explanation is None
    assert right.show_answer and right.correct_answer == ("b",) and right.explanation == "<p>Because.</p>"
    exhausted = _play(body, ["a", "c", "a"], policy)
    assert [result.show_answer for result in exhausted] == [False, False, True]


def test_show_answer_after_attempts() -> None:
    body = numeric(value=10)
    policy = FeedbackPolicy(show_answer=ShowAnswer.AFTER_ATTEMPTS, show_answer_after=2, reveal_before_finished=True)
    results = _play(body, ["1", "2", "3"], policy)
    assert [result.show_answer for result in results] == [False, True, True]
    assert results[1].correct_answer == ("10",)


@pytest.mark.parametrize("max_attempts", [None, 2, 4, 6])
@pytest.mark.parametrize("threshold", [0, 1, 2, 3])
@pytest.mark.parametrize("mode", [ShowAnswer.AFTER_ATTEMPTS, ShowAnswer.AFTER_CORRECT, ShowAnswer.NEVER])
def test_by_default_nothing_gives_the_answer_away_while_graded_attempts_remain(
    max_attempts: int | None, threshold: int, mode: ShowAnswer
) -> None:
    body = numeric(value=10, solution="<p>Worked solution</p>")
    policy = FeedbackPolicy(
        max_attempts=max_attempts, solution_after=threshold, show_answer=mode, show_answer_after=threshold
    )
    results = _play(body, ["1", "2", "3", "4", "5", "6"][: max_attempts or 5], policy)
    for result in results:
        if result.attempts_left != 0:
            assert not result.show_solution and result.solution is None, result
            assert not result.show_answer and result.correct_answer is None, result
    last = results[-1]
    if max_attempts is not None and mode is not ShowAnswer.NEVER:
        assert last.attempts_left == 0 and last.show_answer and last.show_solution, "shown once finished"


def test_the_demo_settings_keep_the_solution_until_the_last_attempt() -> None:
    body = numeric(value=10, solution="<p>Worked solution</p>")
    demo = FeedbackPolicy(max_attempts=4, solution_after=3, show_answer=ShowAnswer.AFTER_ATTEMPTS, show_answer_after=4)
    results = _play(body, ["1", "2", "3", "4"], demo)
    assert [result.show_solution for result in results] == [False, False, False, True]


@pytest.mark.parametrize(("mode", "shown"), [("always", True), ("never", False)])
def test_show_answer_always_and_never(mode: str, shown: bool) -> None:
    body = numeric(value="2*pi")
    result = grade_answer(body, "6.28318530718", policy=FeedbackPolicy(show_answer=mode))  # type: ignore[arg-type]
    assert result.correct and result.show_answer is shown
    assert result.correct_answer == (("2*pi",) if shown else None)


def test_revealing_the_answer_also_reveals_the_solution() -> None:
    body = numeric(value=10, solution="<p>Worked</p>")
    result = grade_answer(body, "10", policy=FeedbackPolicy(solution_after=None))
    assert result.show_answer and result.show_solution


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        FeedbackPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        FeedbackPolicy(show_answer="sometimes")  # type: ignore[arg-type]
    assert FeedbackPolicy(show_answer="always").show_answer is ShowAnswer.ALWAYS  # type: ignore[arg-type]


def test_history_counts() -> None:
    history = AttemptHistory.from_pairs([("1", False), ("1", False), ("2", False), ("10", True)])
    assert history.count == 4
    assert history.incorrect_count == 3
    assert history.distinct_incorrect_answers == frozenset({"1", "2"})
    assert history.answered_correctly


def test_results_are_ordinary_grade_results() -> None:
    """Feedback builds results through the dataclass constructor: frozen, complete, comparable."""
    body = numeric(value=10, hints=HINTS, solution="<p>Worked</p>", explanation="<p>Why</p>")
    policy = FeedbackPolicy(max_attempts=3, solution_after=1, show_answer=ShowAnswer.AFTER_ATTEMPTS)
    names = {item.name for item in fields(GradeResult)}
    for result in _play(body, ["1", "2", "10"], policy):
        assert set(vars(result)) == names
        assert GradeResult(**vars(result)) == result
        assert hash(repr(result))
        with pytest.raises(FrozenInstanceError):
            result.correct = True  # type: ignore[misc]
