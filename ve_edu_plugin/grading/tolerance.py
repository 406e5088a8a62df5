"""
Numeric closeness exactly as capa judges it (``xmodule/capa/util.py`` ``compare_with_tolerance``).

Kept separate from the graders because question validation parses tolerances too, and because
the rules have subtleties worth one well-tested place:

- the default tolerance ``"0.001%"`` is *relative to the larger* of the two values;
- any other percentage is a percentage of the *expected* value;
- a plain number is an absolute tolerance;
- infinities only match themselves, NaN matches nothing;
- real values are compared as ``Decimal(str(x))`` so ``0.1 + 0.2`` style noise does not decide.
"""

from __future__ import annotations

import cmath
import math
import sys
from dataclasses import dataclass
from decimal import Decimal

from ve_edu_plugin.grading.expressions import ExpressionError, Value, evaluate_constant, is_number
from ve_edu_plugin.i18n import gettext

DEFAULT_TOLERANCE_TEXT = "0.001%"


@dataclass(frozen=True)
class Tolerance:
    """
    How far an answer may be from the expected value.

    Attributes:
        amount: the absolute tolerance, or the fraction (percentage / 100) when ``percent``.
        percent: ``amount`` is a fraction of the expected value (or of the larger value if relative).
        relative: scale by the larger of the two magnitudes (capa's default and its range-boundary test).
        source: what the author wrote (a number or a string such as ``"1%"``), kept for round trips.
    """

    amount: float
    percent: bool
    relative: bool
    source: str | float


def parse_tolerance(raw: object) -> Tolerance:
    """
    Read an author's tolerance: a number (absolute), ``"0.05"`` (absolute) or ``"5%"`` (percent).

    Raises ValueError with a message fit for a validation error.
    """
    if is_number(raw):
        value = float(raw)  # type: ignore[arg-type]
        _require_non_negative(value)
        return Tolerance(amount=value, percent=False, relative=False, source=value)
    if not isinstance(raw, str):
        raise ValueError(gettext("must be a number or a string such as '%(percent)s' or '0.01'") % {"percent": "1%"})
    text = raw.strip()
    percent = text.endswith("%")
    try:
        value = evaluate_constant(text[:-1] if percent else text)
    except ExpressionError as exc:
        raise ValueError(gettext("not a number: %(reason)s") % {"reason": exc.message}) from exc
    if isinstance(value, complex) or not is_number(value) or math.isnan(value):
        raise ValueError(gettext("must be a real number"))
    _require_non_negative(float(value))
    amount = value * 0.01 if percent else value
    return Tolerance(amount=amount, percent=percent, relative=text == DEFAULT_TOLERANCE_TEXT, source=text)


def _require_non_negative(value: float) -> None:
    if not value >= 0 or math.isinf(value):
        raise ValueError(gettext("must be a finite number, zero or more"))


DEFAULT_TOLERANCE = parse_tolerance(DEFAULT_TOLERANCE_TEXT)
#: capa's test for "equal to a range boundary": machine epsilon, relative.
BOUNDARY_TOLERANCE = Tolerance(amount=sys.float_info.epsilon, percent=False, relative=True, source="epsilon")


def within_tolerance(student: Value, expected: Value, tolerance: Tolerance) -> bool:
    """
    capa's ``compare_with_tolerance``, step for step (so float rounding lands the same way).

    May raise OverflowError for integers too large for a float; graders report that as an error.
    """
    allowed = tolerance.amount
    if tolerance.percent and not tolerance.relative:
        allowed = allowed * abs(expected)
    if tolerance.relative:
        allowed = allowed * max(abs(student), abs(expected))
    if cmath.isinf(student) or cmath.isinf(expected):
        return bool(student == expected)
    student_complex = complex(student)
    expected_complex = complex(expected)
    if not (expected_complex.imag or student_complex.imag):
        student_real, expected_real = student_complex.real, expected_complex.real
        if math.isnan(expected_real) or math.isnan(student_real):
            return False
        decided = _decided_by_floats(student_real, expected_real, float(allowed))
        if decided is not None:
            return decided
        difference = abs(Decimal(str(student_real)) - Decimal(str(expected_real)))
        return bool(difference <= Decimal(str(allowed)))
    return bool(abs(student_complex - expected_complex) <= allowed)


def _decided_by_floats(student: float, expected: float, allowed: float) -> bool | None:
    """
    The Decimal comparison's answer when plain floats already settle it, else None.

    ``Decimal(str(x))`` differs from ``x`` by at most half an ulp (about 1.1e-16 relative), and
    the float subtraction adds at most as much again, so when the float difference is further
    than ``1e-15 * (|student| + |expected| + allowed)`` from the allowed amount, Decimal
    arithmetic cannot reach the other side. Only answers on the very edge of the tolerance (and
    infinities or overflow, where the bounds turn into inf or NaN) pay for Decimal.
    """
    margin = (abs(student) + abs(expected) + abs(allowed)) * 1e-15 + 1e-300
    difference = abs(student - expected)
    if difference > allowed + margin:
        return False
    if difference < allowed - margin:
        return True
    return None
