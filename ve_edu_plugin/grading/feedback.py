"""
Progressive feedback: what a learner is offered after each attempt, given the attempts before it.

The rules, from the VE-EDU-VAULT backend and what Open edX authors expect:

- Hints are ordered. Each new wrong answer unlocks the next one; submitting a wrong answer that
  was already submitted (same normalised form) does not, so resubmitting on a flaky connection or
  clicking twice does not burn through the hints. Partial credit counts as wrong here. The
  result's ``hint`` is the hint *this* answer unlocked: None when nothing new was unlocked (a
  repeated answer, or every hint already shown), so the view never announces an old hint as new.
- ``max_attempts`` caps graded attempts; a submission past it is refused with
  ``no_attempts_left`` and is not an attempt.
- By default nothing that gives the answer away is shown while graded attempts remain: the worked
  solution and the correct answer wait until the question is *finished* (answered correctly, or no
  attempts left; with unlimited attempts, answered correctly). Otherwise a learner could copy the
  solution into the next attempt and score full marks. An author who wants them earlier must say
  so with ``reveal_before_finished`` (the Studio editor warns); only then do ``solution_after``
  and ``show_answer_after`` count. ``show_answer="always"`` is itself such an explicit choice.
- The worked solution unlocks whenever the answer is revealed, and after ``solution_after``
  incorrect attempts (None: never on its own) once the question is finished (at once with
  ``reveal_before_finished``).
- The correct answer is revealed by the ``show_answer`` policy: ``never``; ``always``;
  ``after_correct`` (once finished: a learner who can no longer answer should learn the answer);
  ``after_attempts`` (as ``after_correct``, and with ``reveal_before_finished`` also after
  ``show_answer_after`` attempts).
- ``shuffle``: choices are shown in a per-learner order (see ``shuffle.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ve_edu_plugin.grading.bodies import QuestionBody
from ve_edu_plugin.grading.data import GradeError, GradeErrorCode, GradeResult, History, Verdict


class ShowAnswer(StrEnum):
    NEVER = "never"
    AFTER_ATTEMPTS = "after_attempts"
    AFTER_CORRECT = "after_correct"
    ALWAYS = "always"


@dataclass(frozen=True)
class FeedbackPolicy:
    """
    How much help a question gives, attempt by attempt.

    Attributes:
        max_attempts: graded attempts allowed, None for unlimited.
        solution_after: incorrect attempts after which the worked solution is shown; None: never.
        show_answer: when the correct answer may be revealed (see the module docstring).
        show_answer_after: attempts before the answer is revealed under ``after_attempts``.
        shuffle: show choices in a per-learner order.
        reveal_before_finished: let ``solution_after`` and ``show_answer_after`` reveal the
            solution or answer while graded attempts remain (off by default: see the module).
    """

    max_attempts: int | None = None
    solution_after: int | None = 2
    show_answer: ShowAnswer = ShowAnswer.AFTER_CORRECT
    show_answer_after: int = 3
    shuffle: bool = False
    reveal_before_finished: bool = False

    def __post_init__(self) -> None:
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1, or None for unlimited")
        if self.solution_after is not None and self.solution_after < 0:
            raise ValueError("solution_after must be zero or more, or None for never")
        if self.show_answer_after < 0:
            raise ValueError("show_answer_after must be zero or more")
        # accept the plain string too (settings, XBlock fields), but store the enum
        object.__setattr__(self, "show_answer", ShowAnswer(self.show_answer))


DEFAULT_POLICY = FeedbackPolicy()

#: Memo key for a body's revealed answer (computed once per body).
_REVEALED = "revealed-answer"
_AFTER_CORRECT, _AFTER_ATTEMPTS, _ALWAYS = ShowAnswer.AFTER_CORRECT, ShowAnswer.AFTER_ATTEMPTS, ShowAnswer.ALWAYS


def refuse_no_attempts_left(body: QuestionBody, history: History, policy: FeedbackPolicy) -> GradeResult:
    """The result for a submission after the last allowed attempt: an error, not an attempt."""
    return error_result(
        body,
        GradeError(GradeErrorCode.NO_ATTEMPTS_LEFT, "You have used all your attempts for this question."),
        history,
        policy,
    )


def error_result(body: QuestionBody, error: GradeError, history: History, policy: FeedbackPolicy) -> GradeResult:
    """A result for an answer that was not graded: nothing new is unlocked, the counts are unchanged."""
    return GradeResult(
        correct=False,
        score=0.0,
        normalised_answer="",
        hint_level=min(len(history.distinct_incorrect_answers), len(body.hints)),
        attempts_used=history.count,
        attempts_left=None if policy.max_attempts is None else max(policy.max_attempts - history.count, 0),
        error=error,
    )


def graded_result(
    body: QuestionBody,
    verdict: Verdict,
    history: History,
    policy: FeedbackPolicy,
    reveal_answer: Callable[[QuestionBody], tuple[str, ...]],
) -> GradeResult:
    """
    Combine a verdict with the history and policy into what the learner sees after this attempt.

    ``reveal_answer`` gives the correct answer's display form (the grader's ``correct_answer``);
    it is called, once per body, only when the policy reveals the answer. This runs on every
    submission.
    """
    correct = verdict.score >= 1.0
    answer = verdict.normalised_answer
    attempts_used = history.count + 1
    hints = body.hints
    if attempts_used > 1:
        wrong_answers = history.distinct_incorrect_answers
        hint_level = len(wrong_answers) + (0 if correct or answer in wrong_answers else 1)
        previous_level = min(len(wrong_answers), len(hints))
        incorrect_attempts = history.incorrect_count + (0 if correct else 1)
        finished = correct or history.answered_correctly
        repeated = answer in history.previous_answers
    else:
        hint_level = incorrect_attempts = 0 if correct else 1
        previous_level = 0
        finished = correct
        repeated = False
    hint_level = min(hint_level, len(hints))
    max_attempts = policy.max_attempts
    attempts_left = None if max_attempts is None else max(max_attempts - attempts_used, 0)
    finished = finished or attempts_left == 0
    mode = policy.show_answer
    early = policy.reveal_before_finished
    if mode is _AFTER_CORRECT:
        show_answer = finished
    elif mode is _AFTER_ATTEMPTS:
        show_answer = finished or (early and attempts_used >= policy.show_answer_after)
    else:
        show_answer = mode is _ALWAYS
    solution = body.solution
    solution_after = policy.solution_after
    show_solution = solution is not None and (
        show_answer or (solution_after is not None and incorrect_attempts >= solution_after and (finished or early))
    )
    return GradeResult(
        correct=correct,
        score=verdict.score,
        normalised_answer=answer,
        feedback_by_choice=verdict.feedback_by_choice,
        feedback=verdict.feedback,
        hint=hints[hint_level - 1] if not correct and hint_level > previous_level else None,
        hint_level=hint_level,
        show_solution=show_solution,
        solution=solution if show_solution else None,
        show_answer=show_answer,
        correct_answer=body.memo(_REVEALED, lambda: reveal_answer(body)) if show_answer else None,
        explanation=body.explanation if (correct or show_answer) else None,
        attempts_used=attempts_used,
        attempts_left=attempts_left,
        repeated_answer=repeated,
        error=None,
    )
