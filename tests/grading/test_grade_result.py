"""``GradeResult``'s hand-written constructor stays the dataclass its fields declare."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from ve_edu_plugin.grading.data import EMPTY_FEEDBACK, GradeError, GradeErrorCode, GradeResult


def test_the_constructor_takes_every_field_in_order_with_its_default():
    parameters = list(inspect.signature(GradeResult.__init__).parameters.values())[1:]
    fields = dataclasses.fields(GradeResult)
    assert [parameter.name for parameter in parameters] == [field.name for field in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        if field.default is not dataclasses.MISSING:
            expected = field.default
        elif field.default_factory is not dataclasses.MISSING:
            expected = field.default_factory()
        else:
            expected = inspect.Parameter.empty
        assert parameter.default is expected, field.name


def test_it_sets_every_field_compares_replaces_and_stays_frozen():
    values: dict[str, Any] = {
        "correct": False,
        "score": 0.5,
        "normalised_answer": "a",
        "feedback_by_choice": {"a": "<p>Close.</p>"},
        "feedback": "<p>Half.</p>",
        "hint": "<p>Hint.</p>",
        "hint_level": 1,
        "show_solution": True,
        "solution": "<p>Solution.</p>",
        "show_answer": True,
        "correct_answer": ("b",),
        "explanation": "<p>Why.</p>",
        "attempts_used": 2,
        "attempts_left": 1,
        "repeated_answer": True,
        "error": GradeError(GradeErrorCode.MALFORMED_ANSWER, "No."),
    }
    assert set(values) == {field.name for field in dataclasses.fields(GradeResult)}
    result = GradeResult(**values)
    assert dataclasses.asdict(result) | {"error": result.error} == values | {"error": values["error"]}
    assert result == GradeResult(**values) and result != dataclasses.replace(result, score=0.25)
    assert dataclasses.replace(result, hint=None).hint is None and result.hint == "<p>Hint.</p>"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 1.0  # type: ignore[misc]
    plain = GradeResult(True, 1.0, "b")
    assert plain.feedback_by_choice is EMPTY_FEEDBACK and plain.error is None and plain.partially_correct is False
