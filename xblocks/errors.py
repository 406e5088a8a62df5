"""The plugin's errors as handler responses: ``{"error": {"code", "message", "field_errors"}}``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from xblock.exceptions import JsonHandlerError

from ve_edu_plugin.errors import VeEduError

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
            raise JsonHandlerError(exc.status, detail) from exc

    return wrapper  # type: ignore[return-value]
