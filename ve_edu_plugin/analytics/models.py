"""Stored analytics: each result row belongs to the run that computed it; reads never recompute."""

from __future__ import annotations

from django.db import models

from ve_edu_plugin.course_settings import CourseSettings
from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.key_fields import CourseKeyField
from ve_edu_plugin.mastery.models import BktColumns
from ve_edu_plugin.questions.models import Question, QuestionVersion
from ve_edu_plugin.queued_runs import QueuedRun, step_field


class AnalyticsRun(QueuedRun):
    """
    One computation of a course's analytics, fanned out per subtopic.

    .. no_pii: Run bookkeeping only.
    """

    trigger = models.CharField(max_length=16)
    status = step_field()
    subtopics = models.PositiveIntegerField(default=0)
    subtopics_done = models.PositiveIntegerField(default=0, help_text="Subtopics finished, well or not.")
    subtopics_failed = models.JSONField(default=list, help_text="Ids of subtopics whose computation failed.")

    def __str__(self) -> str:
        return f"analytics run {self.pk} of {self.course_key}: {self.status}"


class _ItemAnalysis(models.Model):
    """The statistics of the item analysis, for a whole question or for one version of it."""

    answers = models.PositiveIntegerField()
    learners = models.PositiveIntegerField()
    facility = models.FloatField(null=True)
    point_biserial = models.FloatField(null=True)
    upper_lower = models.FloatField(null=True)
    median_seconds = models.FloatField(null=True)
    difficulty = models.FloatField(null=True, help_text="Rasch difficulty in logits, centred per course.")
    choice_counts = models.JSONField(default=dict, help_text="Choice id -> times picked.")

    class Meta:
        abstract = True


class ItemStatistic(_ItemAnalysis):
    """
    One question's item analysis in one run (statistics explained in ``analytics/items.py``).

    .. no_pii: Aggregates over learners; no learner is identified.
    """

    run = models.ForeignKey(AnalyticsRun, on_delete=models.CASCADE, related_name="items")
    course_key = CourseKeyField(max_length=255)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    flags = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["run", "question"], name="ve_edu_item_statistic")]

    def __str__(self) -> str:
        return f"item statistics of question {self.question_id} in run {self.run_id}"


class ItemVersionStatistic(_ItemAnalysis):
    """
    The item analysis of one version of a question in one run (a question's row covers all its versions).

    A teacher who reworded a question sees whether the new wording changed its facility or
    discrimination. The difficulty is centred with the same shift as the questions' rows.

    .. no_pii: Aggregates over learners; no learner is identified.
    """

    item = models.ForeignKey(ItemStatistic, on_delete=models.CASCADE, related_name="versions")
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(help_text="The version's number within its question.")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "question_version"], name="ve_edu_item_version_statistic")
        ]

    def __str__(self) -> str:
        return f"item statistics of question version {self.question_version_id} in row {self.item_id}"


class _SubtopicResult(models.Model):
    """What a run computes per subtopic, in the order written; each model keeps one row per run and subtopic."""

    course_key = CourseKeyField(max_length=255)
    subtopic = models.ForeignKey(Subtopic, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        ordering = ["id"]


class SkillFit(_SubtopicResult, BktColumns):
    """
    Knowledge-tracing parameters fitted to one subtopic's answers in one run.

    .. no_pii: Model parameters only.
    """

    run = models.ForeignKey(AnalyticsRun, on_delete=models.CASCADE, related_name="fits")
    log_likelihood = models.FloatField()
    learners = models.PositiveIntegerField()
    answers = models.PositiveIntegerField()
    problems = models.JSONField(default=list, help_text="Why the fit was not accepted; empty when it was.")
    applied = models.BooleanField(default=False)

    class Meta(_SubtopicResult.Meta):
        constraints = [models.UniqueConstraint(fields=["run", "subtopic"], name="ve_edu_skill_fit")]

    def __str__(self) -> str:
        return f"fit of subtopic {self.subtopic_id} in run {self.run_id}"


class MasteryDistribution(_SubtopicResult):
    """
    How a subtopic's learners stand in one run: counts and a histogram of P(mastery).

    .. no_pii: Aggregates over learners; no learner is identified.
    """

    run = models.ForeignKey(AnalyticsRun, on_delete=models.CASCADE, related_name="distributions")
    mastered = models.PositiveIntegerField()
    in_progress = models.PositiveIntegerField()
    not_started = models.PositiveIntegerField()
    histogram = models.JSONField(help_text="Learners per tenth of P(mastery), lowest first.")

    class Meta(_SubtopicResult.Meta):
        constraints = [models.UniqueConstraint(fields=["run", "subtopic"], name="ve_edu_mastery_distribution")]

    def __str__(self) -> str:
        return f"mastery distribution of subtopic {self.subtopic_id} in run {self.run_id}"


class CourseAnalyticsSettings(CourseSettings):
    """
    Per-course switch: do accepted fits and measured difficulty feed back into practice?

    .. no_pii: Course configuration only.
    """

    apply_fits = models.BooleanField(default=True)
    use_measured_difficulty = models.BooleanField(default=True)

    class Meta(CourseSettings.Meta):
        verbose_name = "course analytics settings"
        verbose_name_plural = "course analytics settings"
