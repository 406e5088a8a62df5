"""
Starting a session and saving answers into it.

The deadline is the server's: start + limit x the learner's multiplier + their extra minutes, never
past the block's due date. A save locks the session row (``SELECT ... FOR UPDATE``), so it is
ordered against finalisation: an answer is either stored before the session closes or refused
with ``assessment_closed``, never lost in between.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.assessments import blueprint
from ve_edu_plugin.assessments.data import AssessmentSettings, SaveOutcome
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer, TimeAdjustment
from ve_edu_plugin.errors import AssessmentClosedError, ConflictError, InvalidRequestError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions import api as questions_api

_MAX_KEY = 64
_MAX_ANSWER_CHARS = 4000
_MAX_ANSWERS_PER_SAVE = 200


def candidates(course_key: CourseKey) -> list[blueprint.Candidate]:
    """The course's published questions as the blueprint drawing sees them (one query)."""
    rows = (
        questions_api.Question.objects.filter(course_key=course_key, status=questions_api.PUBLISHED)
        .exclude(current_version=None)
        .values_list("id", "subtopic_id", "subtopic__topic_id", "difficulty", "exam_level", "form")
    )
    return [blueprint.Candidate(*row) for row in rows]


def draw_questions(course_key: CourseKey, config: AssessmentSettings, *, seed: str) -> list[int]:
    """The learner's questions: the fixed list, or the blueprint drawn with the learner's seed."""
    if config.question_ids:
        chosen = list(config.question_ids)
    else:
        try:
            chosen = blueprint.draw(config.blueprint, candidates(course_key), seed=seed)
        except ValueError as exc:
            raise ConflictError(
                gettext("The question bank cannot satisfy this assessment: %(exc)s.") % {"exc": exc}
            ) from exc
    if config.shuffle_questions:
        random.Random(seed).shuffle(chosen)
    return chosen


def deadline_for(
    started: datetime, limit_minutes: float, due: datetime | None, *, multiplier: float = 1.0, extra_minutes: int = 0
) -> datetime:
    """Start + limit x multiplier + extra minutes, capped at the block's due date."""
    deadline = started + timedelta(minutes=limit_minutes * multiplier + extra_minutes)
    return due if due is not None and due < deadline else deadline


def learner_deadline(user_id: int, block_key: str, config: AssessmentSettings, started: datetime) -> datetime:
    """The deadline with the learner's adjustment in the block, if staff gave one."""
    adjustment = TimeAdjustment.objects.filter(user_id=user_id, block_usage_key=block_key).first()
    return deadline_for(
        started,
        config.time_limit_minutes,
        config.due,
        multiplier=adjustment.multiplier if adjustment else 1.0,
        extra_minutes=adjustment.extra_minutes if adjustment else 0,
    )


def freeze_questions(
    course_key: CourseKey, question_ids: Sequence[int], *, user_id: int, shuffle_choices: bool
) -> list[dict[str, Any]]:
    """Question id, current version id and the learner's choice order, frozen for the session."""
    policy = grading_api.FeedbackPolicy(shuffle=shuffle_choices)
    frozen = []
    for question_id in question_ids:
        snapshot = questions_api.question_snapshot(course_key, question_id)
        order = grading_api.choice_order(snapshot.parsed_body, policy, seed=f"{user_id}:{question_id}")
        frozen.append({"question_id": question_id, "version_id": snapshot.version_id, "choices": list(order)})
    return frozen


def create_session(
    user: Any,
    course_key: CourseKey,
    block_key: str,
    config: AssessmentSettings,
    *,
    now: datetime,
    anonymous_student_id: str = "",
) -> AssessmentSession:
    """
    A new open session, or ``ConflictError`` when none may start (attempts used up). The unique
    open marker makes two concurrent starts yield one session: the loser reads the winner's.
    """
    previous = list(
        AssessmentSession.objects.filter(user_id=user.id, block_usage_key=block_key).values_list(
            "attempt_number", "reset"
        )
    )
    used = sum(1 for _number, reset in previous if not reset)
    if used >= config.attempts_allowed:
        raise ConflictError(gettext("No attempts left at this assessment."))
    number = max((number for number, _reset in previous), default=0) + 1
    seed = f"{user.id}:{block_key}:{number}"
    question_ids = draw_questions(course_key, config, seed=seed)
    frozen = freeze_questions(course_key, question_ids, user_id=user.id, shuffle_choices=config.shuffle_choices)
    deadline = learner_deadline(user.id, block_key, config, now)
    if deadline <= now:
        raise ConflictError(gettext("This assessment is past its due date."))
    try:
        with transaction.atomic():
            return AssessmentSession.objects.create(
                user_id=user.id,
                course_key=course_key,
                block_usage_key=block_key,
                attempt_number=number,
                anonymous_student_id=anonymous_student_id[:64],
                questions=frozen,
                max_score=config.weight,
                time_limit_minutes=config.time_limit_minutes,
                due=config.due,
                started=now,
                deadline=deadline,
                grace_seconds=config.grace_seconds,
                closes=deadline + timedelta(seconds=config.grace_seconds),
            )
    except IntegrityError:
        existing = AssessmentSession.objects.filter(
            user_id=user.id, block_usage_key=block_key, status=AssessmentSession.OPEN
        ).first()
        if existing is None:
            raise
        return existing


def _client_time(value: Any, field: str, errors: dict[str, list[str]]) -> datetime | None:
    if value in (None, ""):
        return None
    try:  # a well-formed but impossible time (month 13) raises; so does one that leaves the calendar in UTC
        parsed = parse_datetime(value) if isinstance(value, str) else None
        utc = parsed.astimezone(UTC) if parsed is not None and parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        utc = None
    if utc is None:
        errors[field] = [gettext("Must be an ISO 8601 time with a time zone.")]
    return utc


def parse_answers(known: set[int], raw: Any) -> list[dict[str, Any]]:
    """The answers of a save request, checked: a question in ``known``, sized answer, client key and time."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= _MAX_ANSWERS_PER_SAVE:
        raise InvalidRequestError(
            field_errors={
                "answers": [
                    gettext("Must be a list of 1 to %(max_answers_per_save)s answers.")
                    % {"max_answers_per_save": _MAX_ANSWERS_PER_SAVE}
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    parsed: list[dict[str, Any]] = []
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping):
            errors[f"answers.{n}"] = [gettext("Must be an object.")]
            continue
        question_id, key = item.get("question_id"), item.get("client_key")
        if question_id not in known:
            errors[f"answers.{n}.question_id"] = [gettext("Not a question of this session.")]
        if not isinstance(key, str) or not 8 <= len(key) <= _MAX_KEY:
            errors[f"answers.{n}.client_key"] = [
                gettext("Must be a string of 8 to %(max_key)s characters.") % {"max_key": _MAX_KEY}
            ]
        if item.get("answer") is None:  # an answer to grade and log, never JSON null
            errors[f"answers.{n}.answer"] = [gettext("Must be given.")]
        elif len(json.dumps(item.get("answer"))) > _MAX_ANSWER_CHARS:
            errors[f"answers.{n}.answer"] = [
                gettext("Must be at most %(max_answer_chars)s characters.") % {"max_answer_chars": _MAX_ANSWER_CHARS}
            ]
        client_time = _client_time(item.get("client_time"), f"answers.{n}.client_time", errors)
        parsed.append(
            {"question_id": question_id, "answer": item.get("answer"), "client_key": key, "client_time": client_time}
        )
    if errors:
        raise InvalidRequestError(field_errors=errors)
    return parsed


class Window(Protocol):
    """What the grace rules read of a session (a model row, or the save path's lighter read)."""

    @property
    def status(self) -> str: ...

    @property
    def deadline(self) -> datetime: ...

    @property
    def closes(self) -> datetime: ...


def accepts(session: Window, client_time: datetime | None, now: datetime) -> bool:
    """
    Whether an answer arriving ``now`` is taken: before the deadline always; within the grace only
    if the client says it was typed before the deadline (the client's clock is trusted only there).
    """
    if session.status != AssessmentSession.OPEN or now > session.closes:
        return False
    if now <= session.deadline:
        return True
    return client_time is not None and client_time <= session.deadline


def store_answers(session_id: int, raw: Any, *, user_id: int, now: datetime) -> SaveOutcome:
    """Store a save's answers under the session's row lock; refuse them all if it is closed."""
    with transaction.atomic():
        session = AssessmentSession.objects.select_for_update().filter(pk=session_id, user_id=user_id).first()
        if session is None:
            raise AssessmentClosedError(gettext("No such open assessment."))
        answers = parse_answers({entry["question_id"] for entry in session.questions}, raw)
        late = [item for item in answers if not accepts(session, item["client_time"], now)]
        if late:
            raise AssessmentClosedError(gettext("The time for this assessment is over; the answer was not saved."))
        latest: dict[int, dict[str, Any]] = {}
        for item in answers:  # the last answer to a question in one save wins
            latest[item["question_id"]] = item
        stored = {
            row.question_id: row for row in SavedAnswer.objects.filter(session=session, question_id__in=list(latest))
        }
        created, updated, duplicates, stale = [], [], 0, 0
        for question_id, item in latest.items():
            row = stored.get(question_id)
            if row is None:
                created.append(
                    SavedAnswer(
                        session=session,
                        question_id=question_id,
                        answer=item["answer"],
                        client_key=item["client_key"],
                        client_time=item["client_time"],
                        saved=now,
                    )
                )
            elif row.client_key == item["client_key"]:
                duplicates += 1
            elif row.client_time and item["client_time"] and item["client_time"] < row.client_time:
                stale += 1  # typed before the stored one: an old copy arriving late
            else:
                row.answer, row.client_key, row.client_time, row.saved = (
                    item["answer"],
                    item["client_key"],
                    item["client_time"],
                    now,
                )
                updated.append(row)
        SavedAnswer.objects.bulk_create(created)
        if len(updated) == 1:  # the usual save: one answer, one UPDATE (bulk_update adds a savepoint)
            row = updated[0]
            SavedAnswer.objects.filter(pk=row.pk).update(
                answer=row.answer, client_key=row.client_key, client_time=row.client_time, saved=row.saved
            )
        elif updated:
            SavedAnswer.objects.bulk_update(updated, ["answer", "client_key", "client_time", "saved"])
    return SaveOutcome(len(created) + len(updated), duplicates + len(answers) - len(latest), stale)
