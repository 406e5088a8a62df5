"""The plugin's errors as handler responses: ``{"error": {"code", "message", "field_errors"}}``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from xblock.exceptions import JsonHandlerError

from ve_edu_plugin.errors import VeEduError
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
)


def _translator(handler_args: tuple[Any, ...]) -> Callable[[str], str]:
    """The block's ``ugettext`` (the handler's ``self``), or no translation outside a block."""
    translate = getattr(handler_args[0], "ugettext", None) if handler_args else None
    return translate if callable(translate) else (lambda text: text)


def as_json_errors(handler: F) -> F:
    """
    Turn a ``VeEduError`` raised by the api into the matching 4xx/5xx handler response.

    The message and field errors go through the block's i18n service: a message that is in the
    catalogues (the error titles, the settings form's checks) reaches the learner in their language.
    """

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except VeEduError as exc:
            translate = _translator(args)
            detail: dict[str, Any] = {"code": exc.code, "message": translate(exc.detail)}
            if exc.field_errors:
                detail["field_errors"] = {
                    field: [translate(message) for message in messages] for field, messages in exc.field_errors.items()
                }
            raise JsonHandlerError(exc.status, detail) from exc

    return wrapper  # type: ignore[return-value]


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
