"""Publish triggers, driven by real openedx-events payloads through ``send_event``."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey
from openedx_events.content_authoring.data import CourseData, XBlockData
from openedx_events.content_authoring.signals import (
    COURSE_IMPORT_COMPLETED,
    COURSE_RERUN_COMPLETED,
    XBLOCK_PUBLISHED,
)

from ve_edu_plugin.curriculum import scheduling
from ve_edu_plugin.curriculum.models import SyncRun
from ve_edu_plugin.signals import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Record the tasks the scheduler sends instead of running them."""
    calls = []
    monkeypatch.setattr(scheduling, "send_sync_task", lambda key, trigger, **kw: calls.append((str(key), trigger, kw)))
    return calls


def test_the_receivers_are_connected_by_the_plugin_framework():
    receivers = [r[1]() for r in XBLOCK_PUBLISHED.receivers if r[1]() is not None]
    assert handlers.schedule_sync_on_xblock_published in receivers
    assert any(r[1]() is handlers.schedule_sync_on_course_import for r in COURSE_IMPORT_COMPLETED.receivers)
    assert any(r[1]() is handlers.schedule_sync_on_course_rerun for r in COURSE_RERUN_COMPLETED.receivers)


def test_xblock_published_schedules_one_debounced_sync_after_commit(
    course_key, sent, settings, django_capture_on_commit_callbacks
):
    settings.VE_EDU_SYNC_DEBOUNCE_SECONDS = 7
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        XBLOCK_PUBLISHED.send_event(
            xblock_info=XBlockData(
                usage_key=CourseKey.from_string(str(course_key)).make_usage_key("vertical", "v1"), block_type="vertical"
            )
        )
    assert sent == [] and len(callbacks) == 1, "nothing is sent before the transaction commits"
    for callback in callbacks:
        callback()
    for _ in range(4):
        XBLOCK_PUBLISHED.send_event(
            xblock_info=XBlockData(usage_key=course_key.make_usage_key("sequential", "s"), block_type="sequential")
        )
    assert sent == [(str(course_key), "xblock_published", {"countdown": 7})]


@pytest.mark.parametrize(
    ("signal", "trigger"), [(COURSE_IMPORT_COMPLETED, "course_import"), (COURSE_RERUN_COMPLETED, "course_rerun")]
)
def test_course_events_schedule_a_sync(course_key, sent, signal, trigger, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signal.send_event(course=CourseData(course_key=course_key))
    assert sent == [(str(course_key), trigger, {"countdown": 10})]


def test_the_platform_course_published_receiver_schedules_a_sync(course_key, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        handlers.schedule_sync_on_course_published(sender=None, course_key=course_key)
    assert sent[0][:2] == (str(course_key), "course_published")


def test_with_eager_celery_a_publish_syncs_the_outline(export, course_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        XBLOCK_PUBLISHED.send_event(
            xblock_info=XBlockData(usage_key=course_key.make_usage_key("chapter", "ch0"), block_type="chapter")
        )
    run = SyncRun.objects.get(course_key=course_key)
    assert run.trigger == "xblock_published" and run.status == "succeeded"
    assert run.counts["add_subtopic"] == 9
