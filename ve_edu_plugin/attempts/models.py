"""Every answer, as it was graded, with what the learner saw and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from opaque_keys.edx.django.models import CourseKeyField

from ve_edu_plugin.curriculum.models import Subtopic
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
        app_label = "ve_edu_plugin"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "client_key"], name="ve_edu_attempt_client_key")]
        indexes = [
            models.Index(fields=["user", "question", "id"], name="ve_edu_attempt_history"),
            models.Index(fields=["course_key", "question"], name="ve_edu_attempt_item"),
            models.Index(fields=["course_key", "user", "created"], name="ve_edu_attempt_learner"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} of question {self.question_id} by user {self.user_id}"
