"""Every answer, as it was graded, with what the learner saw and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.key_fields import CourseKeyField
from ve_edu_plugin.questions.models import Question, QuestionVersion


class Attempt(models.Model):
    """
    One graded answer. ``(user, client_key)`` is unique: a resent answer (a retry after a dropped
    connection) returns the stored ``result`` instead of counting twice.

    .. no_pii: Learner activity keyed by user id; answers are course work, not personal data.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempts")
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempts")
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Plain text: the XBlock workbench's usage ids are not Open edX usage keys.
    block_usage_key = models.CharField(max_length=255, blank=True, default="", db_index=True)
    attempt_number = models.PositiveIntegerField()
    answer = models.JSONField()
    normalised_answer = models.CharField(max_length=512, blank=True, default="")
    correct = models.BooleanField()
    score = models.FloatField()
    hint_level = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(help_text="The response sent to the learner, returned again for a resent answer.")
    client_key = models.CharField(max_length=64)
    client_timestamp = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "client_key"], name="ve_edu_attempt_client_key")]
        indexes = [
            models.Index(fields=["user", "question", "id"], name="ve_edu_attempt_history"),
            models.Index(fields=["course_key", "question"], name="ve_edu_attempt_item"),
            models.Index(fields=["course_key", "user", "created"], name="ve_edu_attempt_learner"),
            # The attempts list, newest first by cursor: the course's log and one learner's log.
            models.Index(fields=["course_key", "id"], name="ve_edu_attempt_course_log"),
            models.Index(fields=["course_key", "user", "id"], name="ve_edu_attempt_learner_log"),
            # Analytics read a subtopic's answers in id order, and count its choices, from this
            # index alone: no row lookups, which dominate at a million answers.
            models.Index(
                fields=[
                    "subtopic",
                    "id",
                    "user",
                    "question",
                    "question_version",
                    "correct",
                    "client_timestamp",
                    "created",
                    "normalised_answer",
                ],
                name="ve_edu_attempt_analytics",
            ),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} of question {self.question_id} by user {self.user_id}"


class AttemptSummary(models.Model):
    """
    A learner's standing on one question in one block, kept on every answer.

    Everything progressive feedback, the learner's view, the block's grade and adaptive practice
    need from the attempt log, in one bounded row: answering reads and locks this row instead of
    the whole history, so a submit costs the same after 10 or 10,000 earlier attempts, and the
    lock serialises concurrent answers of one learner in one block (attempt numbers, the attempt
    limit and the best score hold under any concurrency). ``block_usage_key`` is empty for
    answers given outside a block.

    .. no_pii: Learner activity keyed by user id; answers are course work, not personal data.
    """

    #: Distinct answers remembered for "already submitted" and hint unlocking (bounded row size).
    ANSWER_MEMORY = 64

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    block_usage_key = models.CharField(max_length=255, blank=True, default="")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    attempts = models.PositiveIntegerField(default=0)
    wrong = models.PositiveIntegerField(default=0)
    answered_correctly = models.BooleanField(default=False)
    best_score = models.FloatField(default=0.0)
    hint_level = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(
        default=list, help_text="Distinct normalised answers as [answer, correct], oldest first."
    )
    last_answer = models.JSONField(null=True, blank=True)
    last_result = models.JSONField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "block_usage_key", "question"], name="ve_edu_attempt_summary")
        ]
        indexes = [
            models.Index(fields=["user", "block_usage_key", "last_attempt_at"], name="ve_edu_summary_recent"),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} question {self.question_id} in {self.block_usage_key or '(no block)'}"
