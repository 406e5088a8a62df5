"""The question bank: questions, their immutable versions, and free tags."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ve_edu_plugin.curriculum.models import CurriculumTagged, Subtopic
from ve_edu_plugin.grading.bodies import QuestionType
from ve_edu_plugin.key_fields import CourseKeyField
from ve_edu_plugin.queued_runs import QueuedRun, step_field

#: The type names, in the order of the ``QuestionType`` enum they come from (the one list of them).
QUESTION_TYPES = [question_type.value for question_type in QuestionType]
DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"


class Question(CurriculumTagged):
    """
    A bank question of one course, optionally attached to a subtopic of its outline.

    What learners answer is a :class:`QuestionVersion`; editing a question adds a version and
    moves ``current_version``, so earlier answers keep pointing at what was really asked.

    .. no_pii: Course content only.
    """

    STATUSES = [(DRAFT, "Draft"), (PUBLISHED, "Published"), (RETIRED, "Retired")]

    course_key = CourseKeyField(max_length=255, db_index=True)
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.PROTECT, related_name="questions")
    external_id = models.CharField(  # noqa: DJ001 - NULL means "no external id" and never collides
        max_length=255, null=True, blank=True, default=None, help_text="Stable id from an import (updates match on it)."
    )
    question_type = models.CharField(max_length=32, choices=[(name, name) for name in QUESTION_TYPES])
    difficulty = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(5)])
    # Set by analytics once enough learners answered (1-5 from the centred Rasch difficulty); adaptive
    # selection prefers it to the author's ``difficulty`` when the course allows.
    measured_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=DRAFT)
    title = models.CharField(max_length=255, blank=True, default="")
    search_text = models.TextField(blank=True, default="", help_text="Plain text of the current version, for search.")
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["course_key", "status", "subtopic"], name="ve_edu_question_bank"),
            models.Index(fields=["course_key", "question_type"], name="ve_edu_question_type"),
        ]
        constraints = [
            # NULLs never collide, so questions without an external id are unconstrained (MySQL has no
            # partial indexes, so this is a plain unique constraint over a nullable column).
            models.UniqueConstraint(fields=["course_key", "external_id"], name="ve_edu_question_external_id")
        ]

    def __str__(self) -> str:
        return f"{self.question_type} {self.pk}: {self.title}"


class QuestionVersion(models.Model):
    """
    One immutable version of a question: its type and validated, sanitised body.

    .. no_pii: Course content; ``author`` is a user id, kept for the edit history.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    question_type = models.CharField(max_length=32)
    body = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="ve_edu_question_version_number")]

    def __str__(self) -> str:
        return f"question {self.question_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Versions are written once: an answer's version must always show what was asked."""
        if not self._state.adding:
            raise ValueError("Question versions are immutable; create a new version instead.")
        super().save(*args, **kwargs)


class QuestionTag(models.Model):
    """
    A free tag on a question (for filtering the bank).

    .. no_pii: Course content only.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "tag"], name="ve_edu_question_tag")]

    def __str__(self) -> str:
        return self.tag


class ImportRun(QueuedRun):
    """
    A question import run by a Celery task (a file above ``VE_EDU_IMPORT_TASK_BYTES``).

    The upload waits in the default storage under ``upload`` until the worker reads it; the
    finished run keeps the report (or the problem document) the synchronous import would have
    answered, and the upload is deleted. Progress while it runs is in the shared cache, since the
    import writes in one transaction that no other connection sees until it commits.

    .. no_pii: Import bookkeeping keyed by the author's user id; file names and reports are course content.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=255, blank=True, default="")
    file_format = models.CharField(max_length=8, blank=True, default="", help_text="Empty: guessed from the file.")
    dry_run = models.BooleanField(default=False)
    upload = models.CharField(max_length=255, blank=True, default="", help_text="Storage name of the waiting upload.")
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes uploaded.")
    state = step_field()
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Questions in the file, once read.")
    report = models.JSONField(null=True, blank=True, help_text="The import report (state done).")
    problem = models.JSONField(null=True, blank=True, help_text="code, detail, field_errors (state failed).")

    def __str__(self) -> str:
        return f"import run {self.pk} into {self.course_key}: {self.state}"
