"""Validation of the Studio editor's values: one message per field, never a half-saved block."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from xblock.exceptions import JsonHandlerError

Validator = Callable[[Any], Any]


def int_between(low: int, high: int, *, optional: bool = False) -> Validator:
    def check(value: Any) -> Any:
        if value in (None, "") and optional:
            return None
        if isinstance(value, bool):
            raise ValueError("Must be a whole number.")
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValueError("Must be a whole number.") from exc
        if number != float(value) or not low <= number <= high:
            raise ValueError(f"Must be a whole number from {low} to {high}.")
        return number

    return check


def float_between(low: float, high: float) -> Validator:
    def check(value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise ValueError("Must be a number.") from exc
        if not low <= number <= high:
            raise ValueError(f"Must be between {low} and {high}.")
        return number

    return check


def one_of(*choices: str) -> Validator:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"Must be one of: {', '.join(choices)}.")
        return str(value)

    return check


def text(max_length: int = 255) -> Validator:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("Required.")
        if len(value) > max_length:
            raise ValueError(f"At most {max_length} characters.")
        return value.strip()

    return check


def validate(values: Any, validators: Mapping[str, Validator]) -> dict[str, Any]:
    """Clean every known field; a 400 ``JsonHandlerError`` lists the bad ones by name."""
    if not isinstance(values, Mapping):
        raise JsonHandlerError(400, "Send the settings as {values: {...}}.")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, check in validators.items():
        if name not in values:
            continue
        try:
            cleaned[name] = check(values[name])
        except ValueError as exc:
            errors[name] = [str(exc)]
    unknown = sorted(set(values) - set(validators))
    for name in unknown:
        errors[name] = ["Unknown setting."]
    if errors:
        raise invalid(errors)
    return cleaned


def invalid(errors: Mapping[str, list[str]]) -> JsonHandlerError:
    """A 400 whose body is ``{"error": {"code", "message", "field_errors"}}`` (the editor shows each)."""
    return JsonHandlerError(
        400, {"code": "invalid", "message": "Some settings are not valid.", "field_errors": dict(errors)}
    )
