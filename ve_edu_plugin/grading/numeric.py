"""
Grader for numeric questions (capa ``numericalresponse``).

A learner's plain number (``"9.81"``, ``"-1.2e-3"``, ``"5%"``) is read with a regular expression;
only expressions (``"2*pi"``, ``"1/3"``) go through the expression compiler, and those are
cached. The comparison is capa's: tolerance rules from ``tolerance.py``; for a range, a value
within machine epsilon of a bound counts as that bound (in or out by the bracket), and complex
values are refused.
"""

from __future__ import annotations

from ve_edu_plugin.grading.bodies import NumericBody, NumericRange
from ve_edu_plugin.grading.data import AnswerPayload, GradeErrorCode, Verdict, typed_answer
from ve_edu_plugin.grading.expressions import ExpressionError, Value, evaluate_constant, is_number
from ve_edu_plugin.grading.tolerance import BOUNDARY_TOLERANCE, DEFAULT_TOLERANCE, within_tolerance


class NumericGrader:
    """Right if the number is within the tolerance of the value, or inside the range."""

    def grade(self, body: NumericBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        value = _read_number(answer)
        if isinstance(value, Verdict):
            return value
        try:
            if body.range is not None:
                if isinstance(value, complex):
                    return Verdict.failed(
                        GradeErrorCode.COMPLEX_NOT_ALLOWED, "Complex numbers are not accepted for this question."
                    )
                correct = _in_range(value, body.range)
            elif body.value is not None:
                correct = within_tolerance(value, body.value, body.tolerance or DEFAULT_TOLERANCE)
            else:
                return Verdict.failed(GradeErrorCode.QUESTION_ERROR, "This question has no answer key.")
            normalised = normalise_number(value)
        except (ArithmeticError, ValueError, TypeError):
            return Verdict.failed(GradeErrorCode.EVALUATION_ERROR, "Your answer is too large to compare.")
        return Verdict(score=1.0 if correct else 0.0, normalised_answer=normalised)

    def correct_answer(self, body: NumericBody) -> tuple[str, ...]:
        if body.range is not None:
            return (body.range_source or body.range.describe(),)
        if body.value_source is not None:
            return (body.value_source,)
        return (normalise_number(body.value),)


def normalise_number(value: Value) -> str:
    """One spelling per value (``"9.80"`` and ``"9.8"`` are the same answer)."""
    if isinstance(value, complex):
        return repr(complex(value))
    number = float(value)
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


def _read_number(answer: AnswerPayload) -> Value | Verdict:
    """The learner's number, or an error verdict; never raises."""
    if is_number(answer):
        return answer
    text = typed_answer(answer, not_text="Send the answer as a number or as text.", empty="Enter a number.")
    if isinstance(text, Verdict):
        return text
    try:
        return evaluate_constant(text)
    except ExpressionError as exc:
        return Verdict.failed(exc.code, exc.message)


def _in_range(value: Value, numeric_range: NumericRange) -> bool:
    bounds = (
        (numeric_range.lower, numeric_range.lower_inclusive),
        (numeric_range.upper, numeric_range.upper_inclusive),
    )
    for bound, inclusive in bounds:
        if within_tolerance(value, bound, BOUNDARY_TOLERANCE):
            return inclusive
    return bool(numeric_range.lower < value < numeric_range.upper)
