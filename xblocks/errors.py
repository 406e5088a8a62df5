"""
The blocks' JSON handlers, and the plugin's errors as their responses:
``{"error": {"code", "message", "field_errors"}}``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from ve_edu_plugin.errors import InvalidValuesError, ThrottledError, VeEduError
from ve_edu_plugin.json_input import load_json
from xblocks.settings_form import _

F = TypeVar("F", bound=Callable[..., Any])

#: The titles of ``ve_edu_plugin.errors`` a learner may read as a handler's message, marked for the
#: catalogues (a test checks this list against the error classes).
TITLES = (
    _("Invalid request"),
    _("Malformed request"),
    _("Invalid course key"),
    _("Authentication required"),
    _("Permission denied"),
    _("Not found"),
    _("Method not allowed"),
    _("Not acceptable"),
    _("Conflict"),
    _("Unsupported media type"),
    _("Too many requests"),
    _("Internal error"),
    _("Service unavailable"),
    _("Invalid course export"),
    _("Outline unavailable"),
    _("Platform unavailable"),
    _("Invalid import"),
    _("Invalid question body"),
    _("Payload too large"),
    _("Upload expands too much"),
    _("Stopped by an extension"),
    _("Assessment closed"),
)


def _translator(handler_args: tuple[Any, ...]) -> Callable[[str], str]:
    """The block's ``ugettext`` (the handler's ``self``), or no translation outside a block."""
    translate = getattr(handler_args[0], "ugettext", None) if handler_args else None
    return translate if callable(translate) else (lambda text: text)


def as_json_errors(handler: F) -> F:
    """
    Turn a ``VeEduError`` raised by the api into the matching 4xx/5xx handler response (and a
    core's ``InvalidValuesError`` into ``invalid_request``).

    The message and field errors go through the block's i18n service: a message that is in the
    catalogues (the error titles, the settings form's checks) reaches the learner in their language.
    The api's details are already in it: they are made with Django's ``gettext`` during the handler
    request, whose language is the learner's (the LMS activates it before the runtime calls us).
    """

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except (VeEduError, InvalidValuesError) as caught:
            # A core's refusal of the block's values (its settings) is the author's to fix: a 400.
            exc = caught.as_invalid_request() if isinstance(caught, InvalidValuesError) else caught
            translate = _translator(args)
            detail: dict[str, Any] = {"code": exc.code, "message": translate(str(exc.detail))}
            if exc.field_errors:
                detail["field_errors"] = {
                    field: [translate(str(message)) for message in messages]
                    for field, messages in exc.field_errors.items()
                }
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
            return JsonHandlerError(400, {"code": exc.code, "message": str(exc.detail)}).get_response()
        try:
            response = func(self, data, suffix)
        except JsonHandlerError as err:
            return err.get_response()
        if isinstance(response, Response):
            return response
        return Response(json.dumps(response), content_type="application/json", charset="utf8")

    return wrapper


#: The graders' messages about an answer they cannot read (``Verdict.failed``), marked for the
#: catalogues so a learner reads them in their language (a test checks this list against the graders).
GRADING_MESSAGES = (
    _("An option you ticked is not part of this question."),
    _("Choose one of the options."),
    _("Complex numbers are not accepted for this question."),
    _("Enter a number."),
    _("Enter an answer."),
    _("Enter an expression."),
    _("Send the answer as a number or as text."),
    _("Send the answer as text."),
    _("Send the ticked options as a list."),
    _("That option is not part of this question."),
    _("This question has no answer key."),
    _("This question's answer key cannot be evaluated."),
    _("Tick at least one option."),
    _("Your answer gives numbers too large to use."),
    _("Your answer is too large to compare."),
    _("Your answer is too long."),
)


def translated_result(block: Any, result: Mapping[str, object]) -> dict[str, Any]:
    """``result`` of a submission with its ``error`` message in the learner's language (through ``block``)."""
    error = result.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return dict(result)
    return {**result, "error": {**error, "message": _translator((block,))(error["message"])}}
