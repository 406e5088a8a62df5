"""
What the answer path hands to the blocks (and through them to the browser): typed shapes, and
the one mapping of a ``GradeResult`` to JSON.

``docs/xblock-handlers.rst`` documents these shapes; a test keeps the two equal.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from ve_edu_plugin.grading import api as grading_api

__all__ = ["AnswerError", "AnswerResult", "ChoiceView", "MasteryChange", "QuestionView", "result_json"]


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


class ChoiceView(TypedDict):
    id: str
    html: str


class QuestionView(TypedDict):
    """A question as one learner sees it now in one block: unlocked hints, last answer and result."""

    id: int
    version: int
    type: str
    text_html: str
    choices: list[ChoiceView]
    variables: list[str]
    attempts_used: int
    max_attempts: int | None
    hints_html: list[str]
    solution_html: str | None
    correct_answer: list[str] | None
    explanation_html: str | None
    last_answer: Any
    last_result: AnswerResult | None
    done: bool
    #: Only for a type an installed package adds: how to ask for the answer (``ve_edu.question_types``).
    widget: NotRequired[dict[str, Any]]


class MasteryChange(TypedDict):
    """The learner's standing in the answered question's subtopic after the answer."""

    subtopic_id: int
    title: str
    p_mastery: float
    mastered: bool
    transition: str | None


def result_json(result: grading_api.GradeResult, /) -> AnswerResult:
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
