"""
The Studio editor of the blocks, built from the blocks' own field declarations.

Each setting is declared once, on its XBlock ``Field``: label (``display_name``), ``help``, and its
range or choices in ``values`` (``between(1, 100)``, optionally ``allow_empty=True``; or
``[{"display_name": ..., "value": ...}]``). The editor form (``editor_field``) and the server-side
check of a save (``validator_for`` / ``validate``) both read that declaration, so a range can never
say one thing in Studio and another in the handler. Labels and messages go through the block's
``i18n`` service; the English strings are marked for extraction with ``_``.

Every block declares its fields with ``setting`` and ``learner_state`` (``help`` and
``enforce_type=True`` always), and the title and grade weight every block has with
``display_name_setting`` and ``weight_setting``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Dict, Field, Float, Integer, List, Scope, String

from xblocks import compat


def _(text: str) -> str:
    """Marks a string for translation; it is translated when shown, with the block's i18n service."""
    return text


Gettext = Callable[[str], str]


def between(low: float, high: float, *, allow_empty: bool = False) -> dict[str, Any]:
    """A number field's range (``values``), which the editor shows and the save check enforces."""
    return {"min": low, "max": high, "allow_empty": True} if allow_empty else {"min": low, "max": high}


def setting(kind: type[Field], label: str, help: str, default: Any, values: Any = None) -> Any:
    """A ``Scope.settings`` field of type ``kind``, with its label, help and (optional) range or choices."""
    extra = {} if values is None else {"values": values}
    return kind(display_name=label, help=help, default=default, scope=Scope.settings, enforce_type=True, **extra)


def learner_state(kind: type[Field], help: str, default: Any) -> Any:
    """A ``Scope.user_state`` field of type ``kind``: the learner's own state in the block."""
    return kind(help=help, default=default, scope=Scope.user_state, enforce_type=True)


def display_name_setting(help: str, default: str) -> Any:
    """The block's title: every block has one, with the same label."""
    return setting(String, _("Display name"), help, default)


def weight_setting(help: str) -> Any:
    """The points a graded block is worth in the course grade: 0 to 100, 1 unless the author changes it."""
    return setting(Float, _("Weight"), help, 1.0, between(0, 100))


class InvalidSettingError(ValueError):
    """A refused value: an English message template (translated when shown) and its parameters."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.template = template
        self.params = params

    def message(self, gettext: Gettext) -> str:
        return gettext(self.template).format(**self.params)


Validator = Callable[[Any], Any]


def int_between(low: int, high: int, *, optional: bool = False) -> Validator:
    def check(value: Any) -> Any:
        if value in (None, "") and optional:
            return None
        if isinstance(value, bool):
            raise InvalidSettingError(_("Must be a whole number."))
        try:
            number = int(value)
            whole = number == float(value)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvalidSettingError(_("Must be a whole number.")) from exc
        if not whole or not low <= number <= high:
            raise InvalidSettingError(_("Must be a whole number from {low} to {high}."), low=low, high=high)
        return number

    return check


def float_between(low: float, high: float) -> Validator:
    def check(value: Any) -> float:
        if isinstance(value, bool):
            raise InvalidSettingError(_("Must be a number."))
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvalidSettingError(_("Must be a number.")) from exc
        if not low <= number <= high:  # also refuses NaN
            raise InvalidSettingError(_("Must be between {low} and {high}."), low=low, high=high)
        return number

    return check


def one_of(*choices: str) -> Validator:
    def check(value: Any) -> str:
        if value not in choices:
            raise InvalidSettingError(_("Must be one of: {choices}."), choices=", ".join(choices))
        return str(value)

    return check


def text(max_length: int = 255, *, required: bool = True) -> Validator:
    def check(value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidSettingError(_("Required.") if required else _("Must be text."))
        if len(value) > max_length:
            raise InvalidSettingError(_("At most {max_length} characters."), max_length=max_length)
        return value.strip()

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidSettingError(_("Must be true or false."))
    return value


def _range(field: Field) -> dict[str, Any]:
    values = field.values
    return values if isinstance(values, dict) else {}


def _choices(field: Field) -> list[dict[str, str]]:
    values = field.values
    return [dict(item) for item in values] if isinstance(values, list | tuple) else []


def validator_for(field: Field) -> Validator:
    """The check of a submitted value, from the field's own declaration (type and ``values``)."""
    if isinstance(field, Boolean):
        return boolean
    if isinstance(field, Integer):
        bounds = _range(field)
        return int_between(bounds["min"], bounds["max"], optional=bool(bounds.get("allow_empty")))
    if isinstance(field, Float):
        bounds = _range(field)
        return float_between(bounds["min"], bounds["max"])
    if isinstance(field, String):
        choices = _choices(field)
        if choices:
            return one_of(*(choice["value"] for choice in choices))
        return text(required=not _range(field).get("allow_empty"))
    raise TypeError(f"No editor validator for {type(field).__name__} field {field.name!r}")


def editor_field(block: Any, name: str, gettext: Gettext, **overrides: Any) -> dict[str, Any]:
    """One entry of the editor form: label, help, value and range or choices, from the field."""
    field = block.fields[name]
    entry: dict[str, Any] = {
        "name": name,
        "label": gettext(field.display_name),
        "help": gettext(field.help) if field.help else "",
        "value": getattr(block, name),
    }
    if isinstance(field, Boolean):
        entry["type"] = "checkbox"
    elif isinstance(field, Integer | Float):
        bounds = _range(field)
        entry.update(type="number", min=bounds.get("min"), max=bounds.get("max"))
    elif isinstance(field, String) and _choices(field):
        entry["type"] = "select"
        entry["options"] = [
            {"value": choice["value"], "label": gettext(choice["display_name"])} for choice in _choices(field)
        ]
    elif isinstance(field, List):
        entry["type"] = "multiselect"
    elif isinstance(field, Dict):
        entry["type"] = "textarea"
    else:
        entry["type"] = "text"
    entry.update(overrides)
    return entry


def choice_label(field: Field, value: Any, gettext: Gettext) -> str:
    """The translated label of ``value`` among the field's declared choices (the value if unknown)."""
    for choice in _choices(field):
        if choice["value"] == value:
            return gettext(choice["display_name"])
    return str(value)


def validate(values: Any, validators: Mapping[str, Validator], gettext: Gettext) -> dict[str, Any]:
    """Clean every known field; a 400 ``JsonHandlerError`` lists the bad ones by name."""
    if not isinstance(values, Mapping):
        raise JsonHandlerError(
            400, {"code": "invalid_request", "message": gettext(_("Send the settings as {values: {...}}."))}
        )
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, check in validators.items():
        if name not in values:
            continue
        try:
            cleaned[name] = check(values[name])
        except InvalidSettingError as exc:
            errors[name] = [exc.message(gettext)]
    for name in sorted(set(values) - set(validators)):
        errors[str(name)[:64]] = [gettext(_("Unknown setting."))]
    if errors:
        raise invalid(errors, gettext)
    return cleaned


def invalid(errors: Mapping[str, list[str]], gettext: Gettext) -> JsonHandlerError:
    """A 400 whose body is ``{"error": {"code", "message", "field_errors"}}`` (the editor shows each)."""
    return JsonHandlerError(
        400,
        {"code": "invalid", "message": gettext(_("Some settings are not valid.")), "field_errors": dict(errors)},
    )


def require_author(block: Any) -> None:
    """Refuse (403) anyone but the course's staff: settings and the bank are the authors' to change."""
    if not compat.is_course_author(block):
        gettext = compat.gettext(block)
        raise JsonHandlerError(
            403, {"code": "forbidden", "message": gettext(_("Only the course's staff may change this component."))}
        )
