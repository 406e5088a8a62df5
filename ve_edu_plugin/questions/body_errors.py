"""The body validation error, defined in ``grading/body_errors.py`` (grading imports no questions module)."""

from __future__ import annotations

from ve_edu_plugin.grading.body_errors import BodyValidationError

__all__ = ["BodyValidationError"]
