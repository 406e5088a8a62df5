"""
What every queued background run of a course stores (an analytics computation, a question import).

Such a run is queued by a request, worked by a Celery task and then read back by staff, newest
first: the course it is for, when it was asked for and when it ended, and where it stands. The
columns and their steps are declared here once; each run model adds what its work reports.
"""

from __future__ import annotations

from django.db import models

from ve_edu_plugin.key_fields import CourseKeyField


class QueuedRun(models.Model):
    """A run's course, its times and its steps; subclasses name their step column (see :func:`step_field`)."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STEPS = [(QUEUED, "Queued"), (RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]

    course_key = CourseKeyField(max_length=255, db_index=True)
    created = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-id"]


def step_field() -> models.CharField[str, str]:
    """
    The column holding where a run stands, queued first.

    A function rather than a field of :class:`QueuedRun`: the runs stored it before they shared a
    base, under their own names (``status``, ``state``), and the schema keeps those names.
    """
    return models.CharField(max_length=8, choices=QueuedRun.STEPS, default=QueuedRun.QUEUED)
