"""
Public surface of the attempt log: what a learner sees of a question, and answering it.

``submit_answer`` is the learner loop's one write path: grade (pure) with progressive feedback,
record the attempt (idempotent on the client key, also under concurrent duplicates), update the
learner's knowledge-tracing state, and return what the view shows. It runs in at most six
queries (pinned by a test).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.questions import api as questions_api

__all__ = [
    "Attempt",
    "FeedbackPolicy",
    "ShowAnswer",
    "SubmitOutcome",
    "attempts_of",
    "best_score",
    "block_activity",
    "question_for_learner",
    "submit_answer",
]

FeedbackPolicy = grading_api.FeedbackPolicy
ShowAnswer = grading_api.ShowAnswer
_MAX_KEY = 64


@dataclass(frozen=True)
class SubmitOutcome:
    """The answer's result, the question as the learner now sees it, and the mastery it moved."""

    result: dict[str, Any]
    question: dict[str, Any]
    mastery: dict[str, Any] | None
    duplicate: bool
    graded: bool


def _load_question(course_key: CourseKey, question_id: int) -> questions_api.QuestionSnapshot:
    """The question as answered (from the shared cache; dropped on every edit)."""
    return questions_api.question_snapshot(course_key, question_id)


def _history_rows(user_id: int, question_id: int) -> list[dict[str, Any]]:
    """
    The learner's earlier attempts at the question, oldest first.

    Plain SQL: this runs on every answer, and the ORM's query building cost more than the query.
    """
    table = Attempt._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT normalised_answer, correct, client_key, result, answer, score FROM {table} "  # noqa: S608
            "WHERE user_id = %s AND question_id = %s ORDER BY id",
            [user_id, question_id],
        )
        rows = cursor.fetchall()
    return [
        {
            "normalised_answer": normalised,
            "correct": bool(correct),
            "client_key": client_key,
            "result": _json(result),
            "answer": _json(answer),
            "score": float(score),
        }
        for normalised, correct, client_key, result, answer, score in rows
    ]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _insert_attempt(values: dict[str, Any]) -> None:
    """One INSERT of an attempt row (plain SQL for the same reason as ``_history_rows``)."""
    table = Attempt._meta.db_table
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(values.values()))  # noqa: S608


def _seed(user_id: int, question_id: int) -> str:
    """Per learner and question: the same learner always sees the same choice order and samples."""
    return f"{user_id}:{question_id}"


#: The course policy is read on every answer; each process keeps it this long (a change to a
#: course's policy applies within a minute).
POLICY_SECONDS = 60.0
_policies: dict[str, tuple[float, mastery_api.MasteryPolicy]] = {}


def _course_policy(course_key: CourseKey) -> mastery_api.MasteryPolicy:
    """The course's mastery policy, kept in the process for ``POLICY_SECONDS``."""
    now = time.monotonic()
    cached = _policies.get(str(course_key))
    if cached is not None and now - cached[0] < POLICY_SECONDS:
        return cached[1]
    policy = mastery_api.course_policy(course_key)
    if len(_policies) > 1024:
        _policies.clear()
    _policies[str(course_key)] = (now, policy)
    return policy


def question_for_learner(
    user: Any, course_key: CourseKey, question_id: int, /, *, policy: grading_api.FeedbackPolicy
) -> dict[str, Any]:
    """The question as this learner sees it now (hints unlocked so far, last answer and result)."""
    question = _load_question(course_key, question_id)
    return _learner_view(question, _history_rows(user.id, question.id), policy, user.id)


def _learner_view(
    question: questions_api.QuestionSnapshot,
    rows: list[dict[str, Any]],
    policy: grading_api.FeedbackPolicy,
    user_id: int,
) -> dict[str, Any]:
    body = question.parsed_body
    last = rows[-1]["result"] if rows else None
    order = grading_api.choice_order(body, policy, seed=_seed(user_id, question.id))
    choices_by_id = {choice.id: choice for choice in getattr(body, "choices", ())}
    attempts_used = len(rows)
    correct = any(row["correct"] for row in rows)
    out_of_attempts = policy.max_attempts is not None and attempts_used >= policy.max_attempts
    hint_level = last["hint_level"] if last else 0
    return {
        "id": question.id,
        "version": question.version_number,
        "type": question.question_type,
        "text_html": body.text,
        "choices": [{"id": choice_id, "html": choices_by_id[choice_id].text} for choice_id in order],
        "variables": [variable.name for variable in getattr(body, "variables", ())],
        "attempts_used": attempts_used,
        "max_attempts": policy.max_attempts,
        "hints_html": list(body.hints[:hint_level]),
        "solution_html": last.get("solution_html") if last else None,
        "correct_answer": last.get("correct_answer") if last else None,
        "explanation_html": last.get("explanation_html") if last else None,
        "last_answer": rows[-1]["answer"] if rows else None,
        "last_result": last,
        "done": correct or out_of_attempts,
    }


def _result_dict(result: grading_api.GradeResult) -> dict[str, Any]:
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


def submit_answer(
    user: Any,
    course_key: CourseKey,
    question_id: int,
    /,
    *,
    answer: Any,
    client_key: str,
    client_timestamp: str | datetime | None = None,
    policy: grading_api.FeedbackPolicy,
    block_usage_key: str | None = None,
    mastery_policy: Mapping[str, Any] | None = None,
) -> SubmitOutcome:
    """
    Grade and record one answer. A client key seen before returns the original result and adds
    nothing, also when two copies arrive at once (the unique key decides, the loser re-reads).
    """
    if not isinstance(client_key, str) or not 8 <= len(client_key) <= _MAX_KEY:
        raise InvalidRequestError(field_errors={"client_key": [f"Must be a string of 8 to {_MAX_KEY} characters."]})
    question = _load_question(course_key, question_id)
    rows = _history_rows(user.id, question.id)
    for row in rows:
        if row["client_key"] == client_key:
            return _duplicate(question, rows, row, policy, user)
    try:
        return _record(
            user,
            course_key,
            question,
            rows=rows,
            answer=answer,
            client_key=client_key,
            client_timestamp=client_timestamp,
            policy=policy,
            block_usage_key=block_usage_key,
            mastery_policy=mastery_policy,
        )
    except IntegrityError:
        # A concurrent copy of this answer won the unique (user, client_key) race.
        rows = _history_rows(user.id, question.id)
        for row in rows:
            if row["client_key"] == client_key:
                return _duplicate(question, rows, row, policy, user)
        raise


def _duplicate(
    question: questions_api.QuestionSnapshot,
    rows: list[dict[str, Any]],
    row: dict[str, Any],
    policy: grading_api.FeedbackPolicy,
    user: Any,
) -> SubmitOutcome:
    result = {**row["result"], "duplicate": True}
    return SubmitOutcome(result, _learner_view(question, rows, policy, user.id), None, duplicate=True, graded=True)


def _record(
    user: Any,
    course_key: CourseKey,
    question: questions_api.QuestionSnapshot,
    /,
    *,
    rows: list[dict[str, Any]],
    answer: Any,
    client_key: str,
    client_timestamp: str | datetime | None,
    policy: grading_api.FeedbackPolicy,
    block_usage_key: str | None,
    mastery_policy: Mapping[str, Any] | None,
) -> SubmitOutcome:
    body = question.parsed_body
    history = grading_api.AttemptHistory.from_pairs((row["normalised_answer"], row["correct"]) for row in rows)
    graded = grading_api.grade_answer(body, answer, history, policy, seed=_seed(user.id, question.id))
    result = _result_dict(graded)
    if graded.error is not None:
        # Not an attempt: nothing is recorded, the learner corrects the answer and resends.
        return SubmitOutcome(result, _learner_view(question, rows, policy, user.id), None, False, graded=False)
    timestamp = parse_datetime(client_timestamp) if isinstance(client_timestamp, str) else client_timestamp
    mastery = None
    with transaction.atomic():
        _insert_attempt(
            {
                "user_id": user.id,
                "course_key": str(course_key),
                "question_id": question.id,
                "question_version_id": question.version_id,
                "subtopic_id": question.subtopic_id,
                "block_usage_key": block_usage_key or "",
                "attempt_number": len(rows) + 1,
                "answer": json.dumps(answer),
                "normalised_answer": graded.normalised_answer[:512],
                "correct": graded.correct,
                "score": graded.score,
                "hint_level": graded.hint_level,
                "result": json.dumps(result),
                "client_key": client_key,
                "client_timestamp": connection.ops.adapt_datetimefield_value(timestamp),
                "created": connection.ops.adapt_datetimefield_value(timezone.now()),
            }
        )
        if question.subtopic_id is not None:
            policy_used = mastery_api.parse_policy(mastery_policy) if mastery_policy else _course_policy(course_key)
            update = mastery_api.record_answer(
                user.id,
                course_key,
                question.subtopic_id,
                correct=graded.correct,
                params=mastery_api.params_from_dict(question.bkt_parameters),
                policy=policy_used,
            )
            mastery = {
                "subtopic_id": question.subtopic_id,
                "title": question.subtopic_title,
                "p_mastery": round(update.p_mastery, 4),
                "mastered": update.mastered,
                "transition": update.transition,
            }
    rows = [
        *rows,
        {
            "normalised_answer": graded.normalised_answer[:512],
            "correct": graded.correct,
            "client_key": client_key,
            "result": result,
            "answer": answer,
            "score": graded.score,
        },
    ]
    return SubmitOutcome(result, _learner_view(question, rows, policy, user.id), mastery, False, graded=True)


def block_activity(user_id: int, block_key: str, /, *, recent: int, since: datetime) -> tuple[list[int], int, int]:
    """
    A learner's activity in one block: question ids newest first (without repeats, at most
    ``recent``), questions answered in the block, and questions answered since ``since``.
    """
    in_block = Attempt.objects.filter(user_id=user_id, block_usage_key=block_key)
    recent_ids: list[int] = []
    for question_id in in_block.order_by("-id").values_list("question_id", flat=True)[: recent * 4]:
        if question_id not in recent_ids:
            recent_ids.append(question_id)
    answered = in_block.values("question_id").distinct().count()
    answered_since = in_block.filter(created__gte=since).values("question_id").distinct().count()
    return recent_ids[:recent], answered, answered_since


def best_score(user: Any, question_id: int, /) -> float:
    """The learner's best score on the question so far (0 when unanswered)."""
    scores = Attempt.objects.filter(user_id=user.id, question_id=question_id).values_list("score", flat=True)
    return max(scores, default=0.0)


def attempts_of(
    course_key: CourseKey, /, *, user_id: int | None = None, question_id: int | None = None
) -> QuerySet[Attempt]:
    """The course's attempts, newest first, optionally of one learner and one question."""
    attempts = Attempt.objects.filter(course_key=course_key).select_related("question_version", "user")
    if user_id is not None:
        attempts = attempts.filter(user_id=user_id)
    if question_id is not None:
        attempts = attempts.filter(question_id=question_id)
    return attempts.order_by("-id")
