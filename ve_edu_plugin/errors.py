"""
The plugin's one exception hierarchy.

An error the api layer raises on purpose is a :class:`VeEduError` with a stable,
machine-readable ``code`` that clients may branch on, the HTTP status it maps to, and a short
human ``title``. The REST layer turns them into RFC 7807 problem documents (see
``rest_api/problems.py``), the XBlocks into JSON handler errors (``xblocks/errors.py``).

Titles and details are Django gettext messages: the ``code`` stays English and stable, the words
reach the reader in the request's language (``Accept-Language``, or the learner's LMS language).
A detail is translated when it is made (the raise site calls ``gettext``, with named placeholders),
which in a request or a handler is in that request's language.

The pure cores (knowledge tracing, mastery policies, question selection) know nothing of
requests: values that break their invariants raise :class:`InvalidValuesError`, a ``ValueError``.
The edges translate it where it reaches them (REST problem handler, XBlock handlers, the admin
form, the Studio editor) into ``invalid_request`` with the same field errors; nothing else wraps it.

Nothing wraps infrastructure errors (database, cache, broker) either: they propagate as they
are, the REST layer logs them and answers ``internal_error`` with a request id, and tasks retry
the transient ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ve_edu_plugin.i18n import gettext_lazy as _


class VeEduError(Exception):
    """Base of every error the plugin raises on purpose."""

    code: str = "error"
    status: int = 500
    #: A lazy message: it is translated when the response is written, in the reader's language.
    title: Any = _("Error")

    def __init__(self, detail: Any = None, *, field_errors: Mapping[str, Sequence[Any]] | None = None) -> None:
        self.detail: Any = detail or self.title
        self.field_errors: dict[str, list[Any]] = {key: list(value) for key, value in (field_errors or {}).items()}
        super().__init__(self.detail)

    def __str__(self) -> str:
        return str(self.detail)


class InvalidValuesError(ValueError):
    """
    Values that break a pure core's invariants (a probability above 1, a field a policy does not
    define), with what is wrong per field. Not HTTP-shaped: the edge that receives it maps it
    with :meth:`as_invalid_request`.
    """

    def __init__(self, detail: Any, *, field_errors: Mapping[str, Sequence[Any]] | None = None) -> None:
        self.detail: Any = detail
        self.field_errors: dict[str, list[Any]] = {key: list(value) for key, value in (field_errors or {}).items()}
        super().__init__(detail)

    def as_invalid_request(self) -> InvalidRequestError:
        """The same refusal as the ``invalid_request`` (400) a client or author is shown."""
        return InvalidRequestError(self.detail, field_errors=self.field_errors)


class InvalidRequestError(VeEduError):
    """The request was understood but its content is not valid; ``field_errors`` says where."""

    code = "invalid_request"
    status = 400
    title = _("Invalid request")


class MalformedRequestError(VeEduError):
    """The request body could not be parsed at all (for example broken JSON)."""

    code = "malformed_request"
    status = 400
    title = _("Malformed request")


class InvalidCourseKeyError(VeEduError):
    """A course id in the URL or body is not a valid Open edX course key."""

    code = "invalid_course_key"
    status = 400
    title = _("Invalid course key")


class NotAuthenticatedError(VeEduError):
    """No valid credentials were sent."""

    code = "not_authenticated"
    status = 401
    title = _("Authentication required")


class PermissionDeniedError(VeEduError):
    """The user is known but may not do this (for example a learner asking for staff data)."""

    code = "permission_denied"
    status = 403
    title = _("Permission denied")


class NotFoundError(VeEduError):
    """The resource does not exist (or the URL is unknown)."""

    code = "not_found"
    status = 404
    title = _("Not found")


class MethodNotAllowedError(VeEduError):
    """The resource exists but does not accept this HTTP method."""

    code = "method_not_allowed"
    status = 405
    title = _("Method not allowed")


class NotAcceptableError(VeEduError):
    """The client asked for a representation the API cannot produce."""

    code = "not_acceptable"
    status = 406
    title = _("Not acceptable")


class ConflictError(VeEduError):
    """The request conflicts with the resource's current state (a rule violation)."""

    code = "conflict"
    status = 409
    title = _("Conflict")


class UnsupportedMediaTypeError(VeEduError):
    """The request body is in a media type the endpoint does not read."""

    code = "unsupported_media_type"
    status = 415
    title = _("Unsupported media type")


class PayloadTooLargeError(VeEduError):
    """The request body is larger than the server reads (Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""

    code = "payload_too_large"
    status = 413
    title = _("Payload too large")


class ExpandsTooMuchError(VeEduError):
    """A compressed upload (gzip, ``.tar.gz``, zip) inflates past the cap; refused before it is read."""

    code = "expands_too_much"
    status = 413
    title = "Upload expands too much"


class ThrottledError(VeEduError):
    """Too many requests; retry after ``retry_after`` seconds (sent as ``Retry-After``)."""

    code = "throttled"
    status = 429
    title = _("Too many requests")

    def __init__(self, detail: Any = None, *, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class InternalError(VeEduError):
    """Something failed inside the plugin or a service it depends on; details are only logged."""

    code = "internal_error"
    status = 500
    title = _("Internal error")


class InvalidCourseExportError(VeEduError):
    """A course export (OLX) cannot be read: missing files, broken XML, or another course's export."""

    code = "invalid_course_export"
    status = 400
    title = _("Invalid course export")


class OutlineUnavailableError(VeEduError):
    """The published outline cannot be read right now (a transient failure; the sync retries)."""

    code = "outline_unavailable"
    status = 503
    title = _("Outline unavailable")


class PlatformUnavailableError(VeEduError):
    """
    A setting asks for openedx-platform (roles, enrollments, the modulestore) in a process without it.

    A configuration fault, not a transient one: the detail names the setting to change, and the
    outline sync does not retry it.
    """

    code = "platform_unavailable"
    status = 503
    title = _("Platform unavailable")


class StoppedByExtensionError(VeEduError):
    """
    An openedx-filters pipeline step configured by the operator stopped the action; ``detail`` is
    the step's message for the learner or author (for example "Come back tomorrow").
    """

    code = "stopped_by_extension"
    status = 403
    title = _("Stopped by an extension")


class AssessmentClosedError(VeEduError):
    """A timed assessment no longer takes answers: submitted, or past its deadline and grace."""

    code = "assessment_closed"
    status = 409
    title = _("Assessment closed")
