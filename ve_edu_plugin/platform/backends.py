"""The two platform backends behind :mod:`ve_edu_plugin.platform.api`."""

from __future__ import annotations

from typing import Any, Protocol

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.platform.presence import ROLES, import_for


class PlatformBackend(Protocol):
    """What the plugin asks of the platform about users and courses."""

    def is_course_staff(self, user: Any, course_key: CourseKey) -> bool: ...

    def is_course_instructor(self, user: Any, course_key: CourseKey) -> bool: ...

    def is_enrolled(self, user: Any, course_key: CourseKey) -> bool: ...


#: Where a user object keeps its standalone course roles, by course (see ``StandaloneBackend._roles_in``).
_STANDALONE_ROLES = "_ve_edu_standalone_roles"


class StandaloneBackend:
    """Global ``is_staff`` plus the plugin's :class:`StandaloneCourseRole` table."""

    def _has_role(self, user: Any, course_key: CourseKey, *roles: str, active_only: bool = True) -> bool:
        """
        Whether the user holds one of ``roles``; like the platform's ``RoleBase.has_user``, a staff
        or instructor role counts only while the user is active (``active_only``), while
        enrollment (like ``CourseEnrollment.is_enrolled``) does not look at the user's flag.
        """
        if not getattr(user, "is_authenticated", False):
            return False
        if active_only and not getattr(user, "is_active", False):
            return False
        return not self._roles_in(user, course_key).isdisjoint(roles)

    @staticmethod
    def _roles_in(user: Any, course_key: CourseKey) -> frozenset[str]:
        """
        All the user's roles in the course, read with one query per user object and course.

        A view that asks two role questions (may this learner see the course, and are they staff)
        reads one row set rather than one row per question; a request loads its user afresh, so
        the memo lives as long as the request, as the platform's role cache does.
        """
        from ve_edu_plugin.platform.models import StandaloneCourseRole

        memo: dict[str, frozenset[str]] = user.__dict__.setdefault(_STANDALONE_ROLES, {})
        key = str(course_key)
        if key not in memo:
            rows = StandaloneCourseRole.objects.filter(user_id=user.id, course_key=course_key)
            memo[key] = frozenset(rows.values_list("role", flat=True))
        return memo[key]

    def is_course_staff(self, user: Any, course_key: CourseKey) -> bool:
        if getattr(user, "is_staff", False) and user.is_active:
            return True
        return self._has_role(user, course_key, "staff", "instructor")

    def is_course_instructor(self, user: Any, course_key: CourseKey) -> bool:
        if getattr(user, "is_staff", False) and user.is_active:
            return True
        return self._has_role(user, course_key, "instructor")

    def is_enrolled(self, user: Any, course_key: CourseKey) -> bool:
        # A learner row is an enrollment whatever the user's flag; a staff row counts only while
        # active. One query either way.
        roles = ("learner", "staff", "instructor") if getattr(user, "is_active", False) else ("learner",)
        return self._has_role(user, course_key, *roles, active_only=False)


class EdxPlatformBackend:
    """
    Roles and enrollment from openedx-platform, imported on first use.

    Without the platform each question raises ``PlatformUnavailableError`` (503
    ``platform_unavailable``), never a bare ``ModuleNotFoundError``.
    """

    def is_course_staff(self, user: Any, course_key: CourseKey) -> bool:
        roles = import_for(ROLES)
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(
            roles.GlobalStaff().has_user(user)
            or roles.CourseStaffRole(course_key).has_user(user)
            or roles.CourseInstructorRole(course_key).has_user(user)
        )

    def is_course_instructor(self, user: Any, course_key: CourseKey) -> bool:
        roles = import_for(ROLES)
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(roles.GlobalStaff().has_user(user) or roles.CourseInstructorRole(course_key).has_user(user))

    def is_enrolled(self, user: Any, course_key: CourseKey) -> bool:
        student_models = import_for(ROLES, "common.djangoapps.student.models")
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(student_models.CourseEnrollment.is_enrolled(user, course_key))


def record_submission_score(
    anonymous_student_id: str, course_key: CourseKey, block_usage_key: str, *, earned: int, possible: int, answers: Any
) -> str:
    """
    Record a score the way ORA2 does, through edx-submissions: a submission for the learner's item,
    then ``set_score``, which the LMS grades app listens to (``SCORE_PUBLISHED``). Works outside a
    request (a Celery task, a command), where no XBlock runtime can publish. Returns its uuid.
    """
    from submissions import api as submissions_api

    item = {
        "student_id": anonymous_student_id,
        "course_id": str(course_key),
        "item_id": block_usage_key,
        "item_type": "ve_timed_assessment",
    }
    submission = submissions_api.create_submission(item, answers)
    submissions_api.set_score(submission["uuid"], earned, possible)
    return str(submission["uuid"])
