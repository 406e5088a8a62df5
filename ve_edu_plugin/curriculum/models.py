"""The outline mirror (topics, subtopics, curriculum tags) and the record of every sync."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from ve_edu_plugin.curriculum import triggers
from ve_edu_plugin.key_fields import CourseKeyField, UsageKeyField


class ExamLevel(models.TextChoices):
    """Malawi's national examinations: MSCE (Forms 3-4) and JCE (the historic Form 1-2 band)."""

    MSCE = "MSCE", "Malawi School Certificate of Education"
    JCE = "JCE", "Junior Certificate of Education"


class CurriculumTagged(models.Model):
    """Staff-editable curriculum tags; the sync never changes them."""

    exam_level = models.CharField(max_length=4, choices=ExamLevel.choices, blank=True, default="")
    form = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    subject_code = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        abstract = True


class OutlineNode(CurriculumTagged):
    """What topics and subtopics share: identity by usage key, order, visibility, archiving."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    usage_key = UsageKeyField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    position = models.PositiveIntegerField()
    hide_from_toc = models.BooleanField(default=False)
    visible_to_staff_only = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} ({self.usage_key})"


class Topic(OutlineNode):
    """
    A section (chapter) of a course, as last published.

    .. no_pii: Course structure only.
    """

    class Meta:
        ordering = ["course_key", "archived", "position"]
        indexes = [models.Index(fields=["course_key", "archived", "position"], name="ve_edu_topic_order")]


class Subtopic(OutlineNode):
    """
    A subsection (sequential). Questions, attempts and mastery attach here, so its id stays the
    same across syncs: moves change ``topic``, removals set ``archived``.

    .. no_pii: Course structure only.
    """

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="subtopics")

    class Meta:
        ordering = ["course_key", "topic__position", "position"]
        indexes = [models.Index(fields=["course_key", "archived"], name="ve_edu_subtopic_course")]


class SyncRun(models.Model):
    """
    One outline sync: what triggered it, how it ended, what it changed and how long it took.

    .. no_pii: Sync bookkeeping only.
    """

    TRIGGERS = [
        (triggers.COURSE_PUBLISHED, "Course published (Studio)"),
        (triggers.XBLOCK_PUBLISHED, "Block published (openedx-events)"),
        (triggers.COURSE_IMPORT, "Course import completed"),
        (triggers.COURSE_RERUN, "Course rerun completed"),
        (triggers.MANUAL, "Requested through the REST API"),
        (triggers.COMMAND, "Management command"),
    ]

    QUEUED, SUCCEEDED, FAILED = "queued", "succeeded", "failed"
    STATUSES = [(QUEUED, "Queued"), (SUCCEEDED, "Succeeded"), (FAILED, "Failed")]

    course_key = CourseKeyField(max_length=255, db_index=True)
    trigger = models.CharField(max_length=32, choices=TRIGGERS)
    status = models.CharField(max_length=16, choices=STATUSES, default=QUEUED)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    # Not auto_now_add, which reads the clock again inside save(): a run recorded at its end sets
    # ``created`` and ``finished`` from one reading (``sync.record_run``), so finished >= created.
    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["course_key", "-created"], name="ve_edu_syncrun_history")]

    def __str__(self) -> str:
        return f"sync {self.pk} of {self.course_key}: {self.status}"
