"""
Public surface of timed assessments: start, save, submit, read, and the staff actions.

A session per learner, block and attempt; at most one open. Its deadline is the server's. Every
read that meets an expired open session finalises it first (lazy finalisation), so a stopped
worker or a lost task never leaves a learner's answers ungraded: see :mod:`.finalise`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.assessments import blueprint, saving, scheduling, sessions
from ve_edu_plugin.assessments.blueprint import BlueprintRow, Shortfall
from ve_edu_plugin.assessments.data import AssessmentSettings, SaveOutcome, SessionState
from ve_edu_plugin.assessments.finalise import DEADLINE, SUBMIT, expired_session_ids, finalise_session
from ve_edu_plugin.assessments.models import AssessmentSession, TimeAdjustment
from ve_edu_plugin.assessments.scheduling import FINALISE_TASK_NAME
from ve_edu_plugin.errors import AssessmentClosedError, InvalidRequestError, NotFoundError
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.i18n import gettext

__all__ = [
    "FINALISE_TASK_NAME",
    "AssessmentClosedError",
    "AssessmentSession",
    "AssessmentSettings",
    "BlueprintRow",
    "SaveOutcome",
    "SessionState",
    "Shortfall",
    "active_sessions",
    "blueprint_shortfalls",
    "current_session",
    "extend_time",
    "finalise_due",
    "finalise_expired",
    "mock_paper_rows",
    "parse_blueprint",
    "questions_for_learner",
    "reset_learner",
    "save_answers",
    "session_in_course",
    "session_state",
    "session_summary",
    "sessions_of",
    "start_session",
    "submit_session",
]

parse_blueprint = blueprint.parse_rows


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def state_of(session: AssessmentSession, now: datetime) -> SessionState:
    """The session as shown, with the server's seconds left (0 once closed)."""
    left = 0
    if session.status == AssessmentSession.OPEN:
        left = max(int((session.deadline - now).total_seconds()), 0)
    answers = {row.question_id: row.answer for row in session.answers.all()}
    return SessionState(
        id=session.pk,
        status=session.status,
        attempt_number=session.attempt_number,
        started=session.started,
        deadline=session.deadline,
        closes=session.closes,
        seconds_left=left,
        finished=session.finished,
        score=session.score,
        max_score=session.max_score,
        questions=list(session.questions),
        answers=answers,
    )


def _finalise_if_expired(session: AssessmentSession, now: datetime) -> AssessmentSession:
    if session.status == AssessmentSession.OPEN and now > session.closes:
        finalise_session(session.pk, reason=DEADLINE, now=now)
        session.refresh_from_db()
    return session


def current_session(user: Any, block_key: str, /, *, now: datetime | None = None) -> AssessmentSession | None:
    """The learner's latest session in the block (an expired open one is finalised first)."""
    session = (
        AssessmentSession.objects.filter(user_id=user.id, block_usage_key=block_key).order_by("-attempt_number").first()
    )
    return None if session is None else _finalise_if_expired(session, _now(now))


def session_state(session: AssessmentSession, /, *, now: datetime | None = None) -> SessionState:
    """What the learner's view and the handlers show of a session."""
    return state_of(session, _now(now))


def start_session(
    user: Any,
    course_key: CourseKey,
    block_key: str,
    config: AssessmentSettings,
    /,
    *,
    anonymous_student_id: str = "",
    now: datetime | None = None,
) -> SessionState:
    """
    Start (or resume the open) session; schedule its finalisation at deadline + grace. The
    questions are drawn and frozen here; a broker that is down does not stop the start.
    """
    now = _now(now)
    existing = current_session(user, block_key, now=now)
    if existing is not None and existing.status == AssessmentSession.OPEN:
        return state_of(existing, now)
    # Extensions may refuse a new start (eligibility, proctoring): StoppedByExtensionError.
    hooks_api.check_timed_assessment_start(user.id, course_key, assessment_key=block_key)
    session = sessions.create_session(
        user, course_key, block_key, config, now=now, anonymous_student_id=anonymous_student_id
    )
    scheduling.schedule_finalisation(session.pk, session.closes)
    return state_of(session, now)


def save_answers(user: Any, block_key: str, answers: Any, /, *, now: datetime | None = None) -> SaveOutcome:
    """
    Save one or several answers into the learner's open session (``assessment_closed`` if none).
    On MySQL two statements in autocommit (:mod:`.saving`); elsewhere a locking transaction. A
    session past its grace is finalised here (lazily) before the save is refused.
    """
    now = _now(now)
    if saving.supported():
        outcome = saving.save_into_open(user.id, block_key, answers, now=now)
        if outcome is not None:
            return outcome
    session = current_session(user, block_key, now=now)
    if session is None or session.status != AssessmentSession.OPEN:
        raise AssessmentClosedError(gettext("There is no open assessment to save into."))
    return sessions.store_answers(session.pk, answers, user_id=user.id, now=now)


def submit_session(
    user: Any,
    block_key: str,
    /,
    *,
    answers: Any = None,
    now: datetime | None = None,
    on_scored: Callable[[AssessmentSession], None] | None = None,
) -> SessionState:
    """Save any last answers, then finalise; a second submit returns the finalised state."""
    now = _now(now)
    session = current_session(user, block_key, now=now)
    if session is None:
        raise NotFoundError(gettext("No assessment started in this block."))
    if session.status == AssessmentSession.OPEN:
        if answers:
            sessions.store_answers(session.pk, answers, user_id=user.id, now=now)
        finalise_session(session.pk, reason=SUBMIT, now=now, on_scored=on_scored, by_learner=True)
        session.refresh_from_db()
    return state_of(session, now)


def finalise_due(session_id: int, /, *, now: datetime | None = None) -> str:
    """
    What the Celery task runs: finalise the session if it is past deadline + grace. One whose
    deadline staff moved is re-scheduled at its new time. Returns what happened.
    """
    now = _now(now)
    session = AssessmentSession.objects.filter(pk=session_id).only("status", "closes").first()
    if session is None or session.status != AssessmentSession.OPEN:
        return "closed"
    if now <= session.closes:
        scheduling.schedule_finalisation(session_id, session.closes)
        return "rescheduled"
    return "finalised" if finalise_session(session_id, reason=DEADLINE, now=now) else "closed"


def finalise_expired(
    *, course_key: CourseKey | None = None, now: datetime | None = None, limit: int = 1000, user_id: int | None = None
) -> int:
    """Finalise every open session past deadline + grace (the command, and staff lists); returns how many."""
    now = _now(now)
    done = 0
    for session_id in expired_session_ids(now=now, course_key=course_key, user_id=user_id, limit=limit):
        if finalise_session(session_id, reason=DEADLINE, now=now) is not None:
            done += 1
    return done


def sessions_of(
    course_key: CourseKey,
    /,
    *,
    block_key: str = "",
    status: str = "",
    user_id: int | None = None,
    now: datetime | None = None,
) -> QuerySet[AssessmentSession]:
    """The course's sessions for staff (expired open ones finalised first), newest first."""
    finalise_expired(course_key=course_key, now=now)
    found = AssessmentSession.objects.filter(course_key=course_key).select_related("user")
    if block_key:
        found = found.filter(block_usage_key=block_key)
    if status:
        found = found.filter(status=status)
    if user_id is not None:
        found = found.filter(user_id=user_id)
    return found.order_by("-started", "-id")


def blueprint_shortfalls(course_key: CourseKey, rows: list[BlueprintRow], /) -> list[Shortfall]:
    """The blueprint rows the course's published questions cannot fill (for Studio)."""
    return blueprint.shortfalls(rows, sessions.candidates(course_key))


def extend_time(
    session_id: int, /, *, extra_minutes: int = 0, multiplier: float = 1.0, now: datetime | None = None
) -> SessionState:
    """
    Give the session's learner more time in its block: kept for later sessions, and applied to the
    open one (its deadline moves; its task re-arms itself at the new time when it fires).
    """
    if not isinstance(extra_minutes, int) or isinstance(extra_minutes, bool) or not 0 <= extra_minutes <= 10_000:
        raise InvalidRequestError(field_errors={"extra_minutes": [gettext("Must be a whole number from 0 to 10000.")]})
    if not isinstance(multiplier, (int, float)) or isinstance(multiplier, bool) or not 1.0 <= multiplier <= 10.0:
        raise InvalidRequestError(field_errors={"multiplier": [gettext("Must be a number from 1 to 10.")]})
    now = _now(now)
    with transaction.atomic():
        session = AssessmentSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None:
            raise NotFoundError(gettext("No assessment session %(session_id)s.") % {"session_id": session_id})
        TimeAdjustment.objects.update_or_create(
            user_id=session.user_id,
            block_usage_key=session.block_usage_key,
            defaults={"extra_minutes": extra_minutes, "multiplier": float(multiplier)},
        )
        if session.status == AssessmentSession.OPEN and now <= session.closes:
            session.deadline = sessions.deadline_for(
                session.started,
                session.time_limit_minutes,
                session.due,
                multiplier=float(multiplier),
                extra_minutes=extra_minutes,
            )
            session.closes = session.deadline + timedelta(seconds=session.grace_seconds)
            session.save(update_fields=["deadline", "closes"])
    return state_of(session, now)


def reset_learner(session_id: int, /, *, now: datetime | None = None) -> SessionState:
    """
    Let the session's learner start the block again: the session (finalised first if open) is
    kept, marked reset, and no longer counts against the attempts allowed.
    """
    now = _now(now)
    session = AssessmentSession.objects.filter(pk=session_id).first()
    if session is None:
        raise NotFoundError(gettext("No assessment session %(session_id)s.") % {"session_id": session_id})
    if session.status == AssessmentSession.OPEN:
        finalise_session(session.pk, reason=SUBMIT if now <= session.closes else DEADLINE, now=now)
    AssessmentSession.objects.filter(pk=session_id).update(reset=True)
    session.refresh_from_db()
    return state_of(session, now)


def mock_paper_rows(course_key: CourseKey, /, *, per_topic: int = 3) -> list[BlueprintRow]:
    """The "mock paper" preset: up to ``per_topic`` questions from every topic with published questions."""
    available: dict[int, int] = {}
    for candidate in sessions.candidates(course_key):
        if candidate.topic_id is not None:
            available[candidate.topic_id] = available.get(candidate.topic_id, 0) + 1
    return [BlueprintRow(count=min(count, per_topic), topic_id=topic) for topic, count in sorted(available.items())]


def questions_for_learner(session: AssessmentSession, /, *, reveal: bool = False) -> list[dict[str, Any]]:
    """
    The session's questions as shown (frozen versions, the learner's choice order), in one query.
    Never the answers; with ``reveal`` (results shown after finalisation) the score and solution.
    """
    from ve_edu_plugin.questions import api as questions_api

    versions = {
        version.id: version
        for version in questions_api.QuestionVersion.objects.filter(
            id__in=[entry["version_id"] for entry in session.questions]
        )
    }
    shown = []
    for entry in session.questions:
        version = versions.get(entry["version_id"])
        if version is None:
            continue
        body = questions_api.body_of(version)
        choices = {choice.id: choice.text for choice in getattr(body, "choices", ())}
        item: dict[str, Any] = {
            "id": entry["question_id"],
            "type": version.question_type,
            "text_html": body.text,
            "choices": [{"id": choice, "html": choices[choice]} for choice in entry["choices"] if choice in choices],
            "variables": [variable.name for variable in getattr(body, "variables", ())],
        }
        if reveal:
            score, correct = session.results.get(str(entry["question_id"]), [0.0, False])
            item.update(score=score, correct=correct, solution_html=getattr(body, "solution", None) or None)
        shown.append(item)
    return shown


def active_sessions(user: Any, course_key: CourseKey, /, *, now: datetime | None = None) -> list[SessionState]:
    """The learner's open sessions in the course with the server's seconds left (expired ones finalised)."""
    now = _now(now)
    finalise_expired(course_key=course_key, now=now, user_id=user.id)
    found = AssessmentSession.objects.filter(user_id=user.id, course_key=course_key, status=AssessmentSession.OPEN)
    return [state_of(session, now) for session in found.order_by("deadline")]


def session_in_course(course_key: CourseKey, session_id: int, /) -> AssessmentSession:
    """The course's session with this id, or ``NotFoundError`` (also for another course's session)."""
    session = AssessmentSession.objects.filter(pk=session_id, course_key=course_key).select_related("user").first()
    if session is None:
        raise NotFoundError(
            gettext("No assessment session %(session_id)s in %(course_key)s.")
            % {"session_id": session_id, "course_key": course_key}
        )
    return session


def session_summary(session: AssessmentSession, /) -> dict[str, Any]:
    """One line of the staff lists (the block's and REST): learner, status, times, score."""
    return {
        "id": session.pk,
        "username": session.user.username,
        "block_usage_key": session.block_usage_key,
        "status": session.status,
        "attempt_number": session.attempt_number,
        "started": session.started.isoformat(),
        "deadline": session.deadline.isoformat(),
        "finished": session.finished.isoformat() if session.finished else None,
        "score": session.score,
        "max_score": session.max_score,
        "reset": session.reset,
    }
