"""
Maths expressions in the openedx-calc language, parsed once and evaluated many times.

Open edX grades numeric and formula answers with ``calc.evaluator``, which rebuilds its pyparsing
grammar on every call (milliseconds each) and parses the expression again for every sample point.
A pyparsing parse alone still costs milliseconds, so this module holds a small recursive-descent
parser for exactly calc's grammar (same tokens, same whitespace rules, same precedence, same
quirks such as signed numbers after ``^`` and tensor names like ``T_{ij}^{k}``), compiles the
expression to nested closures, and caches the compiled form per source string. Evaluation reuses
calc's own functions, constants and number rules, so values match ``calc.evaluator`` exactly;
the test suite checks that on generated expressions.

Grammar (from ``calc.ParseAugmenter.parse_algebra``), lowest precedence first::

    sum      := [+|-] product ((+|-) product)*
    product  := parallel ((*|/) parallel)*
    parallel := power ("||" power)*
    power    := atom ("^" atom)*              right-associative
    atom     := number | name "(" sum ")" | variable | "(" sum ")"
    number   := [+|-] digits[.digits] | .digits  [E [+|-] digits] [%]
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Number
from typing import Any, TypeAlias

import numpy
from calc.calc import DEFAULT_FUNCTIONS, DEFAULT_VARIABLES, SUFFIXES, UnmatchedParenthesis, check_parens

from ve_edu_plugin.grading.data import GradeErrorCode

#: A value an expression evaluates to: int, float, complex or their numpy counterparts.
Value: TypeAlias = Any
Environment: TypeAlias = Mapping[str, Value]
_Node: TypeAlias = Callable[[Environment], Value]

#: Deeper nesting than this is refused (calc would hit Python's recursion limit instead).
MAX_NESTING = 60
#: Integer powers whose result would exceed this many bits are refused instead of computed:
#: ``9^9^9`` would otherwise keep a worker busy for minutes, and no float can hold the result.
_MAX_POWER_BITS = 100_000
_MAX_FACTORIAL = 5000

_WHITESPACE = " \t\n\r"  # pyparsing's default whitespace; other characters are not skipped
_NUMBER_START = frozenset("0123456789.+-")
_INNER_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_TENSOR_MIXED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_\{[A-Za-z0-9]+\})?\^\{[A-Za-z0-9]+\}'*")
_TENSOR_LOWER = re.compile(r"[A-Za-z][A-Za-z0-9]*_\{[A-Za-z0-9]+\}'*")
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*'*")
_PLAIN_NUMBER = re.compile(r"[ \t\n\r]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(%?)[ \t\n\r]*")


class ExpressionError(Exception):
    """An expression that cannot be parsed or evaluated; ``code`` says why."""

    def __init__(self, code: GradeErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CompiledExpression:
    """
    A parsed expression, ready to evaluate in many environments.

    Attributes:
        source: the expression as typed.
        case_sensitive: whether names are matched case-sensitively (calc's default is not).
        variables / functions: the names used, as typed.
    """

    source: str
    case_sensitive: bool
    variables: frozenset[str]
    functions: frozenset[str]
    _root: _Node = field(repr=False, compare=False)

    def check_names(self, known_variables: Iterable[str]) -> None:
        """Refuse unknown variables, then unknown functions, with calc's messages."""
        _check_names(self, frozenset(known_variables))

    def evaluate(self, environment: Environment) -> Value:
        """
        The value for one environment (names already case-folded like the expression's).

        Raises whatever the arithmetic raises (ZeroDivisionError, OverflowError, ValueError...);
        callers turn that into a grading error with :func:`describe_evaluation_error`.
        """
        return self._root(environment)


def compile_expression(source: str, *, case_sensitive: bool = False) -> CompiledExpression:
    """Parse ``source`` in calc's grammar (cached); raise :class:`ExpressionError` if it is not valid."""
    return _compile_cached(source, case_sensitive)


def evaluate_constant(source: str) -> Value:
    """
    What ``calc.evaluator({}, {}, source)`` returns, without building calc's parser.

    Plain numbers (``"9.81"``, ``"-1e-3"``, ``"5%"``) take a regex fast path; anything else
    (``"2*pi"``, ``"1/3"``) is compiled once and cached. An empty string is NaN, as in calc.
    """
    plain = parse_plain_number(source)
    if plain is not None:
        return plain
    if not source.strip():
        return float("nan")
    compiled = compile_expression(source)
    compiled.check_names(())
    with numpy.errstate(all="ignore"):  # inf and nan are answers here, not log noise
        try:
            return compiled.evaluate(_CONSTANTS_CASE_INSENSITIVE)
        except Exception as exc:
            raise describe_evaluation_error(exc) from exc


def parse_plain_number(text: str) -> int | float | None:
    """The value of a plain decimal number exactly as calc computes it, or None if ``text`` is not one."""
    match = _PLAIN_NUMBER.fullmatch(text)
    if match is None:
        return None
    number, percent = match.groups()
    if percent:
        return _percent(number)
    if "." in number or "e" in number or "E" in number:
        return float(number)
    try:
        return int(number)
    except ValueError:  # more digits than Python converts
        return None


def constants(*, case_sensitive: bool) -> dict[str, Value]:
    """calc's predefined variables (i, j, e, pi), case-folded when names are case-insensitive."""
    return dict(DEFAULT_VARIABLES) if case_sensitive else {key.lower(): v for key, v in DEFAULT_VARIABLES.items()}


def fold_name(name: str, *, case_sensitive: bool) -> str:
    return name if case_sensitive else name.lower()


def describe_evaluation_error(exc: BaseException) -> ExpressionError:
    """Map an arithmetic failure to a learner-facing error (calc/capa wording where it has one)."""
    if isinstance(exc, ExpressionError):
        return exc
    if isinstance(exc, ValueError) and "factorial" in str(exc):
        return ExpressionError(GradeErrorCode.EVALUATION_ERROR, "The factorial function was used outside its domain.")
    if isinstance(exc, ZeroDivisionError):
        return ExpressionError(GradeErrorCode.EVALUATION_ERROR, "The expression divides by zero.")
    if isinstance(exc, OverflowError):
        return ExpressionError(GradeErrorCode.EVALUATION_ERROR, "The expression produces a number too large to use.")
    return ExpressionError(GradeErrorCode.EVALUATION_ERROR, "The expression could not be evaluated.")


# --- evaluation helpers (calc's semantics, with guards against runaway integer arithmetic) ----


def _percent(number_text: str) -> float:
    return SUFFIXES["%"](float(number_text))


def _safe_power(base: Value, exponent: Value) -> Value:
    if (
        type(base) is int
        and type(exponent) is int
        and exponent > 0
        and abs(base) > 1
        and exponent * base.bit_length() > _MAX_POWER_BITS
    ):
        raise OverflowError("integer power too large")
    return base**exponent


def _safe_factorial(value: Value) -> Value:
    if isinstance(value, int) and value > _MAX_FACTORIAL:
        raise OverflowError("factorial argument too large")
    return math.factorial(value)


_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    **DEFAULT_FUNCTIONS,
    "fact": _safe_factorial,
    "factorial": _safe_factorial,
}
_FUNCTIONS_CASE_INSENSITIVE = {name.lower(): function for name, function in _FUNCTIONS.items()}
_CONSTANTS_CASE_INSENSITIVE = constants(case_sensitive=False)


def _number_value(tokens: list[str]) -> Value:
    """calc's ``eval_number``: int unless there is a point or an exponent; ``%`` divides by 100."""
    text = "".join(tokens)
    if tokens[-1] in SUFFIXES:
        return SUFFIXES[tokens[-1]](float(text[:-1]))
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def _constant_node(tokens: list[str]) -> _Node:
    try:
        value = _number_value(tokens)
    except ValueError as exc:  # an integer with more digits than Python converts: fail when evaluated, like calc
        error = exc

        def fail(_environment: Environment) -> Value:
            raise error

        return fail
    return lambda _environment: value


def _variable_node(key: str) -> _Node:
    return lambda environment: environment[key]


def _function_node(function: Callable[[Value], Value], argument: _Node) -> _Node:
    return lambda environment: function(argument(environment))


def _power_node(operands: list[_Node]) -> _Node:
    def evaluate(environment: Environment) -> Value:
        values = [operand(environment) for operand in operands]
        result = values[-1]
        for base in reversed(values[:-1]):
            result = _safe_power(base, result)
        return result

    return evaluate


def _parallel_node(operands: list[_Node]) -> _Node:
    def evaluate(environment: Environment) -> Value:
        values = [operand(environment) for operand in operands]
        if 0 in values:
            return float("nan")
        return 1.0 / sum(1.0 / value for value in values)

    return evaluate


_Operator: TypeAlias = Callable[[Value, Value], Value]


def _fold_node(start: int, first: _Node, rest: list[tuple[_Operator, _Node]], lead: _Operator) -> _Node:
    """calc's ``eval_sum`` / ``eval_product``: fold left from 0 or 1 with the operators in order."""

    def evaluate(environment: Environment) -> Value:
        total = lead(start, first(environment))
        for apply, operand in rest:
            total = apply(total, operand(environment))
        return total

    return evaluate


# --- parser ---------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over calc's grammar; whitespace is skipped before every token, as pyparsing does."""

    def __init__(self, source: str, case_sensitive: bool) -> None:
        self.source = source
        self.length = len(source)
        self.position = 0
        self.depth = 0
        self.case_sensitive = case_sensitive
        self.variables: set[str] = set()
        self.functions: set[str] = set()
        self.function_table = _FUNCTIONS if case_sensitive else _FUNCTIONS_CASE_INSENSITIVE

    def parse(self) -> _Node:
        root = self._sum()
        if self._peek():
            self._fail()
        return root

    # grammar rules

    def _sum(self) -> _Node:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(GradeErrorCode.INVALID_SYNTAX, "Invalid Input: the expression is nested too deeply.")
        sign = self._take_any("+-")
        first = self._product()
        rest: list[tuple[_Operator, _Node]] = []
        while symbol := self._take_any("+-"):
            rest.append((operator.add if symbol == "+" else operator.sub, self._product()))
        self.depth -= 1
        return _fold_node(0, first, rest, operator.sub if sign == "-" else operator.add)

    def _product(self) -> _Node:
        first = self._parallel()
        rest: list[tuple[_Operator, _Node]] = []
        while symbol := self._take_any("*/"):
            rest.append((operator.mul if symbol == "*" else operator.truediv, self._parallel()))
        return _fold_node(1, first, rest, operator.mul)

    def _parallel(self) -> _Node:
        operands = [self._power()]
        while self._peek() == "|" and self.source.startswith("||", self.position):
            self.position += 2
            operands.append(self._power())
        return operands[0] if len(operands) == 1 else _parallel_node(operands)

    def _power(self) -> _Node:
        operands = [self._atom()]
        while self._take_any("^"):
            operands.append(self._atom())
        return operands[0] if len(operands) == 1 else _power_node(operands)

    def _atom(self) -> _Node:
        """calc tries number, function, variable, parentheses in turn; the first character narrows it."""
        first = self._peek()
        if first and (first in _NUMBER_START):
            number = self._number()
            if number is not None:
                return number
        elif first.isascii() and first.isalpha():
            function = self._function()
            if function is not None:
                return function
            variable = self._variable()
            if variable is not None:
                return variable
        elif first == "(":
            self.position += 1
            inner = self._sum()
            if not self._take_any(")"):
                self._fail()
            return inner
        return self._fail()

    def _number(self) -> _Node | None:
        start = self.position
        tokens: list[str] = []
        sign = self._take_any("+-")
        if sign:
            tokens.append(sign)
        self._peek()
        inner = _INNER_NUMBER.match(self.source, self.position)
        if inner is None:
            self.position = start
            return None
        tokens.append(inner.group())
        self.position = inner.end()
        tokens.extend(self._exponent())
        if self._take_any("%"):
            tokens.append("%")
        return _constant_node(tokens)

    def _exponent(self) -> list[str]:
        start = self.position
        if self._take_any("eE"):
            tokens = ["E"]
            sign = self._take_any("+-")
            if sign:
                tokens.append(sign)
            self._peek()
            digits = _DIGITS.match(self.source, self.position)
            if digits is not None:
                self.position = digits.end()
                tokens.append(digits.group())
                return tokens
        self.position = start
        return []

    def _function(self) -> _Node | None:
        start = self.position
        name = _PLAIN_NAME.match(self.source, self.position)
        if name is None:
            return None
        self.position = name.end()
        if not self._take_any("("):
            self.position = start
            return None
        argument = self._sum()
        if not self._take_any(")"):
            self._fail()
        self.functions.add(name.group())
        function = self.function_table.get(fold_name(name.group(), case_sensitive=self.case_sensitive))
        if function is None:  # reported by check_names, after unknown variables as calc does
            return _undefined_function_node
        return _function_node(function, argument)

    def _variable(self) -> _Node | None:
        for pattern in (_TENSOR_MIXED, _TENSOR_LOWER, _PLAIN_NAME):
            match = pattern.match(self.source, self.position)
            if match is not None:
                self.position = match.end()
                self.variables.add(match.group())
                return _variable_node(fold_name(match.group(), case_sensitive=self.case_sensitive))
        return None

    # tokens

    def _peek(self) -> str:
        """Skip whitespace; the next character, or "" at the end."""
        source, position, length = self.source, self.position, self.length
        while position < length and source[position] in _WHITESPACE:
            position += 1
        self.position = position
        return source[position] if position < length else ""

    def _take_any(self, symbols: str) -> str:
        """Consume the next character if it is one of ``symbols``; "" if not."""
        character = self._peek()
        if character and character in symbols:
            self.position += 1
            return character
        return ""

    def _fail(self) -> Any:
        raise ExpressionError(GradeErrorCode.INVALID_SYNTAX, f"Invalid math syntax at character {self.position + 1}.")


def _undefined_function_node(_environment: Environment) -> Value:
    raise ExpressionError(GradeErrorCode.UNDEFINED_FUNCTION, "Invalid Input: unknown function")


@lru_cache(maxsize=4096)
def _compile_cached(source: str, case_sensitive: bool) -> CompiledExpression:
    try:
        check_parens(source)
    except UnmatchedParenthesis as exc:
        raise ExpressionError(GradeErrorCode.UNMATCHED_PARENTHESIS, str(exc)) from exc
    parser = _Parser(source, case_sensitive)
    root = parser.parse()
    return CompiledExpression(
        source=source,
        case_sensitive=case_sensitive,
        variables=frozenset(parser.variables),
        functions=frozenset(parser.functions),
        _root=root,
    )


@lru_cache(maxsize=4096)
def _check_names(expression: CompiledExpression, known_variables: frozenset[str]) -> None:
    """calc's ``check_variables``: unknown variables first, then unknown functions, same messages."""
    case_sensitive = expression.case_sensitive
    valid_variables = {
        fold_name(name, case_sensitive=case_sensitive) for name in (*DEFAULT_VARIABLES, *known_variables)
    }
    valid_functions = _FUNCTIONS if case_sensitive else _FUNCTIONS_CASE_INSENSITIVE
    bad_variables = {
        name for name in expression.variables if fold_name(name, case_sensitive=case_sensitive) not in valid_variables
    }
    if bad_variables:
        message = f"Invalid Input: {', '.join(sorted(bad_variables))} not permitted in answer as a variable"
        if case_sensitive:
            suggestions = {known for bad in bad_variables for known in valid_variables if known.lower() == bad.lower()}
            if suggestions:
                message += f" (did you mean {', '.join(sorted(suggestions))}?)"
        raise ExpressionError(GradeErrorCode.UNDEFINED_VARIABLE, message)
    bad_functions = {
        name for name in expression.functions if fold_name(name, case_sensitive=case_sensitive) not in valid_functions
    }
    if bad_functions:
        message = f"Invalid Input: {', '.join(sorted(bad_functions))} not permitted in answer as a function"
        if any(fold_name(name, case_sensitive=case_sensitive) in valid_variables for name in bad_functions):
            message += " (did you forget to use * for multiplication?)"
        if case_sensitive:
            suggestions = {known for bad in bad_functions for known in valid_functions if known.lower() == bad.lower()}
            if suggestions:
                message += f" (did you mean {', '.join(sorted(suggestions))}?)"
        raise ExpressionError(GradeErrorCode.UNDEFINED_FUNCTION, message)


def is_number(value: object) -> bool:
    """A numeric payload (bool is not one, even though Python says it is an int)."""
    return isinstance(value, Number) and not isinstance(value, bool)
