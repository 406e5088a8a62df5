"""Course roles for the standalone backend (the dev host and tests; unused inside the platform)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ve_edu_plugin.key_fields import CourseKeyField


class StandaloneCourseRole(models.Model):
    """
    A user's role in a course when the plugin runs outside openedx-platform.

    Inside the platform, roles come from ``CourseStaffRole``/``CourseInstructorRole`` and
    enrollment from ``CourseEnrollment``; this table stands in for them and is managed in the
    Django admin of the dev host.

    .. no_pii: Links a user id to a course and a role; holds no personal data itself.
    """

    class Role(models.TextChoices):
        LEARNER = "learner", "Enrolled learner"
        STAFF = "staff", "Course staff"
        INSTRUCTOR = "instructor", "Course instructor"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255, db_index=True)
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key", "role"], name="ve_edu_unique_course_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} in {self.course_key}"
