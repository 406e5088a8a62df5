"""
Questions the plugin asks the platform: who is course staff, who is enrolled.

The backend is chosen at call time by ``VE_EDU_PLATFORM_BACKEND`` (``platform`` or ``standalone``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import setting
from ve_edu_plugin.errors import InternalError
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.platform.backends import EdxPlatformBackend, PlatformBackend, StandaloneBackend
from ve_edu_plugin.platform.course_blocks import Placement, PublishedBlock, PublishedCourse
from ve_edu_plugin.platform.keys import (
    parse_course_key,
    unversioned_course_key,
    unversioned_usage_key,
    unversioned_usage_key_string,
)

__all__ = [
    "BACKEND_NAMES",
    "Placement",
    "PublishedBlock",
    "PublishedCourse",
    "can_view_course",
    "get_backend",
    "is_course_instructor",
    "is_course_staff",
    "is_enrolled",
    "parse_course_key",
    "read_published_course",
    "record_score",
    "unversioned_course_key",
    "unversioned_usage_key",
    "unversioned_usage_key_string",
]

_BACKENDS: dict[str, type] = {"platform": EdxPlatformBackend, "standalone": StandaloneBackend}

#: The values ``VE_EDU_PLATFORM_BACKEND`` accepts (the system checks report any other).
BACKEND_NAMES: tuple[str, ...] = tuple(sorted(_BACKENDS))


def get_backend() -> PlatformBackend:
    """The configured backend."""
    name = setting("VE_EDU_PLATFORM_BACKEND")
    try:
        backend: PlatformBackend = _BACKENDS[name]()
    except KeyError as exc:
        raise InternalError(f"VE_EDU_PLATFORM_BACKEND must be one of {sorted(_BACKENDS)}, not {name!r}.") from exc
    return backend


def is_course_staff(user: Any, course_key: CourseKey, /) -> bool:
    """Course staff, course instructor or global staff."""
    return _asked_once(user, "staff", course_key, lambda: get_backend().is_course_staff(user, course_key))


def is_course_instructor(user: Any, course_key: CourseKey, /) -> bool:
    """Course instructor or global staff."""
    return _asked_once(user, "instructor", course_key, lambda: get_backend().is_course_instructor(user, course_key))


def is_enrolled(user: Any, course_key: CourseKey, /) -> bool:
    """Enrolled in the course (in the standalone backend, any course role counts)."""
    return _asked_once(user, "enrolled", course_key, lambda: get_backend().is_enrolled(user, course_key))


#: Where a user object keeps the role answers it was given (as the platform's role cache does).
_ROLE_ANSWERS = "_ve_edu_role_answers"


def _asked_once(user: Any, question: str, course_key: CourseKey, ask: Callable[[], bool]) -> bool:
    """
    Ask the backend a role question once per user object.

    A request loads its user afresh, so the answers live as long as the request: the permission
    check and the view that asks again read no second row. Anonymous users are not memoised.
    """
    if not getattr(user, "pk", None):
        return ask()
    answers: dict[tuple[str, str], bool] = user.__dict__.setdefault(_ROLE_ANSWERS, {})
    key = (question, str(course_key))
    if key not in answers:
        answers[key] = ask()
    return answers[key]


def can_view_course(user: Any, course_key: CourseKey, /) -> bool:
    """Enrolled learners and course staff."""
    return is_enrolled(user, course_key) or is_course_staff(user, course_key)


def read_published_course(course_key: CourseKey, /) -> PublishedCourse:
    """The course's published chapters and sequentials from the modulestore (only inside the platform)."""
    from ve_edu_plugin.platform.modulestore import read_published_course as _read

    return _read(course_key)


def get_user_by_username(username: str, /) -> Any:
    """The platform's user with this username, or ``NotFoundError``."""
    from django.contrib.auth import get_user_model

    from ve_edu_plugin.errors import NotFoundError

    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise NotFoundError(gettext("No user %(username)s.") % {"username": repr(username)}) from exc


#: Scores go to edx-submissions in whole points: a question is worth this many.
POINTS_PER_QUESTION = 100


def record_score(
    user_id: int,
    course_key: CourseKey,
    block_usage_key: str,
    /,
    *,
    anonymous_student_id: str,
    earned: float,
    possible: float,
    answers: Any,
    questions: int = 1,
) -> str | None:
    """
    A score set outside a request. With the platform backend it goes through the submissions API
    (the LMS grades app picks it up; points are whole, ``POINTS_PER_QUESTION`` per question); the
    standalone backend keeps it where the caller stored it and returns ``None``.
    """
    if setting("VE_EDU_PLATFORM_BACKEND") != "platform":
        return None
    if not anonymous_student_id:
        raise InternalError(f"No anonymous id for user {user_id} in {course_key}: the score cannot reach the LMS.")
    from ve_edu_plugin.platform.backends import record_submission_score

    points = max(questions, 1) * POINTS_PER_QUESTION
    fraction = 0.0 if possible <= 0 else min(max(earned / possible, 0.0), 1.0)
    return record_submission_score(
        anonymous_student_id,
        course_key,
        block_usage_key,
        earned=round(fraction * points),
        possible=points,
        answers=answers,
    )
