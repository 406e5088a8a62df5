"""A learner's timed sessions, the answers saved in them, and staff's time adjustments."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ve_edu_plugin.key_fields import CourseKeyField


class _LearnerInBlock(models.Model):
    """
    A row about one learner in one timed-assessment block: a session, or staff's time adjustment.

    Both are found by the same pair, so the pair is declared once; the block is kept as the text
    of its usage key (the XBlock workbench's block ids are no usage keys).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    block_usage_key = models.CharField(max_length=255)

    class Meta:
        abstract = True


class AssessmentSession(_LearnerInBlock):
    """
    One learner's attempt at one timed-assessment block.

    The questions are frozen at start (``questions``: question id, version id and choice order in
    the order shown), so a reload or an edit of the bank never changes what the learner answers.
    ``open_marker`` is 1 while the session is open and NULL afterwards: the unique constraint on
    it allows at most one open session per learner and block, also under concurrent starts.

    .. no_pii: Learner activity keyed by user id; answers are course work, not personal data.
    """

    OPEN, SUBMITTED, EXPIRED = "open", "submitted", "expired"
    STATUSES = [(OPEN, "Open"), (SUBMITTED, "Submitted"), (EXPIRED, "Time ran out")]

    course_key = CourseKeyField(max_length=255)
    attempt_number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=STATUSES, default=OPEN)
    open_marker = models.PositiveSmallIntegerField(null=True, default=1)
    anonymous_student_id = models.CharField(
        max_length=64, blank=True, default="", help_text="The platform's per-course learner id, for scores set later."
    )
    questions = models.JSONField(help_text="[{question_id, version_id, choices}] in the order shown.")
    max_score = models.FloatField(default=1.0, help_text="The block's weight: the score is scaled to it.")
    time_limit_minutes = models.FloatField(help_text="The block's limit at start, before any adjustment.")
    due = models.DateTimeField(null=True, blank=True, help_text="The block's due date at start: caps every deadline.")
    started = models.DateTimeField()
    deadline = models.DateTimeField()
    grace_seconds = models.PositiveIntegerField(default=120)
    closes = models.DateTimeField(db_index=True, help_text="deadline + grace: no save is accepted after it.")
    finished = models.DateTimeField(null=True, blank=True, help_text="Submit time, or the deadline when time ran out.")
    finalised_by = models.CharField(max_length=16, blank=True, default="")
    score = models.FloatField(null=True, blank=True)
    results = models.JSONField(default=dict, help_text="Per question id: [score, correct], set at finalisation.")
    reset = models.BooleanField(default=False, help_text="Staff let the learner start again after this session.")

    class Meta(_LearnerInBlock.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["user", "block_usage_key", "open_marker"], name="ve_edu_assessment_one_open"
            ),
            models.UniqueConstraint(
                fields=["user", "block_usage_key", "attempt_number"], name="ve_edu_assessment_attempt"
            ),
        ]
        indexes = [models.Index(fields=["course_key", "block_usage_key", "status"], name="ve_edu_assessment_block")]

    def __str__(self) -> str:
        return f"assessment session {self.pk} of user {self.user_id} in {self.block_usage_key}"


class SavedAnswer(models.Model):
    """
    The latest answer to one question of a session. ``client_key`` makes a resent save count once;
    ``client_time`` (when the learner typed it) is trusted only within the grace after the deadline.

    .. no_pii: Learner activity keyed by user id; answers are course work, not personal data.
    """

    session = models.ForeignKey(AssessmentSession, on_delete=models.CASCADE, related_name="answers")
    question_id = models.PositiveIntegerField()
    answer = models.JSONField()
    client_key = models.CharField(max_length=64)
    client_time = models.DateTimeField(null=True, blank=True)
    saved = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "question_id"], name="ve_edu_saved_answer_question"),
        ]

    def __str__(self) -> str:
        return f"answer to question {self.question_id} in session {self.session_id}"


class TimeAdjustment(_LearnerInBlock):
    """
    Staff's extra time for one learner in one block: applies to the open session and later ones.

    .. no_pii: An accommodation keyed by user id; no personal data stored here.
    """

    extra_minutes = models.PositiveIntegerField(default=0)
    multiplier = models.FloatField(default=1.0)

    class Meta(_LearnerInBlock.Meta):
        constraints = [
            models.UniqueConstraint(fields=["user", "block_usage_key"], name="ve_edu_time_adjustment"),
        ]

    def __str__(self) -> str:
        return f"time adjustment of user {self.user_id} in {self.block_usage_key}"
