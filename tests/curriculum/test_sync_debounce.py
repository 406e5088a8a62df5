"""
Debounce, lock and follow-ups proved step by step: the sent tasks are held in a queue that the
test runs when it chooses, in the order they are due, so "exactly one" is counted, not waited for.

The scheduler's marks and lock live in the real shared cache (Redis in the test settings); only
the broker is replaced, by :class:`TaskQueue`. The real-worker smoke test is ``test_celery_worker``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_PUBLISHED

from ve_edu_plugin import tasks
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.curriculum import scheduling
from ve_edu_plugin.curriculum.models import SyncRun

pytestmark = pytest.mark.django_db

DEBOUNCE = 5


@dataclass
class TaskQueue:
    """The sync tasks sent, with when each is due on the test's clock (seconds)."""

    now: float = 0.0
    sent: list[tuple[float, str, str, int | None]] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)

    def send(self, course_key, trigger, *, countdown=0, sync_run_id=None) -> None:
        self.sent.append((self.now + countdown, str(course_key), trigger, sync_run_id))

    def run_due(self, seconds: float) -> None:
        """Advance the clock by ``seconds`` and run every task due by then, earliest first."""
        self.now += seconds
        while due := sorted(task for task in self.sent if task[0] <= self.now):
            task = due[0]
            self.sent.remove(task)
            _at, course_id, trigger, sync_run_id = task
            self.results.append(tasks.sync_course_outline(course_id, trigger, sync_run_id=sync_run_id))


@pytest.fixture
def queue(monkeypatch, settings, export, course_key):
    settings.VE_EDU_SYNC_DEBOUNCE_SECONDS = DEBOUNCE
    scheduling.clear_pending(course_key)
    queue = TaskQueue()
    monkeypatch.setattr(scheduling, "send_sync_task", queue.send)
    return queue


def _publish(course_key, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        XBLOCK_PUBLISHED.send_event(
            xblock_info=XBlockData(usage_key=course_key.make_usage_key("vertical", "unit"), block_type="vertical")
        )


def _statuses(queue: TaskQueue) -> list[str]:
    return [result["status"] for result in queue.results]


def test_a_burst_of_publishes_sends_one_task_and_gives_one_sync(queue, course_key, django_capture_on_commit_callbacks):
    for _ in range(5):
        _publish(course_key, django_capture_on_commit_callbacks)
    assert [task[0] for task in queue.sent] == [DEBOUNCE], "one task, due after the debounce"

    queue.run_due(DEBOUNCE - 1)
    assert SyncRun.objects.filter(course_key=course_key).count() == 0, "nothing runs before the debounce"
    queue.run_due(1)
    queue.run_due(3600)
    runs = SyncRun.objects.filter(course_key=course_key)
    assert _statuses(queue) == ["synced"] and queue.sent == []
    assert runs.count() == 1 and runs.get().counts == {"add_topic": 3, "add_subtopic": 9}


def test_a_locked_course_retries_and_syncs_once_the_lock_is_free(queue, course_key, django_capture_on_commit_callbacks):
    _publish(course_key, django_capture_on_commit_callbacks)
    with scheduling.course_lock(course_key) as acquired:  # another process is syncing this course
        assert acquired
        for _ in range(3):
            _publish(course_key, django_capture_on_commit_callbacks)
        queue.run_due(DEBOUNCE)
        queue.run_due(scheduling.LOCK_BUSY_RETRY_SECONDS)
        assert _statuses(queue) == ["locked", "locked"]
        assert len(queue.sent) == 1, "one task waits for the lock, the publishes added none"
        assert SyncRun.objects.filter(course_key=course_key).count() == 0
    queue.run_due(scheduling.LOCK_BUSY_RETRY_SECONDS)
    queue.run_due(3600)
    assert _statuses(queue) == ["locked", "locked", "synced"] and queue.sent == []
    assert SyncRun.objects.filter(course_key=course_key).count() == 1


def test_publishes_during_a_sync_cause_exactly_one_follow_up(
    queue, course_key, monkeypatch, django_capture_on_commit_callbacks
):
    real_sync = curriculum_api.sync_course_outline
    publishes_during = [3]

    def sync_while_authors_publish(*args, **kwargs):
        # The task holds the lock and has cleared the pending mark: these publishes mark the course again.
        for _ in range(publishes_during.pop() if publishes_during else 0):
            _publish(course_key, django_capture_on_commit_callbacks)
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(curriculum_api, "sync_course_outline", sync_while_authors_publish)
    _publish(course_key, django_capture_on_commit_callbacks)
    queue.run_due(DEBOUNCE)
    assert SyncRun.objects.filter(course_key=course_key).count() == 1
    assert [task[0] for task in queue.sent] == [2 * DEBOUNCE], "exactly one follow-up, debounced"

    queue.run_due(3600)
    assert _statuses(queue) == ["synced", "synced"] and queue.sent == []
    assert SyncRun.objects.filter(course_key=course_key).count() == 2
