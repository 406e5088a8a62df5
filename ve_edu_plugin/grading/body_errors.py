"""
The error raised when a question body does not follow its type's schema.

It lists every problem at once, each with the path of the offending field
(``choices[2].text: required``), so an author fixing an import sees all of them in one go.
Validating a body is a pure core, so it is an ``InvalidValuesError`` (a ``ValueError``) that
knows nothing of HTTP; the edge that answers a request turns it into the 400 with
:meth:`BodyValidationError.as_invalid_request`: code ``invalid_question_body`` and
``field_errors`` keyed by path.
"""

from __future__ import annotations

from collections.abc import Sequence

from ve_edu_plugin.errors import InvalidRequestError, InvalidValuesError
from ve_edu_plugin.i18n import gettext_lazy as _


class InvalidQuestionBodyError(InvalidRequestError):
    """The 400 a client or author is shown for a body that broke its type's rules."""

    code = "invalid_question_body"
    title = _("Invalid question body")


class BodyValidationError(InvalidValuesError):
    """A question body broke one or more rules of its type; ``issues`` lists ``(path, message)``."""

    def __init__(self, issues: Sequence[tuple[str, str]]) -> None:
        self.issues: tuple[tuple[str, str], ...] = tuple(issues)
        field_errors: dict[str, list[str]] = {}
        for path, message in self.issues:
            field_errors.setdefault(path, []).append(message)
        super().__init__(
            "; ".join(f"{path}: {message}" if path else message for path, message in self.issues)
            or InvalidQuestionBodyError.title,
            field_errors=field_errors,
        )

    def with_prefix(self, prefix: str) -> BodyValidationError:
        """The same issues under a parent path (``body`` -> ``body.choices[2].text``)."""
        return BodyValidationError([(_join(prefix, path), message) for path, message in self.issues])

    def as_invalid_request(self) -> InvalidQuestionBodyError:
        """The same refusal as the REST API and the blocks answer it: ``invalid_question_body``, 400."""
        return InvalidQuestionBodyError(self.detail, field_errors=self.field_errors)


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"
