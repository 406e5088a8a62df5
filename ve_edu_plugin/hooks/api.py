"""
Public surface of the extension points: running the plugin's filters where their actions happen,
and sending its events once the change that caused them is committed.

The capabilities call these functions; operators and other plugins use the filter classes in
``hooks/filters.py`` (through ``OPEN_EDX_FILTERS_CONFIG``) and the signals in ``hooks/events.py``.
A pipeline step that stops an action becomes :class:`StoppedByExtensionError` here, so views and
blocks map it like any other domain error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.tooling import OpenEdxPublicSignal
from openedx_filters.exceptions import OpenEdxFilterException

from ve_edu_plugin.errors import StoppedByExtensionError
from ve_edu_plugin.hooks import events
from ve_edu_plugin.hooks.data import ItemAnalysisData, OutlineSyncData, SubtopicMasteryData, TimedAssessmentAttemptData
from ve_edu_plugin.hooks.filters import (
    AnswerResultRenderStarted,
    PracticeQuestionRequested,
    QuestionImportRequested,
    TimedAssessmentStartRequested,
)

__all__ = [
    "AnswerResultRenderStarted",
    "PracticeQuestionRequested",
    "QuestionImportRequested",
    "StoppedByExtensionError",
    "TimedAssessmentStartRequested",
    "answer_feedback",
    "check_question_import",
    "check_timed_assessment_start",
    "course_outline_sync_finished",
    "item_analysis_finished",
    "practice_question",
    "subtopic_mastery_reached",
    "timed_assessment_finalised",
    "timed_assessment_submitted",
]


# --- filters ---------------------------------------------------------------------------------


def practice_question(
    user_id: int, course_key: CourseKey, /, *, block_key: str, candidates: Callable[[], list[int]], chosen: int
) -> int | None:
    """
    The question practice serves after the pipeline ran, or None when the pipeline left no
    candidate. ``candidates`` is only computed when a pipeline is configured (it reads nothing,
    but the list can be long). Raises StoppedByExtensionError when a step stops practice.
    """
    if not PracticeQuestionRequested.get_filter_config():
        return chosen
    listed = candidates()
    ordered = [chosen, *(question_id for question_id in listed if question_id != chosen)]
    try:
        remaining, picked = PracticeQuestionRequested.run_filter(
            user_id=user_id, course_key=course_key, block_key=block_key, candidates=ordered, chosen=chosen
        )
    except PracticeQuestionRequested.PreventPracticeQuestion as exc:
        raise StoppedByExtensionError(str(exc) or None) from exc
    allowed = set(ordered)
    remaining = [question_id for question_id in remaining if question_id in allowed]
    if picked in remaining:
        return int(picked)
    return int(remaining[0]) if remaining else None


class ShownAnswer(TypedDict):
    """Where and how an answer was graded, as the answer-result filter receives it."""

    block_key: str
    correct: bool
    feedback: str | None


def answer_feedback(
    user_id: int, course_key: CourseKey, question_id: int, /, **shown: Unpack[ShownAnswer]
) -> tuple[str | None, list[dict[str, str]]] | None:
    """
    The feedback and links the pipeline wants shown for an answer, or None when no pipeline is
    configured (the submit path then pays one settings lookup and nothing else) or a step raised
    an ``OpenEdxFilterException`` (the answer is recorded: the result is shown as graded).
    """
    if not AnswerResultRenderStarted.get_filter_config():
        return None
    try:
        feedback, links = AnswerResultRenderStarted.run_filter(
            user_id=user_id, course_key=course_key, question_id=question_id, links=[], **shown
        )
    except OpenEdxFilterException:
        # The answer is already recorded: there is nothing left to stop, so the learner sees the
        # result as graded (the runner has logged the step's exception).
        return None
    clean = [
        {"text": str(link.get("text", "")), "url": str(link["url"])}
        for link in links
        if isinstance(link, dict) and isinstance(link.get("url"), str)
    ]
    return (None if feedback is None else str(feedback)), clean


def check_question_import(
    course_key: CourseKey, /, *, file_format: str, questions: list[Any], dry_run: bool
) -> list[Any]:
    """The questions to import after the pipeline; StoppedByExtensionError when a step refuses the import."""
    if not QuestionImportRequested.get_filter_config():
        return questions
    try:
        return QuestionImportRequested.run_filter(
            course_key=course_key, file_format=file_format, questions=list(questions), dry_run=dry_run
        )
    except QuestionImportRequested.PreventQuestionImport as exc:
        raise StoppedByExtensionError(str(exc) or None) from exc


def check_timed_assessment_start(user_id: int, course_key: CourseKey, /, *, assessment_key: str) -> None:
    """
    For the timed assessment capability to call before it creates an attempt and starts the clock:
    raises StoppedByExtensionError (with the step's message for the learner) when a step refuses.
    """
    try:
        TimedAssessmentStartRequested.run_filter(user_id=user_id, course_key=course_key, assessment_key=assessment_key)
    except TimedAssessmentStartRequested.PreventTimedAssessmentStart as exc:
        raise StoppedByExtensionError(str(exc) or None) from exc


# --- events ----------------------------------------------------------------------------------


def _send_after_commit(signal: OpenEdxPublicSignal, **data: Any) -> None:
    """
    Send ``signal`` once the current transaction commits (at once outside one). ``send_event`` is
    robust: a failing receiver is logged, never breaks the learner's request.
    """
    transaction.on_commit(lambda: signal.send_event(**data))


def subtopic_mastery_reached(
    user_id: int,
    course_key: CourseKey,
    subtopic_id: int,
    /,
    *,
    p_mastery: float,
    reached_at: datetime,
    read_usage_key: Callable[[], Any],
) -> None:
    """
    Send SUBTOPIC_MASTERY_REACHED after commit; ``read_usage_key`` gives the subtopic's usage key
    (``None``: the subtopic is gone) and is called then, once. The caller reads it: hooks sit below
    the curriculum and do not import it.
    """

    def send() -> None:
        usage_key = read_usage_key()
        if usage_key is None:
            return
        events.SUBTOPIC_MASTERY_REACHED.send_event(
            mastery=SubtopicMasteryData(
                user_id=user_id,
                course_key=course_key,
                subtopic_id=subtopic_id,
                subtopic_usage_key=usage_key,
                p_mastery=float(p_mastery),
                reached_at=reached_at,
            )
        )

    transaction.on_commit(send)


class AttemptFields(TypedDict):
    """What the timed assessment says of an attempt when it is submitted or finalised."""

    assessment_key: UsageKey
    attempt_id: int
    score: float
    at: NotRequired[datetime | None]


def _send_attempt(signal: OpenEdxPublicSignal, user_id: int, course_key: CourseKey, attempt: AttemptFields) -> None:
    """Send a timed-assessment attempt event (its payload built once, here) after commit."""
    data = TimedAssessmentAttemptData(
        user_id=user_id,
        course_key=course_key,
        assessment_usage_key=attempt["assessment_key"],
        attempt_id=attempt["attempt_id"],
        score=float(attempt["score"]),
        at=attempt.get("at") or timezone.now(),
    )
    _send_after_commit(signal, attempt=data)


def timed_assessment_submitted(user_id: int, course_key: CourseKey, /, **attempt: Unpack[AttemptFields]) -> None:
    """For the timed assessment capability: send TIMED_ASSESSMENT_SUBMITTED after commit."""
    _send_attempt(events.TIMED_ASSESSMENT_SUBMITTED, user_id, course_key, attempt)


def timed_assessment_finalised(user_id: int, course_key: CourseKey, /, **attempt: Unpack[AttemptFields]) -> None:
    """For the timed assessment capability: send TIMED_ASSESSMENT_FINALISED after commit."""
    _send_attempt(events.TIMED_ASSESSMENT_FINALISED, user_id, course_key, attempt)


def course_outline_sync_finished(
    course_key: CourseKey, /, *, sync_run_id: int, trigger: str, counts: dict[str, int]
) -> None:
    """Send COURSE_OUTLINE_SYNC_FINISHED after the sync's transaction commits."""
    data = OutlineSyncData(
        course_key=course_key,
        sync_run_id=sync_run_id,
        trigger=trigger,
        counts=dict(counts),
        finished_at=timezone.now(),
    )
    _send_after_commit(events.COURSE_OUTLINE_SYNC_FINISHED, sync=data)


def item_analysis_finished(course_key: CourseKey, /, *, questions_analysed: int, attempts_analysed: int) -> None:
    """For the analytics capability: send ITEM_ANALYSIS_FINISHED after commit."""
    data = ItemAnalysisData(
        course_key=course_key,
        questions_analysed=questions_analysed,
        attempts_analysed=attempts_analysed,
        finished_at=timezone.now(),
    )
    _send_after_commit(events.ITEM_ANALYSIS_FINISHED, analysis=data)
