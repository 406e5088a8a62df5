"""
Finalising a session exactly once: grade the saved answers, log them, set the score.

Every path (submit, the Celery task at deadline + grace, a later request that sees an expired
session, the operator's command) calls :func:`finalise_session`. It locks the session row and
finalises only an open one, so a submit racing the task grades once; the loser sees it closed.
Scores go to the platform through ``platform.api.record_score`` inside the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from ve_edu_plugin.assessments.announce import announce
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.questions import api as questions_api

log = logging.getLogger(__name__)

SUBMIT, DEADLINE = "submit", "deadline"


Graded = tuple[dict[str, list[float | bool]], list[attempts_api.GradedAnswer], list[mastery_api.AnswerEvidence]]


@dataclass(frozen=True)
class _Frozen:
    """What grading needs of a frozen version: its body, and its question's subtopic with parameters."""

    version_id: int
    body: Any
    subtopic_id: int | None
    params: mastery_api.BktParams | None


def _lock_with_answers(session_id: int) -> tuple[AssessmentSession | None, dict[int, SavedAnswer]]:
    """
    The session locked, with its saved answers, in one statement (a left join: one row per answer).

    The session row is found by primary key, so it is read and locked before the answers, in the
    order the save path locks them: a save and a finalisation never wait on each other crosswise.
    Each answer comes back as an unsaved :class:`SavedAnswer` holding the columns read.
    """
    rows = list(
        AssessmentSession.objects.select_for_update()
        .filter(pk=session_id)
        .annotate(
            saved_question=F("answers__question_id"),
            saved_answer=F("answers__answer"),
            saved_time=F("answers__client_time"),
        )
    )
    if not rows:
        return None, {}
    saved = {
        row.saved_question: SavedAnswer(
            question_id=row.saved_question, answer=row.saved_answer, client_time=row.saved_time
        )
        for row in rows
        if row.saved_question
    }
    return rows[0], saved


def _frozen_versions(session: AssessmentSession, question_ids: set[int]) -> dict[int, _Frozen]:
    """
    The frozen versions of the answered questions, by question id. A version that is still the
    question's current one comes from the question's cached snapshot (no query); only versions
    edited since the start are read, all in one query with their subtopic's parameters.
    """
    found: dict[int, _Frozen] = {}
    stale: list[int] = []
    for entry in session.questions:
        question_id = entry["question_id"]
        if question_id not in question_ids:
            continue
        try:
            snapshot = questions_api.question_snapshot(session.course_key, question_id)
        except NotFoundError:
            snapshot = None
        if snapshot is None or snapshot.version_id != entry["version_id"]:
            stale.append(entry["version_id"])
            continue
        params = mastery_api.params_from_dict(snapshot.bkt_parameters) if snapshot.subtopic_id else None
        found[question_id] = _Frozen(snapshot.version_id, snapshot.parsed_body, snapshot.subtopic_id, params)
    if stale:
        versions = questions_api.QuestionVersion.objects.filter(id__in=stale).select_related(
            "question__subtopic__bkt_parameters"
        )
        for version in versions:
            subtopic = version.question.subtopic
            params = mastery_api.params_of(subtopic) if subtopic is not None else None
            found[version.question_id] = _Frozen(
                version.id, questions_api.body_of(version), version.question.subtopic_id, params
            )
    return found


def _grade(session: AssessmentSession, saved: dict[int, SavedAnswer]) -> Graded:
    """
    Each saved answer judged against the frozen version (no hints, no progressive feedback), with
    its knowledge-tracing evidence.
    """
    versions = _frozen_versions(session, set(saved))
    results: dict[str, list[float | bool]] = {}
    graded: list[attempts_api.GradedAnswer] = []
    evidence: list[mastery_api.AnswerEvidence] = []
    for entry in session.questions:
        question_id = entry["question_id"]
        row = saved.get(question_id)
        version = versions.get(question_id)
        # A JSON null is refused on save; a stray one counts as a blank, not as an answer to log.
        if row is None or row.answer is None or version is None or version.version_id != entry["version_id"]:
            results[str(question_id)] = [0.0, False]
            continue
        verdict = grading_api.judge_answer(version.body, row.answer, seed=f"{session.user_id}:{question_id}")
        score = 0.0 if verdict.error is not None else float(verdict.score)
        correct = verdict.error is None and score >= 1.0
        results[str(question_id)] = [score, correct]
        graded.append(
            attempts_api.GradedAnswer(
                question_id=question_id,
                version_id=version.version_id,
                subtopic_id=version.subtopic_id,
                answer=row.answer,
                normalised_answer=verdict.normalised_answer,
                correct=correct,
                score=score,
                client_key=f"ta{session.pk}-{question_id}",
                client_timestamp=row.client_time,
            )
        )
        if version.subtopic_id is not None and version.params is not None:
            evidence.append(mastery_api.AnswerEvidence(version.subtopic_id, correct, version.params))
    return results, graded, evidence


def _record_mastery(session: AssessmentSession, evidence: list[mastery_api.AnswerEvidence]) -> None:
    """
    Every graded answer with a subtopic is mastery evidence, as in practice, applied in one go,
    under the course policy as practice answers see it (kept in the process for a minute).
    """
    if evidence:
        policy = attempts_api.course_policy(session.course_key)
        mastery_api.record_answers(session.user_id, session.course_key, evidence, policy=policy)


def finalise_session(
    session_id: int,
    *,
    reason: str,
    now: datetime,
    on_scored: Callable[[AssessmentSession], None] | None = None,
    by_learner: bool = False,
) -> AssessmentSession | None:
    """
    Finalise the session if it is still open; ``None`` if another path already did (a no-op).

    ``finished`` is the submit time, or the deadline when time ran out (also when a submit
    arrives within the grace). ``on_scored`` runs inside the transaction (a block publishes the
    grade through its runtime there). The session's events are sent after the commit:
    TIMED_ASSESSMENT_SUBMITTED when ``by_learner`` (the learner's own submit), then
    TIMED_ASSESSMENT_FINALISED.
    """
    with transaction.atomic():
        session, saved = _lock_with_answers(session_id)
        if session is None or session.status != AssessmentSession.OPEN:
            return None
        results, graded, evidence = _grade(session, saved)
        total = len(session.questions) or 1
        fraction = sum(float(score) for score, _correct in results.values()) / total
        session.score = round(fraction * session.max_score, 6)
        session.results = results
        session.status = AssessmentSession.SUBMITTED if reason == SUBMIT else AssessmentSession.EXPIRED
        session.finished = min(now, session.deadline)
        session.finalised_by = reason
        session.open_marker = None
        attempts_api.record_graded_answers(
            session.user_id,
            session.course_key,
            session.block_usage_key,
            graded,
            attempt_number=session.attempt_number,
            created=session.finished,
        )
        AssessmentSession.objects.filter(pk=session.pk, status=AssessmentSession.OPEN).update(
            score=session.score,
            results=results,
            status=session.status,
            finished=session.finished,
            finalised_by=reason,
            open_marker=None,
        )
        _record_mastery(session, evidence)
        platform_api.record_score(
            session.user_id,
            session.course_key,
            session.block_usage_key,
            anonymous_student_id=session.anonymous_student_id,
            earned=session.score,
            possible=session.max_score,
            answers={"session": session.pk, "results": results},
            questions=len(session.questions),
        )
        if on_scored is not None:
            on_scored(session)
        announce(session, by_learner=by_learner)
    log.info("Finalised assessment session %s (%s): score %s", session.pk, reason, session.score)
    return session


def expired_session_ids(
    *, now: datetime, course_key: object = None, user_id: int | None = None, limit: int = 1000
) -> list[int]:
    """Open sessions past their deadline and grace (lost tasks, stopped workers), oldest first."""
    sessions = AssessmentSession.objects.filter(status=AssessmentSession.OPEN, closes__lt=now)
    if course_key is not None:
        sessions = sessions.filter(course_key=course_key)
    if user_id is not None:
        sessions = sessions.filter(user_id=user_id)
    return list(sessions.order_by("closes").values_list("id", flat=True)[:limit])
