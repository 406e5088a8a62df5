"""
Celery tasks of the plugin: ids in, one api call, always sent to ``VE_EDU_CELERY_QUEUE``.

Autodiscovered by the platform's Celery app because this module is the app's ``tasks.py``.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from edx_django_utils.monitoring import set_code_owner_attribute
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.conf import celery_queue, setting
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.questions import api as questions_api

log = logging.getLogger(__name__)


@shared_task(bind=True, name=curriculum_api.SYNC_TASK_NAME)
@set_code_owner_attribute
def sync_course_outline(self: Task, course_id: str, trigger: str, sync_run_id: int | None = None) -> dict:
    """Sync one course's outline mirror; retried with exponential backoff on transient errors."""
    course_key = CourseKey.from_string(course_id)
    try:
        result = curriculum_api.run_scheduled_sync(course_key, trigger=trigger, sync_run_id=sync_run_id)
    except curriculum_api.TRANSIENT_ERRORS as exc:
        retries = self.request.retries
        log.warning("Outline sync of %s failed (attempt %s), retrying: %r", course_id, retries + 1, exc)
        raise self.retry(
            exc=exc, countdown=2**retries, max_retries=int(setting("VE_EDU_SYNC_MAX_RETRIES")), queue=celery_queue()
        ) from exc
    if not result.ran:
        curriculum_api.retry_when_locked(course_key, trigger=trigger, sync_run_id=sync_run_id)
        return {"course_id": course_id, "status": "locked"}
    outcome = result.outcome
    assert outcome is not None
    return {"course_id": course_id, "status": "synced", "sync_id": outcome.sync_id, "counts": outcome.plan.counts()}


@shared_task(name="ve_edu_plugin.tasks.compute_course_analytics")
@set_code_owner_attribute
def compute_course_analytics(course_id: str, trigger: str) -> dict:
    """Start a course's analytics run: one ``compute_subtopic_analytics`` task per subtopic."""
    run = analytics_api.start_run(CourseKey.from_string(course_id), trigger=trigger)
    return {"course_id": course_id, "run_id": run.pk, "subtopics": run.subtopics}


@shared_task(bind=True, name="ve_edu_plugin.tasks.compute_subtopic_analytics")
@set_code_owner_attribute
def compute_subtopic_analytics(self: Task, run_id: int, subtopic_id: int) -> dict:
    """Compute one subtopic of a run; retried, then recorded as failed without losing the others."""
    try:
        result = analytics_api.compute_subtopic(run_id, subtopic_id)
    except Exception as exc:
        retries = self.request.retries
        if retries < int(setting("VE_EDU_SYNC_MAX_RETRIES")):
            log.warning("Analytics of subtopic %s (run %s) failed, retrying: %r", subtopic_id, run_id, exc)
            raise self.retry(exc=exc, countdown=2**retries, queue=celery_queue()) from exc
        log.exception("Analytics of subtopic %s (run %s) failed for good", subtopic_id, run_id)
        analytics_api.record_subtopic(run_id, subtopic_id, failed=True)
        return {"run_id": run_id, "subtopic_id": subtopic_id, "status": "failed"}
    analytics_api.record_subtopic(run_id, subtopic_id, failed=False)
    return {"run_id": run_id, **result, "status": "done"}


@shared_task(name=assessments_api.FINALISE_TASK_NAME)
@set_code_owner_attribute
def finalise_assessment_session(session_id: int) -> dict:
    """At deadline + grace: finalise the timed session (a no-op if a submit or request did first)."""
    return {"session_id": session_id, "status": assessments_api.finalise_due(session_id)}


@shared_task(name=questions_api.IMPORT_TASK_NAME)
@set_code_owner_attribute
def import_questions(run_id: int) -> dict:
    """Do a large question import recorded by the REST API; the run holds its report or problem."""
    return {"run_id": run_id, "state": questions_api.run_import(run_id)}
