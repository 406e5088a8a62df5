"""
The blocks' JSON handlers, and the plugin's errors as their responses:
``{"error": {"code", "message", "field_errors"}}``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from ve_edu_plugin.errors import ThrottledError, VeEduError
from ve_edu_plugin.json_input import load_json

F = TypeVar("F", bound=Callable[..., Any])


def as_json_errors(handler: F) -> F:
    """Turn a ``VeEduError`` raised by the api into the matching 4xx/5xx handler response."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except VeEduError as exc:
            detail: dict[str, Any] = {"code": exc.code, "message": exc.detail}
            if exc.field_errors:
                detail["field_errors"] = exc.field_errors
            if isinstance(exc, ThrottledError):  # a response, so it can carry Retry-After
                response = JsonHandlerError(exc.status, detail).get_response()
                response.headers["Retry-After"] = str(exc.retry_after)
                return response
            raise JsonHandlerError(exc.status, detail) from exc

    return wrapper  # type: ignore[return-value]


def json_handler(func: F) -> F:
    """
    ``XBlock.json_handler`` with the plugin's JSON limits: a body too deep, with ``NaN`` or a lone
    surrogate, or not UTF-8 is a 400 ``malformed_request`` (XBlock's own parser lets a 5,000-deep
    array end in a ``RecursionError``, and the rest reach the database).
    """

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self: Any, request: Any, suffix: str = "") -> Any:
        if request.method != "POST":
            return JsonHandlerError(405, "Method must be POST").get_response(allow=["POST"])
        try:
            data = load_json(request.body)
        except VeEduError as exc:
            return JsonHandlerError(400, {"code": exc.code, "message": exc.detail}).get_response()
        try:
            response = func(self, data, suffix)
        except JsonHandlerError as err:
            return err.get_response()
        if isinstance(response, Response):
            return response
        return Response(json.dumps(response), content_type="application/json", charset="utf8")

    return wrapper  # type: ignore[return-value]
