"""
Public surface of the curriculum capability: the outline mirror and its sync.

Views, tasks, receivers, commands and other capabilities import only this module.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Prefetch, QuerySet
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.curriculum import scheduling, triggers
from ve_edu_plugin.curriculum.models import ExamLevel, Subtopic, SyncRun, Topic
from ve_edu_plugin.curriculum.outline import CourseOutline
from ve_edu_plugin.curriculum.plan import SyncPlan
from ve_edu_plugin.curriculum.readers import get_reader
from ve_edu_plugin.curriculum.sync import SyncOutcome, record_run, sync_outline
from ve_edu_plugin.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutlineUnavailableError,
    VeEduError,
)
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.platform.keys import unversioned_course_key
from ve_edu_plugin.run_log import logged_run

__all__ = [
    "SYNC_TASK_NAME",
    "TRANSIENT_ERRORS",
    "ExamLevel",
    "Subtopic",
    "SyncOutcome",
    "SyncPlan",
    "SyncRun",
    "Topic",
    "get_outline",
    "list_sync_runs",
    "read_outline",
    "request_manual_sync",
    "retry_when_locked",
    "run_command_sync",
    "run_scheduled_sync",
    "schedule_outline_sync",
    "subtopic_ids_for_keys",
    "sync_course_outline",
    "triggers",
    "update_curriculum_tags",
]

log = logging.getLogger(__name__)

#: The name the sync task is registered (and sent) under.
SYNC_TASK_NAME = scheduling.SYNC_TASK_NAME

#: Failures worth retrying with backoff: the modulestore, database or cache was briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OutlineUnavailableError,
    DatabaseError,
    ConnectionError,
    TimeoutError,
)


def read_outline(course_key: CourseKey, /, *, olx_path: str | None = None) -> CourseOutline:
    """The course's published outline through the configured reader (or the given export)."""
    return get_reader(olx_path=olx_path).read(course_key)


def sync_course_outline(
    course_key: CourseKey,
    /,
    *,
    trigger: str,
    olx_path: str | None = None,
    dry_run: bool = False,
    sync_run_id: int | None = None,
) -> SyncOutcome:
    """
    Read the published outline and bring the mirror in line with it, in one transaction.

    Every sync that is not a dry run is recorded, failures included (with the error), and a
    failure leaves the mirror exactly as it was. A course key with a branch or version (as Studio
    may hand it over right after a publish) syncs the plain course's mirror.
    """
    started = time.perf_counter()
    course_key = unversioned_course_key(course_key)
    with logged_run("sync", course=course_key, trigger=trigger, dry_run=dry_run) as line:
        try:
            outline = read_outline(course_key, olx_path=olx_path)
            outcome = sync_outline(course_key, outline, trigger=trigger, dry_run=dry_run, sync_run_id=sync_run_id)
        except Exception as exc:
            if not dry_run:
                _record_failure(course_key, trigger, started, sync_run_id, exc)
            raise
        line.update(sync_id=outcome.sync_id, **outcome.plan.counts())
        return outcome


def _record_failure(
    course_key: CourseKey, trigger: str, started: float, sync_run_id: int | None, exc: Exception
) -> None:
    message = str(exc) if isinstance(exc, VeEduError) else f"{exc.__class__.__name__}: {exc}"
    try:
        record_run(
            course_key,
            trigger=trigger,
            status=SyncRun.FAILED,
            counts={},
            started=started,
            sync_run_id=sync_run_id,
            error=message,
        )
    except DatabaseError:
        log.exception("Could not record the failed outline sync of %s", course_key)


def schedule_outline_sync(course_key: CourseKey, /, *, trigger: str) -> None:
    """
    Ask for a debounced sync once the current transaction commits (for receivers).

    Studio may send a key with the branch and version it was read with: the plain course is synced.
    """
    plain_key = unversioned_course_key(course_key)
    transaction.on_commit(lambda: scheduling.request_sync(plain_key, trigger))


def request_manual_sync(course_key: CourseKey, /) -> SyncRun:
    """Queue a sync now (REST): recorded as ``queued`` at once, sent to Celery after commit."""
    run = SyncRun.objects.create(course_key=course_key, trigger=triggers.MANUAL)
    transaction.on_commit(lambda: scheduling.send_sync_task(course_key, triggers.MANUAL, sync_run_id=run.id))
    return run


@dataclass(frozen=True)
class ScheduledSyncResult:
    """``ran`` is False when another process held the course's lock; the caller retries later."""

    ran: bool
    outcome: SyncOutcome | None = None


def run_scheduled_sync(
    course_key: CourseKey, /, *, trigger: str, sync_run_id: int | None = None
) -> ScheduledSyncResult:
    """The body of the sync task: under the course lock, clear the pending mark, then sync."""
    with scheduling.course_lock(course_key) as acquired:
        if not acquired:
            return ScheduledSyncResult(ran=False)
        scheduling.clear_pending(course_key)
        return ScheduledSyncResult(True, sync_course_outline(course_key, trigger=trigger, sync_run_id=sync_run_id))


def retry_when_locked(course_key: CourseKey, /, *, trigger: str, sync_run_id: int | None) -> None:
    """Send the task again shortly: the course's sync lock was taken."""
    scheduling.send_sync_task(
        course_key, trigger, countdown=scheduling.LOCK_BUSY_RETRY_SECONDS, sync_run_id=sync_run_id
    )


def run_command_sync(course_key: CourseKey, /, *, olx_path: str | None, dry_run: bool) -> SyncOutcome:
    """A sync from the management command: synchronous, under the same lock as the tasks."""
    with scheduling.course_lock(course_key) as acquired:
        if not acquired:
            raise ConflictError(
                gettext("A sync of %(course_key)s is running; try again in a moment.") % {"course_key": course_key}
            )
        return sync_course_outline(course_key, trigger=triggers.COMMAND, olx_path=olx_path, dry_run=dry_run)


def get_outline(course_key: CourseKey, /) -> list[Topic]:
    """Topics in order, active before archived, each with ``subtopics`` prefetched in order."""
    topics = list(
        Topic.objects.filter(course_key=course_key)
        .order_by("archived", "position", "id")
        .prefetch_related(Prefetch("subtopics", queryset=Subtopic.objects.order_by("archived", "position", "id")))
    )
    if not topics and not SyncRun.objects.filter(course_key=course_key).exists():
        raise NotFoundError(
            gettext("The outline of %(course_key)s has never been synced.") % {"course_key": course_key}
        )
    return topics


def list_sync_runs(course_key: CourseKey, /) -> QuerySet[SyncRun]:
    """The course's sync history, newest first."""
    return SyncRun.objects.filter(course_key=course_key).order_by("-created", "-id")


_TAG_FIELDS = ("exam_level", "form", "subject_code")


def update_curriculum_tags(
    course_key: CourseKey, /, *, level: str, node_id: int, tags: Mapping[str, Any]
) -> Topic | Subtopic:
    """Set curriculum tags on a topic or subtopic of the course (values validated here too)."""
    model: type[Topic] | type[Subtopic] = Topic if level == "topic" else Subtopic
    unknown = set(tags) - set(_TAG_FIELDS)
    if unknown:
        raise InvalidRequestError(field_errors={name: [gettext("Not a curriculum tag.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    if "exam_level" in tags and tags["exam_level"] not in ("", *ExamLevel.values):
        errors["exam_level"] = [
            gettext("Must be one of %(values)s (or empty).") % {"values": ", ".join(ExamLevel.values)}
        ]
    form = tags.get("form")
    if (
        "form" in tags
        and form is not None
        and (not isinstance(form, int) or isinstance(form, bool) or not 1 <= form <= 4)
    ):
        errors["form"] = [gettext("Must be a whole number from 1 to 4 (or null).")]
    if errors:
        raise InvalidRequestError(gettext("Invalid curriculum tags."), field_errors=errors)
    with transaction.atomic():
        try:
            node = model.objects.select_for_update().get(id=node_id, course_key=course_key)
        except model.DoesNotExist as exc:
            raise NotFoundError(
                gettext("No %(level)s %(node_id)s in %(course_key)s.")
                % {"level": level, "node_id": node_id, "course_key": course_key}
            ) from exc
        for name, value in tags.items():
            setattr(node, name, value if value is not None or name == "form" else "")
        node.save(update_fields=[*tags, "modified"])
    return node


def subtopic_ids_for_keys(course_key: CourseKey, usage_keys: list[str], /) -> list[int]:
    """Subtopic ids for subsection usage keys, in the order given (unknown keys are an error)."""
    from opaque_keys import InvalidKeyError
    from opaque_keys.edx.keys import UsageKey

    try:
        keys = [UsageKey.from_string(key) for key in usage_keys]
    except InvalidKeyError as exc:
        raise InvalidRequestError(field_errors={"subtopic_keys": [str(exc)]}) from exc
    found = {
        str(key): pk
        for key, pk in Subtopic.objects.filter(course_key=course_key, usage_key__in=keys).values_list("usage_key", "id")
    }
    missing = [key for key in usage_keys if key not in found]
    if missing:
        raise NotFoundError(
            gettext("No subtopics %(missing)s in %(course_key)s; sync the outline first.")
            % {"missing": missing, "course_key": course_key}
        )
    return [found[key] for key in usage_keys]
