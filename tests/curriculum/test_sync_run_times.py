"""A sync run never finishes before it was created, whichever path records it and whatever the clocks do."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from ve_edu_plugin.curriculum import api, triggers
from ve_edu_plugin.curriculum.models import SyncRun
from ve_edu_plugin.curriculum.sync import record_run

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def ticking_clock(monkeypatch):
    """``timezone.now()`` one second later at every reading, so reading it twice shows."""
    seconds = itertools.count()
    monkeypatch.setattr("django.utils.timezone.now", lambda: START + timedelta(seconds=next(seconds)))


def test_a_run_recorded_at_its_end_takes_both_times_from_one_reading(export, course_key, ticking_clock):
    outcome = api.sync_course_outline(course_key, trigger=triggers.COMMAND)
    assert outcome.sync_id is not None
    run = SyncRun.objects.get(id=outcome.sync_id)
    assert run.finished is not None and run.finished >= run.created
    assert run.finished == run.created


def test_a_failed_run_recorded_at_its_end_also_finishes_after_it_was_created(course_key, ticking_clock):
    run_id = record_run(
        course_key, trigger=triggers.COMMAND, status=SyncRun.FAILED, counts={}, started=0.0, sync_run_id=None
    )
    run = SyncRun.objects.get(id=run_id)
    assert run.finished is not None and run.finished >= run.created


def test_a_queued_run_finished_by_a_lagging_clock_does_not_finish_before_it_was_queued(export, course_key):
    queued = api.request_manual_sync(course_key)
    ahead = queued.created + timedelta(minutes=5)
    SyncRun.objects.filter(id=queued.id).update(created=ahead)  # the web process's clock ran ahead
    outcome = api.sync_course_outline(course_key, trigger=triggers.MANUAL, sync_run_id=queued.id)
    assert outcome.sync_id is not None
    run = SyncRun.objects.get(id=outcome.sync_id)
    assert outcome.sync_id == queued.id and run.status == SyncRun.SUCCEEDED
    assert run.finished == run.created == ahead


def test_a_queued_run_finishes_at_the_workers_time_when_that_is_later(export, course_key):
    queued = api.request_manual_sync(course_key)
    earlier = queued.created - timedelta(minutes=5)
    SyncRun.objects.filter(id=queued.id).update(created=earlier)  # queued five minutes ago
    outcome = api.sync_course_outline(course_key, trigger=triggers.MANUAL, sync_run_id=queued.id)
    assert outcome.sync_id is not None
    run = SyncRun.objects.get(id=outcome.sync_id)
    assert run.created == earlier and run.finished is not None and run.finished >= queued.created
