"""Defaults shared by every plugin view: Open edX authentication, JSON only, problem errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
from opaque_keys.edx.keys import CourseKey
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from ve_edu_plugin import errors, rate_limits
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api.parsers import StrictJSONParser
from ve_edu_plugin.rest_api.problems import handle_exception


class BoundaryJwtAuthentication(JwtAuthentication):
    """
    edx-drf-extensions' JWT authentication, with its crashes on malformed tokens made 401s.

    A token whose header lacks ``alg`` (``{}``) or is otherwise not what the decoder expects
    raises ``KeyError``/``TypeError`` inside the library rather than its authentication error;
    caught here, at the plugin's boundary, so such a request is refused like any bad token.
    """

    def authenticate(self, request: Any) -> Any:
        try:
            return super().authenticate(request)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise AuthenticationFailed("Invalid JWT.") from exc


class WriteRateThrottle(BaseThrottle):
    """
    Counts each write (any method but GET/HEAD/OPTIONS) of a signed-in user against the view's
    ``rate_scope`` (``VE_EDU_RATE_LIMITS``); over the limit it raises ``throttled`` itself, so the
    problem carries the plugin's message and ``Retry-After``. DRF asks after authentication and
    permissions, so refused requests are not counted.
    """

    def allow_request(self, request: Any, view: Any) -> bool:
        user_id = getattr(request.user, "id", None)
        if request.method not in SAFE_METHODS and user_id is not None:
            rate_limits.check_rate(getattr(view, "rate_scope", rate_limits.STAFF_WRITE), int(user_id))
        return True


class ProblemErrorsMixin:
    """
    Mix into any DRF view of the plugin.

    Authentication is what Open edX APIs use (JWT first, so an anonymous request gets a 401 with a
    ``WWW-Authenticate`` header; then the LMS session). Errors become problem documents.
    """

    authentication_classes: Any = (BoundaryJwtAuthentication, SessionAuthenticationAllowInactiveUser)
    permission_classes: Any = (IsAuthenticated,)
    renderer_classes: Any = (JSONRenderer,)
    parser_classes: Any = (StrictJSONParser,)
    throttle_classes: Any = (WriteRateThrottle,)
    #: The ``VE_EDU_RATE_LIMITS`` scope this view's writes count against.
    rate_scope: str = rate_limits.STAFF_WRITE

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


#: The largest id a database column holds (a signed 64-bit integer): bigger ones are refused as
#: input, not handed to sqlite (``OverflowError``) or MariaDB.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: str) -> bool:
    """Whether ``value`` can be a row id: ASCII digits (``int("²")`` fails) within a column."""
    return value.isascii() and value.isdigit() and int(value) <= MAX_ROW_ID


def parse_id(value: str | None, name: str) -> int | None:
    """A row id from a query parameter (see :func:`is_row_id`)."""
    if value is None or value == "":
        return None
    if not is_row_id(value):
        raise errors.InvalidRequestError(field_errors={name: [gettext("Must be an id: a whole number.")]})
    return int(value)


def parse_course_key(course_id: str | CourseKey) -> CourseKey:
    """The URL's course id as a key (already parsed by :meth:`ProblemErrorsMixin.initial`)."""
    return platform_api.parse_course_key(course_id)
