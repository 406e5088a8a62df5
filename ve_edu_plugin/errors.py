"""
The plugin's one exception hierarchy.

Every error the api layer raises is a :class:`VeEduError` with a stable, machine-readable
``code`` that clients may branch on, the HTTP status it maps to, and a short human ``title``.
The REST layer turns them into RFC 7807 problem documents (see ``rest_api/problems.py``).
Nothing wraps infrastructure errors (database, cache, broker): they propagate as they are, the
REST layer logs them and answers ``internal_error`` with a request id, and tasks retry the
transient ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class VeEduError(Exception):
    """Base of every error the plugin raises on purpose."""

    code: str = "error"
    status: int = 500
    title: str = "Error"

    def __init__(self, detail: str | None = None, *, field_errors: Mapping[str, Sequence[str]] | None = None) -> None:
        self.detail = detail or self.title
        self.field_errors: dict[str, list[str]] = {key: list(value) for key, value in (field_errors or {}).items()}
        super().__init__(self.detail)


class InvalidRequestError(VeEduError):
    """The request was understood but its content is not valid; ``field_errors`` says where."""

    code = "invalid_request"
    status = 400
    title = "Invalid request"


class MalformedRequestError(VeEduError):
    """The request body could not be parsed at all (for example broken JSON)."""

    code = "malformed_request"
    status = 400
    title = "Malformed request"


class InvalidCourseKeyError(VeEduError):
    """A course id in the URL or body is not a valid Open edX course key."""

    code = "invalid_course_key"
    status = 400
    title = "Invalid course key"


class NotAuthenticatedError(VeEduError):
    """No valid credentials were sent."""

    code = "not_authenticated"
    status = 401
    title = "Authentication required"


class PermissionDeniedError(VeEduError):
    """The user is known but may not do this (for example a learner asking for staff data)."""

    code = "permission_denied"
    status = 403
    title = "Permission denied"


class NotFoundError(VeEduError):
    """The resource does not exist (or the URL is unknown)."""

    code = "not_found"
    status = 404
    title = "Not found"


class MethodNotAllowedError(VeEduError):
    """The resource exists but does not accept this HTTP method."""

    code = "method_not_allowed"
    status = 405
    title = "Method not allowed"


class NotAcceptableError(VeEduError):
    """The client asked for a representation the API cannot produce."""

    code = "not_acceptable"
    status = 406
    title = "Not acceptable"


class ConflictError(VeEduError):
    """The request conflicts with the resource's current state (a rule violation)."""

    code = "conflict"
    status = 409
    title = "Conflict"


class UnsupportedMediaTypeError(VeEduError):
    """The request body is in a media type the endpoint does not read."""

    code = "unsupported_media_type"
    status = 415
    title = "Unsupported media type"


class PayloadTooLargeError(VeEduError):
    """The request body is larger than the server reads (Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""

    code = "payload_too_large"
    status = 413
    title = "Payload too large"


class ExpandsTooMuchError(VeEduError):
    """A compressed upload (gzip, ``.tar.gz``, zip) inflates past the cap; refused before it is read."""

    code = "expands_too_much"
    status = 413
    title = "Upload expands too much"


class ThrottledError(VeEduError):
    """Too many requests; retry after ``retry_after`` seconds (sent as ``Retry-After``)."""

    code = "throttled"
    status = 429
    title = "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class InternalError(VeEduError):
    """Something failed inside the plugin or a service it depends on; details are only logged."""

    code = "internal_error"
    status = 500
    title = "Internal error"


class InvalidCourseExportError(VeEduError):
    """A course export (OLX) cannot be read: missing files, broken XML, or another course's export."""

    code = "invalid_course_export"
    status = 400
    title = "Invalid course export"


class OutlineUnavailableError(VeEduError):
    """The published outline cannot be read right now (a transient failure; the sync retries)."""

    code = "outline_unavailable"
    status = 503
    title = "Outline unavailable"


class PlatformUnavailableError(VeEduError):
    """
    A setting asks for openedx-platform (roles, enrollments, the modulestore) in a process without it.

    A configuration fault, not a transient one: the detail names the setting to change, and the
    outline sync does not retry it.
    """

    code = "platform_unavailable"
    status = 503
    title = "Platform unavailable"


class StoppedByExtensionError(VeEduError):
    """
    An openedx-filters pipeline step configured by the operator stopped the action; ``detail`` is
    the step's message for the learner or author (for example "Come back tomorrow").
    """

    code = "stopped_by_extension"
    status = 403
    title = "Stopped by an extension"


class AssessmentClosedError(VeEduError):
    """A timed assessment no longer takes answers: submitted, or past its deadline and grace."""

    code = "assessment_closed"
    status = 409
    title = "Assessment closed"
