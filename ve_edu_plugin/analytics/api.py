"""
Public surface of the analytics capability: runs (started by answers, staff or cron), their
per-subtopic computation, and reads of the stored results. Reads never recompute.

A run fans out one Celery task per subtopic (a group). Each task records its subtopic as done
or failed on the run row under a row lock; the task that completes the count closes the run
(:func:`record_subtopic`), so no result backend is needed for the fan-in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any

from celery import group, signature
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.analytics import compute, dashboard, gradebook, items
from ve_edu_plugin.analytics.models import (
    AnalyticsRun,
    ItemStatistic,
    ItemVersionStatistic,
    MasteryDistribution,
    SkillFit,
)
from ve_edu_plugin.attempts.signals import answer_recorded
from ve_edu_plugin.caching import ProcessCache
from ve_edu_plugin.conf import celery_queue, setting
from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.errors import InvalidRequestError, NotFoundError
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.platform import api as platform_api

__all__ = [
    "FLAGS",
    "AnalyticsRun",
    "InvalidRequestError",
    "ItemStatistic",
    "ItemVersionStatistic",
    "MasteryDistribution",
    "NotFoundError",
    "SkillFit",
    "compute_subtopic",
    "course_subtopic_ids",
    "dashboard_html",
    "difficulty_used_in_practice",
    "get_item",
    "get_run",
    "gradebook_csv",
    "gradebook_learner_ids",
    "gradebook_page",
    "latest_run",
    "list_distributions",
    "list_fits",
    "list_items",
    "may_view_class",
    "record_subtopic",
    "request_recompute",
    "run_now",
    "send_debounced_run",
    "start_run",
]

log = logging.getLogger(__name__)

FLAGS = items.FLAGS
TRIGGERS = ("answers", "staff", "command")
#: The tasks are sent by their registered names (``tasks.py`` sits above this capability).
COURSE_TASK_NAME = "ve_edu_plugin.tasks.compute_course_analytics"
SUBTOPIC_TASK_NAME = "ve_edu_plugin.tasks.compute_subtopic_analytics"


def _cache() -> BaseCache:
    return caches[setting("VE_EDU_CACHE_ALIAS")]


def pending_key(course_key: CourseKey) -> str:
    return f"ve_edu:analytics:pending:{course_key}"


def difficulty_used_in_practice() -> Coalesce:
    """The question's measured difficulty (1-5) when analytics set one, else the author's.

    An expression, so adaptive selection reads it in the query it already makes.
    """
    return Coalesce("measured_difficulty", "difficulty")


def course_subtopic_ids(course_key: CourseKey, /) -> list[int]:
    """The course's live subtopics, the unit of fan-out."""
    return list(
        Subtopic.objects.filter(course_key=course_key, archived=False).order_by("id").values_list("id", flat=True)
    )


def start_run(course_key: CourseKey, /, *, trigger: str, send: bool = True) -> AnalyticsRun:
    """Record a run and (unless ``send`` is false) send one task per subtopic to the plugin's queue."""
    if trigger not in TRIGGERS:
        raise InvalidRequestError(
            gettext("Unknown trigger."),
            field_errors={"trigger": [gettext("One of %(triggers)s.") % {"triggers": ", ".join(TRIGGERS)}]},
        )
    subtopic_ids = course_subtopic_ids(course_key)
    run = AnalyticsRun.objects.create(
        course_key=course_key, trigger=trigger, subtopics=len(subtopic_ids), created=timezone.now()
    )
    if not subtopic_ids:
        compute.finish_run(run.pk, [])
        run.refresh_from_db()
    elif send:
        transaction.on_commit(lambda: _send_fan_out(run.pk, subtopic_ids))
    return run


def _send_fan_out(run_id: int, subtopic_ids: Sequence[int]) -> None:
    AnalyticsRun.objects.filter(pk=run_id).update(status=AnalyticsRun.RUNNING)
    group(signature(SUBTOPIC_TASK_NAME, args=(run_id, subtopic_id)) for subtopic_id in subtopic_ids).apply_async(
        queue=celery_queue()
    )


def compute_subtopic(run_id: int, subtopic_id: int, /) -> dict[str, Any]:
    """Compute one subtopic of a run (item statistics, fit, distribution); see ``compute.py``."""
    return compute.compute_subtopic(run_id, subtopic_id)


def record_subtopic(run_id: int, subtopic_id: int, /, *, failed: bool) -> AnalyticsRun:
    """Count a subtopic of the run as finished; the last one closes the run (centring, feedback)."""
    with transaction.atomic():
        run = AnalyticsRun.objects.select_for_update().get(pk=run_id)
        run.subtopics_done += 1
        if failed:
            run.subtopics_failed = [*run.subtopics_failed, subtopic_id]
        run.save(update_fields=["subtopics_done", "subtopics_failed"])
        if run.subtopics_done >= run.subtopics:
            return compute.finish_run(run.pk, list(run.subtopics_failed))
    return run


def run_now(course_key: CourseKey, /, *, trigger: str = "command") -> AnalyticsRun:
    """Compute a course in this process, subtopic after subtopic (the cron command without a worker)."""
    run = start_run(course_key, trigger=trigger, send=False)
    for subtopic_id in course_subtopic_ids(course_key):
        try:
            compute.compute_subtopic(run.pk, subtopic_id)
        except Exception:
            log.exception("Analytics of subtopic %s (run %s) failed", subtopic_id, run.pk)
            record_subtopic(run.pk, subtopic_id, failed=True)
        else:
            record_subtopic(run.pk, subtopic_id, failed=False)
    run.refresh_from_db()
    return run


def request_recompute(course_key: CourseKey, /) -> None:
    """After answers: recompute the course at most once per ``VE_EDU_ANALYTICS_DEBOUNCE_SECONDS``.

    Once the answer's transaction commits, the mark is set with ``cache.add`` in the shared cache
    and only the process that set it sends the run, delayed by the debounce: a burst of answers in
    any number of processes gives one run, and a rolled-back answer sends nothing.
    """
    transaction.on_commit(lambda: send_debounced_run(course_key))


#: Per course, until when (monotonic) the run this process sent is still pending: the shared mark
#: it set lives as long, so until then an answer here skips the round trip to the shared cache.
_SENT_UNTIL: ProcessCache[str, float] = ProcessCache("analytics runs sent here", max_entries=10_000)


def send_debounced_run(course_key: CourseKey, /) -> bool:
    """Send a delayed run unless one was sent within the debounce window; True when sent."""
    debounce = int(setting("VE_EDU_ANALYTICS_DEBOUNCE_SECONDS"))
    marked = max(debounce, 1)
    sent_until = _SENT_UNTIL.get(str(course_key))
    if sent_until is not None and time.monotonic() < sent_until:
        return False
    if not _cache().add(pending_key(course_key), "1", timeout=marked):
        return False
    _SENT_UNTIL.set(str(course_key), time.monotonic() + marked)
    signature(COURSE_TASK_NAME, args=[str(course_key), "answers"]).apply_async(countdown=debounce, queue=celery_queue())
    return True


def _recompute_after_answer(sender: Any, course_key: CourseKey, **kwargs: Any) -> None:
    request_recompute(course_key)


# The attempts capability (below analytics) announces new answers; the plugin's app config imports
# tasks.py, which imports this module, so the receiver is connected in every process.
answer_recorded.connect(_recompute_after_answer, dispatch_uid="ve_edu_analytics_after_answer")


def get_run(course_key: CourseKey, run_id: int, /) -> AnalyticsRun:
    try:
        return AnalyticsRun.objects.get(course_key=course_key, pk=run_id)
    except AnalyticsRun.DoesNotExist:
        raise NotFoundError(gettext("No such analytics run in this course.")) from None


def latest_run(course_key: CourseKey, /) -> AnalyticsRun | None:
    """The course's newest finished run: what every read shows."""
    return AnalyticsRun.objects.filter(course_key=course_key, status=AnalyticsRun.DONE).order_by("-id").first()


def list_items(
    course_key: CourseKey, /, *, subtopic_id: int | None = None, flag: str | None = None
) -> QuerySet[ItemStatistic]:
    """The latest run's item statistics, optionally of one subtopic or with one flag."""
    if flag is not None and flag not in FLAGS:
        raise InvalidRequestError(
            gettext("Unknown flag."),
            field_errors={"flag": [gettext("One of %(flags)s.") % {"flags": ", ".join(FLAGS)}]},
        )
    run = latest_run(course_key)
    rows = (
        ItemStatistic.objects.filter(run=run).select_related("question").prefetch_related("versions")
        if run
        else ItemStatistic.objects.none()
    )
    if subtopic_id is not None:
        rows = rows.filter(subtopic_id=subtopic_id)
    if flag is not None:
        # Flags are few per row; filtering in Python keeps JSON lookups portable across databases.
        ids = [row_id for row_id, flags in rows.values_list("id", "flags") if flag in flags]
        rows = rows.filter(id__in=ids)
    return rows.order_by("question_id")


def get_item(course_key: CourseKey, question_id: int, /) -> ItemStatistic:
    run = latest_run(course_key)
    row = (
        ItemStatistic.objects.filter(run=run, question_id=question_id)
        .select_related("question")
        .prefetch_related("versions")
        .first()
    )
    if run is None or row is None:
        raise NotFoundError(gettext("No statistics for this question yet."))
    return row


def list_fits(course_key: CourseKey, /) -> QuerySet[SkillFit]:
    run = latest_run(course_key)
    return SkillFit.objects.filter(run=run).order_by("subtopic_id") if run else SkillFit.objects.none()


def list_distributions(course_key: CourseKey, /) -> QuerySet[MasteryDistribution]:
    run = latest_run(course_key)
    if run is None:
        return MasteryDistribution.objects.none()
    return MasteryDistribution.objects.filter(run=run).select_related("subtopic").order_by("subtopic_id")


def gradebook_page(course_key: CourseKey, /, user_ids: list[int]) -> dict[str, Any]:
    """Grade book rows of the given learners: {topics, rows} with mastery and practice score per topic."""
    topics = gradebook.course_topics(course_key)
    return {
        "topics": [title for _, title, _ in topics],
        "rows": [
            {"user_id": row.user_id, "username": row.username, "topics": row.cells(topics)}
            for row in gradebook.rows(course_key, user_ids)
        ],
    }


def gradebook_learner_ids(course_key: CourseKey, /) -> list[int]:
    """Every learner of the grade book, by user id (what its pages split)."""
    return gradebook.learner_ids(course_key)


def gradebook_csv(course_key: CourseKey, /) -> Iterator[str]:
    """The whole grade book as CSV lines, streamed."""
    return gradebook.csv_lines(course_key)


def may_view_class(user: Any, course_key: CourseKey, /) -> bool:
    """Course staff (and global staff) see the class's analytics; learners never do."""
    return platform_api.is_course_staff(user, course_key)


def dashboard_html(course_key: CourseKey, /) -> str:
    """The teachers' tab, as HTML with inline SVG charts, from the latest run."""
    return dashboard.render(course_key)
