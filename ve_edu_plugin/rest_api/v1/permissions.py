"""Permission classes of the v1 API; every role question goes through ``platform.api``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api.base import parse_course_key


class IsCourseStaff(BasePermission):
    """Course staff, course instructors and global staff of the course in the URL."""

    message = _("Only course staff may use this endpoint.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        course_key = parse_course_key(view.kwargs["course_id"])
        return platform_api.is_course_staff(request.user, course_key)


class CanViewCourse(BasePermission):
    """Enrolled learners and course staff of the course in the URL."""

    message = _("You are not enrolled in this course.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return platform_api.can_view_course(request.user, parse_course_key(view.kwargs["course_id"]))
