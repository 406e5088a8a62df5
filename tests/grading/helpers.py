"""Bodies for grading tests, built through the same validation as real questions."""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.grading.bodies import (
    FormulaBody,
    MultipleChoiceBody,
    NumericBody,
    SingleChoiceBody,
    TextBody,
)
from ve_edu_plugin.questions.schemas import validate_body


def single_choice(correct: str = "b", ids: str = "abc", **extra: Any) -> SingleChoiceBody:
    choices = [{"id": i, "text": f"Choice {i}", "correct": i == correct} for i in ids]
    body = validate_body("single_choice", {"text": "<p>Pick one</p>", "choices": choices, **extra})
    assert isinstance(body, SingleChoiceBody)
    return body


def multiple_choice(pattern: list[bool], partial_credit: str = "none", **extra: Any) -> MultipleChoiceBody:
    """Choices ``choice_0``, ``choice_1``... correct where ``pattern`` says, like capa's test factory."""
    choices = [{"id": f"choice_{i}", "text": f"Choice {i}", "correct": ok} for i, ok in enumerate(pattern)]
    body = validate_body(
        "multiple_choice",
        {"text": "<p>Tick all that apply</p>", "choices": choices, "partial_credit": partial_credit, **extra},
    )
    assert isinstance(body, MultipleChoiceBody)
    return body


def numeric(**answer_key: Any) -> NumericBody:
    body = validate_body("numeric", {"text": "<p>How much?</p>", **answer_key})
    assert isinstance(body, NumericBody)
    return body


def text(alternatives: list[str], **options: Any) -> TextBody:
    body = validate_body("text", {"text": "<p>Type it</p>", "alternatives": alternatives, **options})
    assert isinstance(body, TextBody)
    return body


def formula(expected: str, variables: dict[str, list[float]], **options: Any) -> FormulaBody:
    body = validate_body(
        "formula", {"text": "<p>Write it</p>", "expected": expected, "variables": variables, **options}
    )
    assert isinstance(body, FormulaBody)
    return body
