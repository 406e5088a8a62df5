"""
What the question editor needs beyond saving: a body checked and rendered before it is saved, a
sample answer graded against it, and a question's versions.

The editor's live preview sends the body being typed: it is validated exactly as a save would
(sanitised, LaTeX turned into MathML), so the author sees the maths and the errors a save would
give, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import InvalidRequestError, NotFoundError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions.bank import question_types
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.maths import latex_of
from ve_edu_plugin.questions.models import Question, QuestionVersion
from ve_edu_plugin.questions.schemas import validate_body


def preview_body(
    question_type: str,
    body: Mapping[str, Any],
    /,
    *,
    answer: grading_api.AnswerPayload | None = None,
    history: Sequence[grading_api.AnswerPayload] = (),
    policy: grading_api.FeedbackPolicy = grading_api.DEFAULT_POLICY,
) -> tuple[dict[str, Any], grading_api.GradeResult | None]:
    """
    The body as it would be saved (sanitised HTML, maths as MathML) and, given an answer, its grade.

    Raises the save's errors, under ``type`` and ``body.<path>``, when the body is not valid.
    """
    if question_type not in question_types():
        raise InvalidRequestError("Unknown question type.", field_errors={"type": ["Unknown question type."]})
    try:
        parsed = validate_body(question_type, body)
    except BodyValidationError as exc:
        raise exc.with_prefix("body").as_invalid_request() from exc
    if answer is None:
        return parsed.to_dict(), None
    past = grading_api.EMPTY_HISTORY
    for earlier in history:
        verdict = grading_api.judge_answer(parsed, earlier)
        if verdict.error is None:
            past = past.with_attempt(verdict.normalised_answer, verdict.correct)
    return parsed.to_dict(), grading_api.grade_answer(parsed, answer, past, policy)


def body_source(body: Mapping[str, Any] | None, /) -> dict[str, Any] | None:
    """The body as its author wrote it: MathML back to the LaTeX it was made from (what the editor shows)."""
    return None if body is None else dict(latex_of(dict(body)))


def question_versions(course_key: CourseKey, question_id: int, /) -> list[QuestionVersion]:
    """Every version of the course's question, newest first; ``NotFoundError`` when the course has no such question."""
    if not Question.objects.filter(id=question_id, course_key=course_key).exists():
        raise NotFoundError(f"No question {question_id} in {course_key}.")
    return list(QuestionVersion.objects.filter(question_id=question_id).select_related("author").order_by("-number"))
