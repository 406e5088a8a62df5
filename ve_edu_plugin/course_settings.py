"""
The base of a course's settings rows (the mastery policy, the analytics switches).

A course has at most one row of each; the admin lists them by course, and a row names itself by
its model and course, so the base declares the unique course key, the app and the name once.
"""

from __future__ import annotations

from django.db import models

from ve_edu_plugin.key_fields import CourseKeyField


class CourseSettings(models.Model):
    """One row per course; subclasses add their settings and their admin names in ``Meta``."""

    course_key = CourseKeyField(max_length=255, unique=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} of {self.course_key}"
