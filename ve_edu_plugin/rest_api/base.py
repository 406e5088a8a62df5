"""Defaults shared by every plugin view: Open edX authentication, JSON only, problem errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.rest_api.problems import handle_exception


class ProblemErrorsMixin:
    """
    Mix into any DRF view of the plugin.

    Authentication is what Open edX APIs use (JWT first, so an anonymous request gets a 401 with a
    ``WWW-Authenticate`` header; then the LMS session). Errors become problem documents.
    """

    authentication_classes: Any = (JwtAuthentication, SessionAuthenticationAllowInactiveUser)
    permission_classes: Any = (IsAuthenticated,)
    renderer_classes: Any = (JSONRenderer,)
    parser_classes: Any = (JSONParser,)

    def get_exception_handler(self) -> Callable[[Exception, Any], Response]:
        """Use the plugin's problem handler, whatever the platform configured globally."""
        return handle_exception


@lru_cache(maxsize=1024)
def parse_course_key(course_id: str) -> CourseKey:
    """
    Parse a course id from a URL, or raise the plugin's ``invalid_course_key`` error.

    A request parses its course id in the permission check and again in the view, and a school
    has few courses: valid keys (immutable) are kept, bounded; invalid ids raise every time.
    """
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError as exc:
        raise errors.InvalidCourseKeyError(f"{course_id!r} is not a valid course id.") from exc
