"""Closeness exactly as capa's ``compare_with_tolerance``, including its Decimal arithmetic."""

from __future__ import annotations

import cmath
import math
from decimal import Decimal

import calc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ve_edu_plugin.grading.tolerance import (
    BOUNDARY_TOLERANCE,
    DEFAULT_TOLERANCE,
    Tolerance,
    parse_tolerance,
    within_tolerance,
)


def capa_compare(student: complex | float, instructor: complex | float, tolerance: str | float) -> bool:
    """capa's algorithm as documented in ``xmodule/capa/util.py``, the oracle for these tests."""
    relative_tolerance = False
    allowed: float
    if isinstance(tolerance, str):
        if tolerance == "0.001%":
            relative_tolerance = True
        if tolerance.endswith("%"):
            allowed = calc.evaluator({}, {}, tolerance[:-1]) * 0.01
            if not relative_tolerance:
                allowed = allowed * abs(instructor)
        else:
            allowed = calc.evaluator({}, {}, tolerance)
    else:
        allowed = tolerance
    if relative_tolerance:
        allowed = allowed * max(abs(student), abs(instructor))
    if cmath.isinf(student) or cmath.isinf(instructor):
        return student == instructor
    student, instructor = complex(student), complex(instructor)
    if not (instructor.imag or student.imag):
        if cmath.isnan(instructor.real) or cmath.isnan(student.real):
            return False
        return abs(Decimal(str(student.real)) - Decimal(str(instructor.real))) <= Decimal(str(allowed))
    return abs(student - instructor) <= allowed


#: calc (used by the oracle) calls pyparsing's deprecated camelCase names.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOLERANCES = ["0.001%", "1%", "10%", "200%", "0.01", "0.5", "0", 0.1]
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
anything = st.floats(allow_nan=True, allow_infinity=True)


@given(student=finite, expected=finite, tolerance=st.sampled_from(TOLERANCES))
def test_agrees_with_capa_on_finite_values(student: float, expected: float, tolerance: str | float) -> None:
    assert within_tolerance(student, expected, parse_tolerance(tolerance)) == capa_compare(student, expected, tolerance)


@given(student=anything, expected=anything, tolerance=st.sampled_from(TOLERANCES))
def test_agrees_with_capa_on_any_float(student: float, expected: float, tolerance: str | float) -> None:
    assert within_tolerance(student, expected, parse_tolerance(tolerance)) == capa_compare(student, expected, tolerance)


@given(expected=finite, ulps=st.integers(-3, 3), tolerance=st.sampled_from(["0.001%", "1%", "0.01"]))
def test_agrees_with_capa_on_the_edge(expected: float, ulps: int, tolerance: str) -> None:
    """Answers right at the tolerance boundary take the Decimal path and must still agree."""
    allowed = parse_tolerance(tolerance)
    amount = allowed.amount * (abs(expected) if allowed.percent else 1)
    student = expected + amount
    for _ in range(abs(ulps)):
        student = math.nextafter(student, math.inf if ulps > 0 else -math.inf)
    assert within_tolerance(student, expected, allowed) == capa_compare(student, expected, tolerance)


def test_default_tolerance_is_relative_to_the_larger_value() -> None:
    assert DEFAULT_TOLERANCE.relative and DEFAULT_TOLERANCE.percent
    assert within_tolerance(4.00004, 4, DEFAULT_TOLERANCE)
    assert not within_tolerance(4.00005, 4, DEFAULT_TOLERANCE)


def test_boundary_tolerance_is_machine_epsilon() -> None:
    assert within_tolerance(1.6e-5, 0.000016, BOUNDARY_TOLERANCE)
    assert not within_tolerance(1.6000001e-5, 0.000016, BOUNDARY_TOLERANCE)


def test_complex_values_compare_by_distance() -> None:
    assert within_tolerance(1 + 1j, complex(1, 1.0000001), parse_tolerance("0.001"))
    assert not within_tolerance(1 + 1j, 1 - 1j, parse_tolerance("0.001"))


@pytest.mark.parametrize(
    ("raw", "amount", "percent", "relative"),
    [
        ("0.001%", 1e-05, True, True),
        ("1%", 0.01, True, False),
        (" 10% ", 0.1, True, False),
        ("0.01", 0.01, False, False),
        (0.5, 0.5, False, False),
        (2, 2.0, False, False),
        ("1/100", 0.01, False, False),
    ],
)
def test_parse_tolerance(raw: object, amount: float, percent: bool, relative: bool) -> None:
    tolerance = parse_tolerance(raw)
    assert tolerance == Tolerance(amount=amount, percent=percent, relative=relative, source=tolerance.source)


@pytest.mark.parametrize("raw", ["-1", "-5%", "abc", "", None, True, [1], float("nan"), float("inf"), "sqrt(-1)"])
def test_bad_tolerances(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_tolerance(raw)
