"""
The checks every question type's body shares: collecting issues, unknown fields, HTML, booleans
and the common fields (``text``, ``hints``, ``solution``, ``explanation``).

Kept apart from :mod:`ve_edu_plugin.questions.schemas` and :mod:`ve_edu_plugin.questions.schema_choices`,
which hold each type's own rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.maths import latex_to_mathml, without_maths
from ve_edu_plugin.questions.sanitize import sanitize_html

#: The fields every built-in type's body has (``common_fields`` reads them).
COMMON_FIELDS = frozenset({"text", "hints", "solution", "explanation"})
MAX_HINTS = 20
MAX_HTML_LENGTH = 50_000
#: Stored HTML whose LaTeX became MathML (about ten times longer) is read back within this.
MAX_HTML_WITH_MATHS_LENGTH = 20 * MAX_HTML_LENGTH


@dataclass
class Issues:
    """The problems found in one body, each with its path; raised together at the end."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise BodyValidationError(self.items)

    @property
    def count(self) -> int:
        return len(self.items)


def unknown_fields(body: Mapping[str, Any], allowed: frozenset[str], issues: Issues, prefix: str = "") -> None:
    for key in body:
        if key not in allowed:
            issues.add(f"{prefix}{key}", gettext("unknown field"))


def html_field(value: object, path: str, issues: Issues, *, required: bool) -> str | None:
    """Sanitised HTML with its LaTeX as MathML (the length limit counts the author's text, not the MathML)."""
    if value is None:
        if required:
            issues.add(path, gettext("required"))
        return None
    if not isinstance(value, str):
        issues.add(path, gettext("must be a string of HTML"))
        return None
    if len(without_maths(value)) > MAX_HTML_LENGTH or len(value) > MAX_HTML_WITH_MATHS_LENGTH:
        issues.add(
            path, gettext("must be at most %(max_html_length)s characters") % {"max_html_length": MAX_HTML_LENGTH}
        )
        return None
    cleaned = sanitize_html(latex_to_mathml(value)).strip()
    if not cleaned:
        if required:
            issues.add(path, "required" if not value.strip() else "has no content left once sanitised")
        return None
    return cleaned


def bool_field(body: Mapping[str, Any], key: str, issues: Issues, *, default: bool, prefix: str = "") -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        issues.add(f"{prefix}{key}", gettext("must be true or false"))
        return default
    return value


def common_fields(body: Mapping[str, Any], issues: Issues) -> dict[str, Any]:
    text = html_field(body.get("text"), "text", issues, required=True)
    hints: list[str] = []
    raw_hints = body.get("hints", [])
    if not isinstance(raw_hints, list):
        issues.add("hints", gettext("must be a list of HTML strings"))
    elif len(raw_hints) > MAX_HINTS:
        issues.add("hints", gettext("at most %(max_hints)s hints") % {"max_hints": MAX_HINTS})
    else:
        for index, raw in enumerate(raw_hints):
            hint = html_field(raw, f"hints[{index}]", issues, required=True)
            if hint is not None:
                hints.append(hint)
    return {
        "text": text or "",
        "hints": tuple(hints),
        "solution": html_field(body.get("solution"), "solution", issues, required=False),
        "explanation": html_field(body.get("explanation"), "explanation", issues, required=False),
    }
