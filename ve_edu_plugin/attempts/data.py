"""
What the answer path hands to the blocks (and through them to the browser): typed shapes. The
one mapping of a ``GradeResult`` to JSON is ``grading/results.py`` (re-exported here).

``docs/xblock-handlers.rst`` documents these shapes; a test keeps the two equal.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from ve_edu_plugin.grading.results import AnswerError, AnswerResult, result_json

__all__ = ["AnswerError", "AnswerResult", "ChoiceView", "MasteryChange", "QuestionView", "result_json"]


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
