"""Defaults shared by every plugin view: Open edX authentication, JSON only, problem errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
from opaque_keys.edx.keys import CourseKey
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ve_edu_plugin.platform import api as platform_api
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

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Parse the URL's course id once, before the permissions and the handler read it.

        ``self.kwargs`` is the dict the handler is called with, so both get the parsed key;
        an invalid id is the plugin's ``invalid_course_key`` problem.
        """
        view_kwargs: dict[str, Any] = self.kwargs  # type: ignore[attr-defined]
        if "course_id" in view_kwargs:
            view_kwargs["course_id"] = platform_api.parse_course_key(view_kwargs["course_id"])
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def get_exception_handler(self) -> Callable[[Exception, Any], Response]:
        """Use the plugin's problem handler, whatever the platform configured globally."""
        return handle_exception


def parse_course_key(course_id: str | CourseKey) -> CourseKey:
    """The URL's course id as a key (already parsed by :meth:`ProblemErrorsMixin.initial`)."""
    return platform_api.parse_course_key(course_id)
