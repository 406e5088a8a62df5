"""
Public surface of grading: judge an answer, apply progressive feedback, order choices.

Everything here is pure (no Django, no I/O) and never raises for a learner's input: a malformed
answer comes back as a ``GradeResult`` whose ``error`` is set, which callers must not count as
an attempt.
"""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.grading.bodies import BaseBody, MultipleChoiceBody, QuestionBody, SingleChoiceBody
from ve_edu_plugin.grading.body_errors import BodyValidationError
from ve_edu_plugin.grading.data import (
    EMPTY_HISTORY,
    MAX_ANSWER_LENGTH,
    AnswerPayload,
    AttemptHistory,
    GradeError,
    GradeErrorCode,
    GradeResult,
    History,
    PastAttempt,
    SummarisedHistory,
    Verdict,
)
from ve_edu_plugin.grading.feedback import (
    DEFAULT_POLICY,
    FeedbackPolicy,
    ShowAnswer,
    error_result,
    graded_result,
    refuse_no_attempts_left,
)
from ve_edu_plugin.grading.question_types import ENTRY_POINT_GROUP, QuestionTypeSpec, extension_types
from ve_edu_plugin.grading.registry import GRADERS, Grader, grader_for
from ve_edu_plugin.grading.results import AnswerError, AnswerResult, PreviewResult, preview_json, result_json
from ve_edu_plugin.grading.shuffle import shuffle_choice_ids

__all__ = [
    "DEFAULT_POLICY",
    "EMPTY_HISTORY",
    "ENTRY_POINT_GROUP",
    "GRADERS",
    "MAX_ANSWER_LENGTH",
    "AnswerError",
    "AnswerPayload",
    "AnswerResult",
    "AttemptHistory",
    "BaseBody",
    "BodyValidationError",
    "FeedbackPolicy",
    "GradeError",
    "GradeErrorCode",
    "GradeResult",
    "Grader",
    "History",
    "PastAttempt",
    "PreviewResult",
    "QuestionTypeSpec",
    "ShowAnswer",
    "SummarisedHistory",
    "Verdict",
    "choice_order",
    "correct_answer",
    "extension_types",
    "grade_answer",
    "judge_answer",
    "learner_widget",
    "preview_json",
    "result_json",
    "shuffle_choices",
]


def grade_answer(
    body: QuestionBody,
    answer: AnswerPayload,
    history: History = EMPTY_HISTORY,
    policy: FeedbackPolicy = DEFAULT_POLICY,
    *,
    seed: int | str | None = None,
) -> GradeResult:
    """
    Grade one submission and decide what the learner is offered after it.

    ``history`` holds the learner's earlier graded attempts at this question (errors excluded);
    ``seed`` is the per-learner seed: formula questions then sample at the learner's own points
    (None: the question's fixed points, the same for everyone).
    """
    if policy.max_attempts is not None and history.count >= policy.max_attempts:
        return refuse_no_attempts_left(body, history, policy)
    grader = grader_for(body.question_type)
    verdict = grader.grade(body, answer, seed=seed)
    if verdict.error is not None:
        return error_result(body, verdict.error, history, policy)
    return graded_result(body, verdict, history, policy, grader.correct_answer)


def judge_answer(body: QuestionBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
    """The bare verdict without feedback policy (re-grading, analytics, previews)."""
    return grader_for(body.question_type).grade(body, answer, seed=seed)


def correct_answer(body: QuestionBody) -> tuple[str, ...]:
    """What "show answer" reveals for this body (choice ids, or display strings)."""
    return grader_for(body.question_type).correct_answer(body)


def shuffle_choices(body: SingleChoiceBody | MultipleChoiceBody, seed: int | str | bytes) -> tuple[str, ...]:
    """The choice ids in a per-seed order: deterministic, a permutation, fixed choices kept in place."""
    return shuffle_choice_ids(body.choices, seed)


def choice_order(body: QuestionBody, policy: FeedbackPolicy, *, seed: int | str | bytes) -> tuple[str, ...]:
    """The order to display choices in under ``policy``; empty for questions without choices."""
    if not isinstance(body, SingleChoiceBody | MultipleChoiceBody):
        return ()
    if not policy.shuffle:
        return tuple(choice.id for choice in body.choices)
    return shuffle_choice_ids(body.choices, seed)


def learner_widget(question_type: str) -> dict[str, Any] | None:
    """How the blocks ask for an answer to an installed extension type; None for the built-in types."""
    spec = extension_types().get(question_type)
    return None if spec is None else dict(spec.widget)
