"""
Question types that other installed packages add through the ``ve_edu.question_types`` entry point group.

A package declares, in its packaging metadata::

    [project.entry-points."ve_edu.question_types"]
    fraction = "my_package.fraction:QUESTION_TYPE"

and the object named there is a :class:`QuestionTypeSpec`: the type's name, the function that
validates a body (its schema), the grader, and the learner widget. The grading registry, body
validation (bank and imports), exports and the blocks all look types up here after the built-in
five, so a new type needs no change to this plugin. Built-in names cannot be replaced, and a
broken entry point is logged and skipped rather than taking every question down with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ve_edu_plugin.grading.bodies import BaseBody, QuestionType

if TYPE_CHECKING:
    from ve_edu_plugin.grading.data import Grader

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "ve_edu.question_types"

#: The widget of a type that does not say: one text field, as numeric, text and formula questions use.
TEXT_WIDGET: Mapping[str, Any] = MappingProxyType({"input": "text"})
_WIDGET_INPUTS = frozenset({"text", "radio", "checkbox"})


@dataclass(frozen=True, kw_only=True)
class QuestionTypeSpec:
    """
    Everything the plugin needs to store, import, show and grade one question type.

    Attributes:
        name: the type's name in the bank, imports and exports (``[a-z][a-z0-9_]*``, at most 32).
        validate: checks a JSON body and returns the frozen body (a ``BaseBody`` subclass whose
            ``question_type`` is ``name``); raises ``BodyValidationError`` listing the problems.
            HTML fields (``text``, ``hints``, ``solution``, ``explanation``) are sanitised after it.
        grader: an object with the ``Grader`` protocol's ``grade`` and ``correct_answer``.
        widget: how the blocks ask for the answer: ``{"input": "text"}`` (one text field,
            optionally ``"keyboard"``: input attributes such as ``{"inputmode": "decimal"}``) or
            ``{"input": "radio" | "checkbox"}`` for bodies with ``choices``.
    """

    name: str
    validate: Callable[[Mapping[str, Any]], BaseBody]
    grader: Grader[Any]
    widget: Mapping[str, Any] = field(default_factory=lambda: TEXT_WIDGET)


def _acceptable(spec: object, entry_name: str) -> str | None:
    """Why ``spec`` cannot be registered, or None."""
    if not isinstance(spec, QuestionTypeSpec):
        return "is not a QuestionTypeSpec"
    if spec.name != entry_name:
        return f"names the type {spec.name!r}, not the entry point's name"
    if spec.name in {member.value for member in QuestionType}:
        return "would replace a built-in question type"
    if not (0 < len(spec.name) <= 32 and spec.name.isidentifier() and spec.name.islower()):
        return "has a name that is not lower-case letters, digits and _ (at most 32)"
    if spec.widget.get("input") not in _WIDGET_INPUTS:
        return f"has a widget input other than {sorted(_WIDGET_INPUTS)}"
    return None


@cache
def extension_types() -> Mapping[str, QuestionTypeSpec]:
    """The question types installed packages register, by name (loaded once per process)."""
    found: dict[str, QuestionTypeSpec] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            spec = entry.load()
        except Exception:
            log.exception("Question type entry point %r (%s) failed to load; skipped.", entry.name, entry.value)
            continue
        problem = _acceptable(spec, entry.name)
        if problem is not None or entry.name in found:
            reason = problem or "is a duplicate"
            log.error("Question type entry point %r (%s) %s; skipped.", entry.name, entry.value, reason)
            continue
        found[entry.name] = spec
    return MappingProxyType(found)


def extension_type(name: str) -> QuestionTypeSpec | None:
    """The installed extension type called ``name``, or None."""
    return extension_types().get(name)
