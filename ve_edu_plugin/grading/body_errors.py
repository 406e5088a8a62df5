"""
The error raised when a question body does not follow its type's schema.

It lists every problem at once, each with the path of the offending field
(``choices[2].text: required``), so an author fixing an import sees all of them in one go.
It is an ``InvalidRequestError``, so the REST layer renders it as a 400 problem document with
``field_errors`` keyed by path, without extra mapping code.
"""

from __future__ import annotations

from collections.abc import Sequence

from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.i18n import gettext_lazy as _


class BodyValidationError(InvalidRequestError):
    """A question body broke one or more rules of its type; ``issues`` lists ``(path, message)``."""

    code = "invalid_question_body"
    title = _("Invalid question body")

    def __init__(self, issues: Sequence[tuple[str, str]]) -> None:
        self.issues: tuple[tuple[str, str], ...] = tuple(issues)
        field_errors: dict[str, list[str]] = {}
        for path, message in self.issues:
            field_errors.setdefault(path, []).append(message)
        super().__init__(
            "; ".join(f"{path}: {message}" if path else message for path, message in self.issues),
            field_errors=field_errors,
        )

    def with_prefix(self, prefix: str) -> BodyValidationError:
        """The same issues under a parent path (``body`` -> ``body.choices[2].text``)."""
        return BodyValidationError([(_join(prefix, path), message) for path, message in self.issues])


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"
