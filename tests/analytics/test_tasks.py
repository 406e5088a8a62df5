"""The subtopic task retries a failure, and records a subtopic that keeps failing without losing the others."""

from __future__ import annotations

import pytest

from tests.celery_conf import celery_conf
from ve_edu_plugin.analytics import compute
from ve_edu_plugin.analytics.models import AnalyticsRun, SkillFit
from ve_edu_plugin.tasks import compute_course_analytics

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(monkeypatch, learning_course):
    """Make the course's second subtopic fail ``times`` times (``calls`` counts its attempts)."""
    original = compute.compute_subtopic
    state = {"times": 0, "calls": 0}

    def flaky(run_id, subtopic_id):
        if subtopic_id == learning_course.subtopic_ids[1]:
            state["calls"] += 1
            if state["calls"] <= state["times"]:
                raise RuntimeError("lost the database connection")
        return original(run_id, subtopic_id)

    monkeypatch.setattr(compute, "compute_subtopic", flaky)
    return state


def test_a_transient_failure_is_retried(learning_course, failing, django_capture_on_commit_callbacks):
    failing["times"] = 1
    with celery_conf(task_eager_propagates=False), django_capture_on_commit_callbacks(execute=True):
        compute_course_analytics.delay(str(learning_course.course_key), "staff")
    run = AnalyticsRun.objects.get()
    assert failing["calls"] == 2
    assert run.status == "done" and run.subtopics_failed == []
    assert SkillFit.objects.filter(run=run).count() == len(learning_course.subtopic_ids)


def test_a_subtopic_that_keeps_failing_is_recorded_and_the_others_kept(
    learning_course, failing, settings, django_capture_on_commit_callbacks
):
    failing["times"] = 99
    with celery_conf(task_eager_propagates=False), django_capture_on_commit_callbacks(execute=True):
        compute_course_analytics.delay(str(learning_course.course_key), "staff")
    run = AnalyticsRun.objects.get()
    assert failing["calls"] == 1 + settings.VE_EDU_SYNC_MAX_RETRIES
    assert run.status == "done" and run.subtopics_failed == [learning_course.subtopic_ids[1]]
    assert SkillFit.objects.filter(run=run).count() == len(learning_course.subtopic_ids) - 1
