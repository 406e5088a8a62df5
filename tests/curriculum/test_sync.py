"""Applying plans to the database: ids stay stable, nothing is deleted, failures roll back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.celery_conf import celery_conf
from tests.curriculum.olx_builder import Chap, Seq, grid, usage_key
from ve_edu_plugin.curriculum import api
from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
from ve_edu_plugin.errors import InvalidCourseExportError

pytestmark = pytest.mark.django_db


def _sync(course_key):
    return api.sync_course_outline(course_key, trigger="command")


def test_first_sync_mirrors_the_outline(export, course_key):
    outcome = _sync(course_key)
    assert outcome.plan.counts() == {"add_topic": 3, "add_subtopic": 9}
    assert Topic.objects.filter(course_key=course_key).count() == 3
    assert list(
        Subtopic.objects.filter(topic__usage_key=usage_key("chapter", "ch1")).values_list("position", flat=True)
    ) == [0, 1, 2]
    run = SyncRun.objects.get(id=outcome.sync_id)
    assert run.status == "succeeded" and run.counts == {"add_topic": 3, "add_subtopic": 9} and run.trigger == "command"


def test_a_noop_resync_reads_twice_and_records_once(export, course_key):
    _sync(course_key)
    with CaptureQueriesContext(connection) as queries:
        outcome = _sync(course_key)
    assert outcome.plan.is_empty
    assert len(queries) <= 3, [q["sql"] for q in queries]


def test_removed_nodes_are_archived_and_restored_with_the_same_ids(export, course_key):
    _sync(course_key)
    subtopic = Subtopic.objects.get(usage_key=usage_key("sequential", "ch2_s1"))
    topic = Topic.objects.get(usage_key=usage_key("chapter", "ch2"))

    chapters = grid(3, 3)
    export.write(chapters[:2])
    _sync(course_key)
    topic.refresh_from_db()
    subtopic.refresh_from_db()
    assert topic.archived and topic.archived_at and subtopic.archived
    assert Subtopic.objects.filter(course_key=course_key).count() == 9

    export.write(chapters)
    outcome = _sync(course_key)
    assert outcome.plan.counts() == {"restore_topic": 1, "restore_subtopic": 3}
    assert Subtopic.objects.get(usage_key=usage_key("sequential", "ch2_s1")).pk == subtopic.pk
    assert not Topic.objects.get(pk=topic.pk).archived


def test_moves_renames_and_reorders_keep_ids(export, course_key):
    _sync(course_key)
    moved = Subtopic.objects.get(usage_key=usage_key("sequential", "ch0_s0"))
    export.write(
        [
            Chap("ch1", "Section one renamed", [Seq("ch1_s0"), Seq("ch0_s0", "Moved"), Seq("ch1_s1"), Seq("ch1_s2")]),
            Chap("ch0", "Section 0", [Seq("ch0_s1", "Subsection 0.1"), Seq("ch0_s2", "Subsection 0.2")]),
            Chap(
                "ch2",
                "Section 2",
                [Seq(f"ch2_s{j}", f"Subsection 2.{j}") for j in range(3)],
                attrs={"hide_from_toc": "true"},
            ),
        ]
    )
    outcome = _sync(course_key)
    moved.refresh_from_db()
    assert str(moved.topic.usage_key) == usage_key("chapter", "ch1") and moved.position == 1 and moved.title == "Moved"
    assert Topic.objects.get(usage_key=usage_key("chapter", "ch1")).title == "Section one renamed"
    assert Topic.objects.get(usage_key=usage_key("chapter", "ch2")).hide_from_toc
    assert outcome.plan.counts()["move_subtopic"] == 1
    assert _sync(course_key).plan.is_empty


def test_a_failure_while_applying_rolls_everything_back_and_is_recorded(export, course_key, monkeypatch):
    _sync(course_key)
    export.write(grid(4, 4))

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Subtopic.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        _sync(course_key)
    assert Topic.objects.filter(course_key=course_key).count() == 3
    assert Subtopic.objects.filter(course_key=course_key).count() == 9
    failed = SyncRun.objects.filter(course_key=course_key, status="failed").get()
    assert "disk full" in failed.error


def test_an_invalid_export_is_recorded_as_a_failed_sync(export, course_key):
    (export.path / "course.xml").unlink()
    with pytest.raises(InvalidCourseExportError):
        _sync(course_key)
    assert SyncRun.objects.get(course_key=course_key).status == "failed"


def test_dry_run_changes_and_records_nothing(export, course_key):
    outcome = api.sync_course_outline(course_key, trigger="command", dry_run=True)
    assert outcome.plan.counts()["add_topic"] == 3
    assert not Topic.objects.exists() and not SyncRun.objects.exists()


def test_the_task_retries_transient_errors_with_backoff(export, course_key, monkeypatch, settings):
    """Eager Celery runs the retries inline; the third attempt succeeds."""
    from ve_edu_plugin import tasks
    from ve_edu_plugin.errors import OutlineUnavailableError

    real_read = api.read_outline
    failures = iter([OutlineUnavailableError("modulestore away"), OutlineUnavailableError("still away")])

    def flaky_read(key, **kwargs):
        error = next(failures, None)
        if error:
            raise error
        return real_read(key, **kwargs)

    monkeypatch.setattr(api, "read_outline", flaky_read)
    with celery_conf(task_eager_propagates=False):
        result = tasks.sync_course_outline.apply(args=[str(course_key), "manual"], throw=False).get()
    assert result["status"] == "synced"
    statuses = list(SyncRun.objects.filter(course_key=course_key).order_by("id").values_list("status", flat=True))
    assert statuses == ["failed", "failed", "succeeded"]


def test_the_task_gives_up_after_the_configured_retries(export, course_key, monkeypatch, settings):
    from ve_edu_plugin import tasks
    from ve_edu_plugin.errors import OutlineUnavailableError

    settings.VE_EDU_SYNC_MAX_RETRIES = 1

    def always_down(key, **kwargs):
        raise OutlineUnavailableError("modulestore away")

    monkeypatch.setattr(api, "read_outline", always_down)
    with celery_conf(task_eager_propagates=False), pytest.raises(OutlineUnavailableError):
        tasks.sync_course_outline.apply(args=[str(course_key), "manual"], throw=False).get()
    assert SyncRun.objects.filter(course_key=course_key, status="failed").count() == 2


def test_a_modulestore_reader_without_the_platform_fails_once_naming_the_setting(course_key, settings):
    """Not a transient error: the task records one failed run with the fix and does not retry."""
    from ve_edu_plugin import tasks
    from ve_edu_plugin.errors import PlatformUnavailableError

    settings.VE_EDU_OUTLINE_READER = "modulestore"
    with celery_conf(task_eager_propagates=False), pytest.raises(PlatformUnavailableError):
        tasks.sync_course_outline.apply(args=[str(course_key), "manual"], throw=False).get()
    (run,) = SyncRun.objects.filter(course_key=course_key)
    assert run.status == "failed" and "VE_EDU_OUTLINE_READER = 'olx'" in run.error
