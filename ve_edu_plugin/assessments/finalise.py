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
from datetime import datetime

from django.db import transaction

from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.questions import api as questions_api

log = logging.getLogger(__name__)

SUBMIT, DEADLINE = "submit", "deadline"


Graded = tuple[dict[str, list[float | bool]], list[attempts_api.GradedAnswer], list[mastery_api.AnswerEvidence]]


def _grade(session: AssessmentSession) -> Graded:
    """
    Each saved answer judged against the frozen version (no hints, no progressive feedback), with
    its knowledge-tracing evidence (the subtopic's parameters come with the versions' one query).
    """
    saved = {row.question_id: row for row in SavedAnswer.objects.filter(session=session)}
    version_ids = [entry["version_id"] for entry in session.questions if entry["question_id"] in saved]
    versions = {
        version.id: version
        for version in questions_api.QuestionVersion.objects.filter(id__in=version_ids)
        .select_related("question__subtopic__bkt_parameters")
    }
    results: dict[str, list[float | bool]] = {}
    graded: list[attempts_api.GradedAnswer] = []
    evidence: list[mastery_api.AnswerEvidence] = []
    for entry in session.questions:
        question_id = entry["question_id"]
        row = saved.get(question_id)
        version = versions.get(entry["version_id"])
        if row is None or version is None:
            results[str(question_id)] = [0.0, False]
            continue
        verdict = grading_api.judge_answer(
            questions_api.body_of(version), row.answer, seed=f"{session.user_id}:{question_id}"
        )
        score = 0.0 if verdict.error is not None else float(verdict.score)
        correct = verdict.error is None and score >= 1.0
        results[str(question_id)] = [score, correct]
        graded.append(
            attempts_api.GradedAnswer(
                question_id=question_id,
                version_id=version.id,
                subtopic_id=version.question.subtopic_id,
                answer=row.answer,
                normalised_answer=verdict.normalised_answer,
                correct=correct,
                score=score,
                client_key=f"ta{session.pk}-{question_id}",
                client_timestamp=row.client_time,
            )
        )
        subtopic = version.question.subtopic
        if subtopic is not None:
            evidence.append(mastery_api.AnswerEvidence(subtopic.id, correct, mastery_api.params_of(subtopic)))
    return results, graded, evidence


def _record_mastery(session: AssessmentSession, evidence: list[mastery_api.AnswerEvidence]) -> None:
    """Every graded answer with a subtopic is mastery evidence, as in practice, applied in one go."""
    if evidence:
        policy = mastery_api.course_policy(session.course_key)
        mastery_api.record_answers(session.user_id, session.course_key, evidence, policy=policy)


def finalise_session(
    session_id: int,
    *,
    reason: str,
    now: datetime,
    on_scored: Callable[[AssessmentSession], None] | None = None,
) -> AssessmentSession | None:
    """
    Finalise the session if it is still open; ``None`` if another path already did (a no-op).

    ``finished`` is the submit time, or the deadline when time ran out (also when a submit
    arrives within the grace). ``on_scored`` runs inside the transaction (a block publishes the
    grade through its runtime there).
    """
    with transaction.atomic():
        session = AssessmentSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None or session.status != AssessmentSession.OPEN:
            return None
        results, graded, evidence = _grade(session)
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
