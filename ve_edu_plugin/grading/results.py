"""
A ``GradeResult`` as JSON: the one mapping, used by the blocks' handlers, the attempt log and the
REST preview (which adds what decided the result, for the author).

``docs/xblock-handlers.rst`` documents :class:`AnswerResult`; a test keeps the two equal.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from ve_edu_plugin.grading.data import GradeResult


class AnswerError(TypedDict):
    """Why an answer was not graded (it is then not an attempt); ``code`` is a ``GradeErrorCode``."""

    code: str
    message: str


class AnswerResult(TypedDict):
    """The result of one answer, as the learner sees it (and as a resent answer gets it again)."""

    correct: bool
    score: float
    error: AnswerError | None
    feedback_html: dict[str, str]
    feedback: str | None
    hint_level: int
    new_hint_html: str | None
    solution_html: str | None
    correct_answer: list[str] | None
    explanation_html: str | None
    attempts_used: int
    attempts_left: int | None
    duplicate: bool
    #: Added by an ``AnswerResultRenderStarted`` pipeline (``{"text", "url"}``); absent without one.
    links: NotRequired[list[dict[str, str]]]


class PreviewResult(AnswerResult):
    """What an author's preview returns: the learner's result and what decided it."""

    normalised_answer: str
    show_solution: bool
    show_answer: bool
    repeated_answer: bool


def result_json(result: GradeResult, /) -> AnswerResult:
    """The one mapping of a grade result to what handlers return and the attempt log stores."""
    error = result.error
    return {
        "correct": result.correct,
        "score": result.score,
        "error": {"code": str(error.code), "message": error.message} if error else None,
        "feedback_html": dict(result.feedback_by_choice),
        "feedback": result.feedback,
        "hint_level": result.hint_level,
        "new_hint_html": result.hint,
        "solution_html": result.solution if result.show_solution else None,
        "correct_answer": list(result.correct_answer) if result.show_answer and result.correct_answer else None,
        "explanation_html": result.explanation,
        "attempts_used": result.attempts_used,
        "attempts_left": result.attempts_left,
        "duplicate": False,
    }


def preview_json(result: GradeResult, /) -> PreviewResult:
    """The learner's result (:func:`result_json`) with the decisions behind it, for an author."""
    return {
        **result_json(result),
        "normalised_answer": result.normalised_answer,
        "show_solution": result.show_solution,
        "show_answer": result.show_answer,
        "repeated_answer": result.repeated_answer,
    }
