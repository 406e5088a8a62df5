"""
Every error response of the plugin's API as an RFC 7807 problem document.

The body is always ``{"type", "title", "status", "detail", "code"}`` (plus ``field_errors`` for
validation errors, and ``request_id`` on every one) with the media type
``application/problem+json``. ``title``, ``detail`` and the field messages are in the request's
language (``framework_messages`` puts Django REST framework's own messages in the catalogues too);
``code`` and ``type`` never change with it. The handler is attached to the plugin's own views only, so the
platform's global DRF exception handler is left untouched.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext
from edx_django_utils.monitoring import set_custom_attribute
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from ve_edu_plugin import errors

log = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:ve-edu:problem:"

_DRF_TO_DOMAIN: tuple[tuple[type[Exception], type[errors.VeEduError]], ...] = (
    (drf_exceptions.ParseError, errors.MalformedRequestError),
    (drf_exceptions.NotAuthenticated, errors.NotAuthenticatedError),
    (drf_exceptions.AuthenticationFailed, errors.NotAuthenticatedError),
    (drf_exceptions.PermissionDenied, errors.PermissionDeniedError),
    (drf_exceptions.NotFound, errors.NotFoundError),
    (drf_exceptions.MethodNotAllowed, errors.MethodNotAllowedError),
    (drf_exceptions.NotAcceptable, errors.NotAcceptableError),
    (drf_exceptions.UnsupportedMediaType, errors.UnsupportedMediaTypeError),
    (drf_exceptions.Throttled, errors.ThrottledError),
    (Http404, errors.NotFoundError),
    (DjangoPermissionDenied, errors.PermissionDeniedError),
    (RequestDataTooBig, errors.PayloadTooLargeError),
)


def problem_body(error: errors.VeEduError, *, status: int | None = None) -> dict[str, Any]:
    """The problem document for ``error``."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + error.code,
        "title": str(error.title),
        "status": status or error.status,
        "detail": str(error.detail),
        "code": error.code,
    }
    if error.field_errors:
        body["field_errors"] = {
            field: [str(message) for message in messages] for field, messages in error.field_errors.items()
        }
    return body


def problem_response(
    error: errors.VeEduError, *, status: int | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """A DRF response carrying the problem document for ``error``."""
    status = status or error.status
    return Response(
        problem_body(error, status=status),
        status=status,
        headers=dict(headers or {}),
        content_type=PROBLEM_CONTENT_TYPE,
    )


def handle_exception(exc: Exception, context: Mapping[str, Any]) -> Response:
    """
    DRF exception handler for every plugin view: map any exception to a problem response, each
    with the request's id (``request_id`` and ``X-Request-ID``) for support to find its log lines.
    """
    response = _problem_for(exc, context)
    request_id = _request_id(context)
    response.data["request_id"] = request_id
    response["X-Request-ID"] = request_id
    set_custom_attribute("ve_edu_problem_code", str(response.data.get("code", "")))
    return response


def _request_id(context: Mapping[str, Any]) -> str:
    """The id the client or the proxy sent (``X-Request-ID``), else one made for this request (kept on it)."""
    request = context.get("request")
    meta = getattr(request, "META", None)
    if meta is None:
        return uuid.uuid4().hex
    if not meta.get("HTTP_X_REQUEST_ID"):
        meta["HTTP_X_REQUEST_ID"] = uuid.uuid4().hex
    return str(meta["HTTP_X_REQUEST_ID"])[:64]


def _problem_for(exc: Exception, context: Mapping[str, Any]) -> Response:
    set_rollback()
    if isinstance(exc, errors.ThrottledError):
        return problem_response(exc, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, errors.VeEduError):
        return problem_response(exc)
    if isinstance(exc, errors.InvalidValuesError):  # a core refused values the request carried
        return problem_response(exc.as_invalid_request())
    if isinstance(exc, drf_exceptions.ValidationError):
        return problem_response(_validation_error(exc))
    if isinstance(exc, drf_exceptions.APIException):
        return _api_exception_response(exc)
    for source, target in _DRF_TO_DOMAIN:
        if isinstance(exc, source):
            # Django's own texts ("No Question matches the given query.") have no Chichewa: the
            # domain error's translated title says it instead.
            return problem_response(target())
    return _unexpected_error_response(exc, context)


def _api_exception_response(exc: drf_exceptions.APIException) -> Response:
    """Map DRF's own exceptions, keeping its status (DRF may turn a 401 into a 403) and headers."""
    target: type[errors.VeEduError] = errors.VeEduError
    for source, domain in _DRF_TO_DOMAIN:
        if isinstance(exc, source):
            target = domain
            break
    status = int(exc.status_code)
    if target is errors.NotAuthenticatedError and status == 403:
        target = errors.PermissionDeniedError
    wait = getattr(exc, "wait", None)
    # DRF words the wait itself ("Expected available in 3 seconds.") with a plural the catalogues
    # cannot share with DRF's: the plugin says it in its own message.
    detail = _throttled_detail(wait) if isinstance(exc, drf_exceptions.Throttled) else _text(exc)
    error = target(detail)
    if target is errors.VeEduError:
        error.title = errors.VeEduError.title
    headers: dict[str, str] = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = str(auth_header)
    if wait is not None:
        headers["Retry-After"] = str(int(wait))
    return problem_response(error, status=status, headers=headers)


def _throttled_detail(wait: float | None) -> str:
    if wait is None:
        return gettext("Too many requests. Try again later.")
    return gettext("Too many requests. Try again in %(seconds)s s.") % {"seconds": max(1, int(wait))}


def _validation_error(exc: drf_exceptions.ValidationError) -> errors.InvalidRequestError:
    field_errors = _flatten(exc.detail)
    detail = "; ".join(f"{path}: {messages[0]}" for path, messages in field_errors.items())
    return errors.InvalidRequestError(detail or None, field_errors=field_errors)


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"path.to.field": [messages]}``."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, (Mapping, list)) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}[{index}]" if prefix else str(index)))
        return flat
    messages = [str(item) for item in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix or "non_field_errors": messages}


def _text(exc: Exception) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str):
        return detail
    return str(exc) or exc.__class__.__name__


def _unexpected_error_response(exc: Exception, context: Mapping[str, Any]) -> Response:
    """Log the failure with a request id and answer with a 500 that shows no internals."""
    request = context.get("request")
    request_id = _request_id(context)
    log.exception(
        "Unexpected error in VE-EDU API request_id=%s path=%s",
        request_id,
        getattr(request, "path", "?"),
        exc_info=exc,
    )
    error = errors.InternalError(
        gettext("An unexpected error occurred. Quote request id %(request_id)s when reporting it.")
        % {"request_id": request_id}
    )
    return problem_response(error)
