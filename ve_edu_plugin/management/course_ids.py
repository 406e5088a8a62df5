"""The commands' reading of a course id argument: one parse, one message for a malformed id."""

from __future__ import annotations

from django.core.management.base import CommandError
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import VeEduError
from ve_edu_plugin.platform import api as platform_api


def course_key_argument(course_id: str) -> CourseKey:
    """``course_id`` parsed as the REST API parses it; a ``CommandError`` (non-zero exit) when malformed."""
    try:
        return platform_api.parse_course_key(course_id)
    except VeEduError as exc:
        raise CommandError(exc.detail) from exc
