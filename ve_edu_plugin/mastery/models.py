"""Per learner and subtopic knowledge-tracing state, its transitions, and per-subtopic parameters."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ve_edu_plugin.course_settings import CourseSettings
from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.key_fields import CourseKeyField


class BktColumns(models.Model):
    """The knowledge-tracing parameters as columns: stored for a subtopic, and fitted by each analytics run."""

    prior = models.FloatField()
    learn = models.FloatField()
    guess = models.FloatField()
    slip = models.FloatField()
    forget = models.FloatField(default=0.0)

    #: The columns that are model parameters, named as ``mastery.bkt.BktParams`` names its fields.
    PARAMETER_NAMES = ("prior", "learn", "guess", "slip", "forget")

    class Meta:
        abstract = True

    def as_dict(self) -> dict[str, float]:
        """The parameters as ``BktParams.from_dict`` reads them (the one row-to-model mapping)."""
        return {name: float(getattr(self, name)) for name in self.PARAMETER_NAMES}


class SkillParameters(BktColumns):
    """
    Knowledge-tracing parameters of one subtopic (defaults come from settings until fitted).

    .. no_pii: Model parameters only.
    """

    subtopic = models.OneToOneField(Subtopic, on_delete=models.CASCADE, related_name="bkt_parameters")
    source = models.CharField(max_length=16, default="fitted")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "skill parameters"
        verbose_name_plural = "skill parameters"

    def __str__(self) -> str:
        return f"BKT parameters of subtopic {self.subtopic_id}"


class SkillState(models.Model):
    """
    One learner's knowledge-tracing state for one subtopic, updated in O(1) per answer.

    ``recent_results`` holds the latest answers newest first as ``"1"``/``"0"`` characters, so the
    streak policies can be evaluated without reading the attempt log.

    .. no_pii: Learner progress keyed by user id.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    subtopic = models.ForeignKey(Subtopic, on_delete=models.PROTECT, related_name="+")
    p_mastery = models.FloatField()
    attempts = models.PositiveIntegerField(default=0)
    correct_attempts = models.PositiveIntegerField(default=0)
    recent_results = models.CharField(max_length=32, blank=True, default="")
    mastered = models.BooleanField(default=False)
    mastered_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "subtopic"], name="ve_edu_skill_state")]
        indexes = [models.Index(fields=["course_key", "user"], name="ve_edu_skill_learner")]

    def __str__(self) -> str:
        return f"user {self.user_id} subtopic {self.subtopic_id}: {self.p_mastery:.2f}"


class MasteryTransition(models.Model):
    """
    A learner reaching or losing mastery of a subtopic, with its time.

    .. no_pii: Learner progress keyed by user id.
    """

    REACHED, LOST = "reached", "lost"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    subtopic = models.ForeignKey(Subtopic, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=[(REACHED, "Reached"), (LOST, "Lost")])
    p_mastery = models.FloatField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["course_key", "user", "created"], name="ve_edu_mastery_transition")]

    def __str__(self) -> str:
        return f"user {self.user_id} {self.kind} subtopic {self.subtopic_id}"


class CourseMasteryPolicy(CourseSettings):
    """
    The course's mastery policy as data (blocks may override it).

    .. no_pii: Course configuration only.
    """

    policy = models.JSONField()
    updated = models.DateTimeField(auto_now=True)

    class Meta(CourseSettings.Meta):
        verbose_name = "course mastery policy"
        verbose_name_plural = "course mastery policies"
