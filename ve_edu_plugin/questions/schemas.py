"""
The JSON schema of each question type's body, and :func:`validate_body` that enforces it.

Validation is strict (unknown fields are errors, booleans must be booleans) because bodies come
from imports as often as from the editor, and a typo such as ``"corect": true`` must not silently
give a question with no right answer. Every HTML field is sanitised here, once, so graders and
templates can trust a validated body. All problems are reported together with their paths.

JSON body of each type (common fields ``text``, ``hints``, ``solution``, ``explanation`` apart):

- ``single_choice``: ``choices``: ``[{id, text, correct, feedback?, fixed?}]``, exactly one correct.
- ``multiple_choice``: ``choices`` as above plus ``feedback_unselected?``, at least one correct;
  ``partial_credit``: ``none`` | ``every_decision_counts`` (``EDC``) | ``halves``;
  ``combination_feedback?``: ``[{choices: [ids], feedback}]``.
- ``numeric``: ``value`` (number or expression such as ``"2*pi"``) with ``tolerance?`` (number =
  absolute, ``"1%"`` = percent of the value; default ``"0.001%"`` relative), or ``range``
  (``"[a, b]"``, ``"(a, b)"``, ``"[a, b)"``, ``"(a, b]"``).
- ``text``: ``alternatives`` (accepted answers), ``case_sensitive?`` (default false), ``regexp?``
  (default false; full match), ``display_answer?``.
- ``formula``: ``expected`` (openedx-calc syntax), ``variables`` (``{"x": [low, high]}``),
  ``samples?`` (default 20), ``tolerance?`` (as numeric), ``case_sensitive?`` (default false).

The two choice types' rules are in :mod:`~ve_edu_plugin.questions.schema_choices`, the checks every
type shares in :mod:`~ve_edu_plugin.questions.schema_fields`; their limits are re-exported here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ve_edu_plugin.grading.answer_patterns import PatternError, compile_answer_pattern
from ve_edu_plugin.grading.bodies import (
    FormulaBody,
    NumericBody,
    NumericRange,
    QuestionBody,
    QuestionType,
    SampledVariable,
    TextBody,
)
from ve_edu_plugin.grading.data import GradeErrorCode
from ve_edu_plugin.grading.expressions import ExpressionError, evaluate_constant, fold_name, is_number
from ve_edu_plugin.grading.formula import sampled_key
from ve_edu_plugin.grading.question_types import extension_type, extension_types
from ve_edu_plugin.grading.tolerance import Tolerance, parse_tolerance
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.extension_bodies import extension_body
from ve_edu_plugin.questions.schema_choices import MAX_CHOICES, multiple_choice, single_choice
from ve_edu_plugin.questions.schema_fields import (
    COMMON_FIELDS,
    MAX_HINTS,
    MAX_HTML_LENGTH,
    Issues,
    bool_field,
    common_fields,
    unknown_fields,
)

__all__ = [
    "DEFAULT_SAMPLES",
    "MAX_ALTERNATIVES",
    "MAX_ALTERNATIVE_LENGTH",
    "MAX_CHOICES",
    "MAX_EXPRESSION_LENGTH",
    "MAX_HINTS",
    "MAX_HTML_LENGTH",
    "MAX_SAMPLES",
    "normalise_text_answer",
    "validate_body",
]

MAX_ALTERNATIVES = 100
MAX_ALTERNATIVE_LENGTH = 500
MAX_EXPRESSION_LENGTH = 500
MAX_SAMPLES = 100
DEFAULT_SAMPLES = 20

_VARIABLE_NAME = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:_\{[A-Za-z0-9]+\})?\^\{[A-Za-z0-9]+\}'*|[A-Za-z][A-Za-z0-9]*_\{[A-Za-z0-9]+\}'*"
    r"|[A-Za-z][A-Za-z0-9_]*'*"
)


def validate_body(question_type: str, body: Mapping[str, Any]) -> QuestionBody:
    """
    Check ``body`` against the schema of ``question_type`` and return the frozen, sanitised body.

    Raises BodyValidationError listing every problem with its path.
    """
    validator = _VALIDATORS.get(question_type)
    if validator is None:
        extension = extension_type(question_type)
        if extension is None:
            known = ", ".join([*_VALIDATORS, *extension_types()])
            raise BodyValidationError(
                [("question_type", f"unknown question type {question_type!r}; use one of {known}")]
            )
        if not isinstance(body, Mapping):
            raise BodyValidationError([("", "the body must be a JSON object")])
        return extension_body(extension, body, _checked_common)  # type: ignore[return-value]
    if not isinstance(body, Mapping):
        raise BodyValidationError([("", "the body must be a JSON object")])
    issues = Issues()
    result = validator(body, issues)
    issues.raise_if_any()
    if result is None:  # a validator gave up without saying why: still never return half a body
        raise BodyValidationError([("", gettext("the body is not valid"))])
    return result


def _checked_common(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The shared fields of an extension type's body, checked and sanitised as a built-in body's."""
    issues = Issues()
    common = common_fields(fields, issues)
    issues.raise_if_any()
    return common


def normalise_text_answer(text: str) -> str:
    """Strip and collapse internal whitespace: how text answers and alternatives are compared."""
    return " ".join(text.split())


# --- numeric ----------------------------------------------------------------------------------


def _numeric(body: Mapping[str, Any], issues: Issues) -> NumericBody | None:
    unknown_fields(body, COMMON_FIELDS | {"value", "tolerance", "range"}, issues)
    common = common_fields(body, issues)
    has_value, has_range = "value" in body, "range" in body
    if has_value == has_range:
        issues.add(
            "value",
            gettext("give either value (with an optional tolerance) or range, not both")
            if has_value
            else gettext("required: a value (with an optional tolerance) or a range"),
        )
        return None
    if has_range:
        if "tolerance" in body:
            issues.add("tolerance", gettext("not used with a range; widen the range instead"))
        numeric_range, range_source = _range(body.get("range"), issues)
        if issues.count or numeric_range is None:
            return None
        return NumericBody(range=numeric_range, range_source=range_source, **common)
    value, value_source = _expected_number(body.get("value"), "value", issues)
    tolerance = _tolerance(body, issues)
    if issues.count or value is None:
        return None
    return NumericBody(value=value, value_source=value_source, tolerance=tolerance, **common)


def _expected_number(raw: object, path: str, issues: Issues) -> tuple[float | None, str | None]:
    if is_number(raw):
        value = float(raw)  # type: ignore[arg-type]
        if not math.isfinite(value):
            issues.add(path, gettext("must be a finite number"))
            return None, None
        return value, None
    if not isinstance(raw, str) or not raw.strip():
        issues.add(path, gettext("required: a number or an expression such as '2*pi'"))
        return None, None
    source = raw.strip()
    if len(source) > MAX_EXPRESSION_LENGTH:
        issues.add(
            path,
            gettext("must be at most %(max_expression_length)s characters")
            % {"max_expression_length": MAX_EXPRESSION_LENGTH},
        )
        return None, None
    number = _real_constant(source, path, issues)
    return number, (source if number is not None else None)


def _real_constant(source: str, path: str, issues: Issues) -> float | None:
    try:
        value = evaluate_constant(source)
    except ExpressionError as exc:
        issues.add(path, exc.message)
        return None
    if isinstance(value, complex) and value.imag:
        issues.add(path, gettext("complex numbers are not supported"))
        return None
    number = float(value.real if isinstance(value, complex) else value)
    if not math.isfinite(number):
        issues.add(path, gettext("must be a finite number"))
        return None
    return number


def _tolerance(body: Mapping[str, Any], issues: Issues) -> Tolerance | None:
    if body.get("tolerance") is None:
        return None
    try:
        return parse_tolerance(body["tolerance"])
    except ValueError as exc:
        issues.add("tolerance", str(exc))
        return None


def _range(raw: object, issues: Issues) -> tuple[NumericRange | None, str | None]:
    if not isinstance(raw, str):
        issues.add("range", gettext("must be a string such as '[1.5, 2.5)'"))
        return None, None
    source = raw.strip()
    if len(source) < 2 or source[0] not in "[(" or source[-1] not in "])":
        issues.add("range", gettext("must start with [ or ( and end with ] or ), like '[1.5, 2.5)'"))
        return None, None
    bounds = source[1:-1].split(",")
    if len(bounds) != 2:
        issues.add("range", gettext("must have exactly two bounds separated by a comma"))
        return None, None
    lower = _range_bound(bounds[0], "range", issues)
    upper = _range_bound(bounds[1], "range", issues)
    if lower is None or upper is None:
        return None, None
    if lower > upper:
        issues.add("range", gettext("the lower bound must not exceed the upper bound"))
        return None, None
    numeric_range = NumericRange(
        lower=lower, upper=upper, lower_inclusive=source[0] == "[", upper_inclusive=source[-1] == "]"
    )
    return numeric_range, f"{source[0]}{bounds[0].strip()}, {bounds[1].strip()}{source[-1]}"


def _range_bound(text: str, path: str, issues: Issues) -> float | None:
    if not text.strip():
        issues.add(path, gettext("a bound is empty"))
        return None
    try:
        value = evaluate_constant(text)
    except ExpressionError as exc:
        issues.add(
            path, gettext("bound %(bound)s: %(message)s") % {"bound": repr(text.strip()), "message": exc.message}
        )
        return None
    if isinstance(value, complex) and value.imag:
        issues.add(path, gettext("bounds must be real numbers"))
        return None
    number = float(value.real if isinstance(value, complex) else value)
    if math.isnan(number):
        issues.add(path, gettext("bounds must be numbers"))
        return None
    return number


# --- text -------------------------------------------------------------------------------------


def _text(body: Mapping[str, Any], issues: Issues) -> TextBody | None:
    unknown_fields(body, COMMON_FIELDS | {"alternatives", "case_sensitive", "regexp", "display_answer"}, issues)
    common = common_fields(body, issues)
    case_sensitive = bool_field(body, "case_sensitive", issues, default=False)
    regexp = bool_field(body, "regexp", issues, default=False)
    raw_alternatives = body.get("alternatives")
    alternatives: list[str] = []
    if not isinstance(raw_alternatives, list) or not raw_alternatives:
        issues.add("alternatives", gettext("required: a non-empty list of accepted answers"))
    elif len(raw_alternatives) > MAX_ALTERNATIVES:
        issues.add(
            "alternatives",
            gettext("at most %(max_alternatives)s alternatives") % {"max_alternatives": MAX_ALTERNATIVES},
        )
    else:
        for index, raw in enumerate(raw_alternatives):
            path = f"alternatives[{index}]"
            if not isinstance(raw, str) or not raw.strip():
                issues.add(path, gettext("must be a non-empty string"))
                continue
            if len(raw) > MAX_ALTERNATIVE_LENGTH:
                issues.add(
                    path,
                    gettext("must be at most %(max_alternative_length)s characters")
                    % {"max_alternative_length": MAX_ALTERNATIVE_LENGTH},
                )
                continue
            alternative = raw.strip() if regexp else normalise_text_answer(raw)
            if regexp:
                try:
                    compile_answer_pattern(alternative, case_sensitive=case_sensitive)
                except PatternError as exc:
                    issues.add(
                        path,
                        gettext(
                            "not a regular expression answers can be matched with: %(exc)s"
                            " (backreferences and lookarounds are not supported)"
                        )
                        % {"exc": exc},
                    )
                    continue
            if alternative not in alternatives:
                alternatives.append(alternative)
    display = body.get("display_answer")
    if display is not None and (not isinstance(display, str) or not display.strip()):
        issues.add("display_answer", gettext("must be a non-empty string"))
    if issues.count:
        return None
    return TextBody(
        alternatives=tuple(alternatives),
        case_sensitive=case_sensitive,
        regexp=regexp,
        display_answer=display.strip() if isinstance(display, str) else None,
        **common,
    )


# --- formula ----------------------------------------------------------------------------------


def _formula(body: Mapping[str, Any], issues: Issues) -> FormulaBody | None:
    allowed = COMMON_FIELDS | {"expected", "variables", "samples", "tolerance", "case_sensitive"}
    unknown_fields(body, allowed, issues)
    common = common_fields(body, issues)
    case_sensitive = bool_field(body, "case_sensitive", issues, default=False)
    variables = _variables(body.get("variables", {}), case_sensitive, issues)
    samples = body.get("samples", DEFAULT_SAMPLES)
    if not isinstance(samples, int) or isinstance(samples, bool) or not 1 <= samples <= MAX_SAMPLES:
        issues.add(
            "samples", gettext("must be a whole number from 1 to %(max_samples)s") % {"max_samples": MAX_SAMPLES}
        )
    tolerance = _tolerance(body, issues)
    expected = body.get("expected")
    if not isinstance(expected, str) or not expected.strip():
        issues.add("expected", gettext("required: an expression such as 'x^2 + 2*x'"))
    elif len(expected) > MAX_EXPRESSION_LENGTH:
        issues.add(
            "expected",
            gettext("must be at most %(max_expression_length)s characters")
            % {"max_expression_length": MAX_EXPRESSION_LENGTH},
        )
    if issues.count:
        return None
    formula_body = FormulaBody(
        expected=str(expected).strip(),
        variables=variables,
        samples=int(samples),
        tolerance=tolerance,
        case_sensitive=case_sensitive,
        **common,
    )
    _check_expected(formula_body, issues)
    return formula_body


def _variables(raw: object, case_sensitive: bool, issues: Issues) -> tuple[SampledVariable, ...]:
    if not isinstance(raw, Mapping):
        issues.add("variables", gettext('must be an object such as {"x": [1, 5]}'))
        return ()
    variables: list[SampledVariable] = []
    folded: set[str] = set()
    for name, interval in raw.items():
        path = f"variables.{name}"
        if not isinstance(name, str) or not _VARIABLE_NAME.fullmatch(name):
            issues.add(path, gettext("not a valid variable name (a letter, then letters, digits or '_')"))
            continue
        key = fold_name(name, case_sensitive=case_sensitive)
        if key in folded:
            issues.add(path, gettext("declared twice (names are not case-sensitive unless case_sensitive is true)"))
            continue
        folded.add(key)
        if (
            not isinstance(interval, list)
            or len(interval) != 2
            or not all(is_number(bound) and math.isfinite(bound) for bound in interval)
        ):
            issues.add(path, gettext("must be [low, high] with two finite numbers"))
            continue
        low, high = float(interval[0]), float(interval[1])
        if low > high:
            issues.add(path, gettext("low must not exceed high"))
            continue
        variables.append(SampledVariable(name=name, low=low, high=high))
    return tuple(variables)


def _check_expected(body: FormulaBody, issues: Issues) -> None:
    """The expected expression must parse, use only declared names, and evaluate at the sample points."""
    try:
        sampled_key(body)
    except ExpressionError as exc:
        if exc.code == GradeErrorCode.EVALUATION_ERROR:
            issues.add("expected", gettext("cannot be evaluated at every sample point inside the variables' ranges"))
        else:
            issues.add("expected", exc.message)


_VALIDATORS: dict[str, Callable[[Mapping[str, Any], Issues], QuestionBody | None]] = {
    QuestionType.SINGLE_CHOICE.value: single_choice,
    QuestionType.MULTIPLE_CHOICE.value: multiple_choice,
    QuestionType.NUMERIC.value: _numeric,
    QuestionType.TEXT.value: _text,
    QuestionType.FORMULA.value: _formula,
}
