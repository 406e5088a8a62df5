"""
An example question type another package adds: "give the answer as a fraction".

Body: ``{"text": ..., "answer": "3/4"}`` (plus the common ``hints``, ``solution``, ``explanation``).
Any equivalent fraction is right (``6/8`` for ``3/4``); a fraction that is right but not in
lowest terms earns half credit when the body says ``"lowest_terms": true``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from ve_edu_plugin.grading.api import (
    AnswerPayload,
    BaseBody,
    BodyValidationError,
    GradeErrorCode,
    QuestionTypeSpec,
    Verdict,
)

_ALLOWED = frozenset({"text", "hints", "solution", "explanation", "answer", "lowest_terms"})


@dataclass(frozen=True, kw_only=True)
class FractionBody(BaseBody):
    """A question whose answer is one fraction."""

    question_type: ClassVar[str] = "fraction"

    answer: Fraction
    lowest_terms: bool = False

    def _answer_key_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"answer": str(self.answer)}
        if self.lowest_terms:
            data["lowest_terms"] = True
        return data


def _parse(text: str) -> tuple[int, int]:
    """``"a/b"`` or ``"a"`` as integers; ValueError otherwise."""
    numerator, _, denominator = text.strip().partition("/")
    top, bottom = int(numerator), int(denominator) if denominator else 1
    if bottom == 0:
        raise ValueError("the denominator is 0")
    return top, bottom


def validate(body: Mapping[str, Any]) -> FractionBody:
    """The body's schema: ``text`` and ``answer`` ("a/b") required, nothing unknown."""
    problems = [(key, "unknown field") for key in body if key not in _ALLOWED]
    answer = body.get("answer")
    fraction = None
    if not isinstance(answer, str):
        problems.append(("answer", 'required: a fraction such as "3/4"'))
    else:
        try:
            fraction = Fraction(*_parse(answer))
        except ValueError:
            problems.append(("answer", 'must be a fraction such as "3/4"'))
    if not isinstance(body.get("text"), str) or not body["text"].strip():
        problems.append(("text", "required"))
    if not isinstance(body.get("lowest_terms", False), bool):
        problems.append(("lowest_terms", "must be true or false"))
    if problems or fraction is None:
        raise BodyValidationError(problems)
    return FractionBody(
        text=body["text"],
        hints=tuple(body.get("hints", ())),
        solution=body.get("solution"),
        explanation=body.get("explanation"),
        answer=fraction,
        lowest_terms=body.get("lowest_terms", False),
    )


class FractionGrader:
    """Right for any equivalent fraction; half credit for one not in lowest terms when those are asked for."""

    def grade(self, body: FractionBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.failed(GradeErrorCode.EMPTY_ANSWER, "Enter a fraction such as 3/4.")
        try:
            top, bottom = _parse(answer)
        except ValueError:
            return Verdict.failed(GradeErrorCode.MALFORMED_ANSWER, "Write the answer as a fraction such as 3/4.")
        given = Fraction(top, bottom)
        if given != body.answer:
            return Verdict(0.0, str(given))
        reduced = Fraction(top, bottom).denominator == abs(bottom)
        return Verdict(0.5 if body.lowest_terms and not reduced else 1.0, f"{top}/{bottom}")

    def correct_answer(self, body: FractionBody) -> tuple[str, ...]:
        return (str(body.answer),)


QUESTION_TYPE = QuestionTypeSpec(
    name="fraction",
    validate=validate,
    grader=FractionGrader(),
    widget={"input": "text", "keyboard": {"inputmode": "text", "placeholder": "a/b"}},
)
