"""
ITEM_ANALYSIS_FINISHED is sent by the analytics capability: once per finished run, with the run's
counts, only after the closing transaction commits, whether the run was computed in this process
or by the Celery tasks, and it round-trips through openedx-events' Avro serializer.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Sum

from tests.analytics.seed import seed_answers
from tests.celery_conf import celery_conf
from tests.hooks.event_tools import round_trip
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.analytics import compute
from ve_edu_plugin.analytics.models import AnalyticsRun, ItemStatistic
from ve_edu_plugin.hooks import data, events
from ve_edu_plugin.tasks import compute_course_analytics

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_the_plugin_events")]


@pytest.fixture
def answered(learning_course):
    questions = [learning_course.choice_question, *learning_course.practice_questions[learning_course.subtopic_ids[0]]]
    seed_answers(learning_course.course_key, questions, learners=12, rounds=2, seed=5)
    return learning_course


def _expected(run: AnalyticsRun) -> tuple[int, int]:
    rows = ItemStatistic.objects.filter(run=run)
    return rows.count(), rows.aggregate(total=Sum("answers"))["total"]


def test_a_finished_run_sends_its_counts_once_after_commit(answered, received, django_capture_on_commit_callbacks):
    finished = received(events.ITEM_ANALYSIS_FINISHED)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        run = analytics_api.run_now(answered.course_key)
    assert run.status == AnalyticsRun.DONE
    assert finished.calls == [], "sent before the run's transaction committed"
    for callback in pending:
        callback()
    (call,) = finished.calls
    payload = call["analysis"]
    questions, answers = _expected(run)
    assert (questions, answers) == (5, 12 * 2 * 5)
    assert payload == data.ItemAnalysisData(
        course_key=answered.course_key,
        questions_analysed=questions,
        attempts_analysed=answers,
        finished_at=payload.finished_at,
    )
    assert payload.finished_at.tzinfo is not None and payload.finished_at >= run.created
    assert call["metadata"].event_type == events.ITEM_ANALYSIS_FINISHED.event_type
    round_trip(events.ITEM_ANALYSIS_FINISHED, "analysis", payload)


def test_a_redelivered_last_subtopic_does_not_send_again(answered, received, django_capture_on_commit_callbacks):
    finished = received(events.ITEM_ANALYSIS_FINISHED)
    with django_capture_on_commit_callbacks(execute=True):
        run = analytics_api.run_now(answered.course_key)
        # A worker that died after its subtopic was counted makes the broker deliver it again.
        again = analytics_api.record_subtopic(run.pk, answered.subtopic_ids[-1], failed=False)
    assert again.subtopics_done == run.subtopics + 1
    assert len(finished.calls) == 1


def test_a_run_closed_in_a_rolled_back_transaction_sends_nothing(
    answered, received, django_capture_on_commit_callbacks
):
    finished = received(events.ITEM_ANALYSIS_FINISHED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        analytics_api.run_now(answered.course_key)
        raise RuntimeError("roll back")
    assert finished.calls == [] and not AnalyticsRun.objects.exists()


def test_a_failed_run_sends_nothing(answered, received, monkeypatch, django_capture_on_commit_callbacks):
    def broken(run_id, subtopic_id):
        raise RuntimeError("database went away")

    monkeypatch.setattr(compute, "compute_subtopic", broken)
    finished = received(events.ITEM_ANALYSIS_FINISHED)
    with django_capture_on_commit_callbacks(execute=True):
        run = analytics_api.run_now(answered.course_key)
    assert run.status == AnalyticsRun.FAILED
    assert finished.calls == []


def test_the_celery_fan_out_sends_once_when_its_last_subtopic_closes_the_run(
    answered, received, django_capture_on_commit_callbacks
):
    finished = received(events.ITEM_ANALYSIS_FINISHED)
    with celery_conf(task_eager_propagates=True), django_capture_on_commit_callbacks(execute=True):
        compute_course_analytics.delay(str(answered.course_key), "staff")
    run = AnalyticsRun.objects.get()
    assert run.status == AnalyticsRun.DONE and run.subtopics_done == len(answered.subtopic_ids)
    (call,) = finished.calls
    assert (call["analysis"].questions_analysed, call["analysis"].attempts_analysed) == _expected(run)
