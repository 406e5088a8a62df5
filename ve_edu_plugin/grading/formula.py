"""
Grader for formula questions (capa ``formularesponse``): equivalence by numeric sampling.

Both expressions are evaluated at ``samples`` points drawn uniformly from the variables'
intervals and must agree within the tolerance at every point, as in capa. What differs is cost:
the expected expression's values are computed once per answer key and cached, and the
learner's expression is parsed once (cached by text) and evaluated as compiled closures.

Sample points are reproducible: with no seed they are fixed per answer key, so every learner
typing the same expression gets the same verdict; a per-learner seed gives each learner their
own points (closer to capa, which draws fresh points on every submission).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy

from ve_edu_plugin.grading.bodies import FormulaBody, SampledVariable
from ve_edu_plugin.grading.data import AnswerPayload, GradeErrorCode, Verdict, typed_answer
from ve_edu_plugin.grading.expressions import (
    Environment,
    ExpressionError,
    Value,
    compile_expression,
    constants,
    describe_evaluation_error,
    fold_name,
)
from ve_edu_plugin.grading.tolerance import DEFAULT_TOLERANCE, within_tolerance


@dataclass(frozen=True)
class SampledKey:
    """The answer key evaluated at its sample points."""

    environments: tuple[Environment, ...]
    expected_values: tuple[Value, ...]
    variable_names: frozenset[str]


class FormulaGrader:
    """Right if the learner's expression agrees with the expected one at every sample point."""

    def grade(self, body: FormulaBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        text = typed_answer(answer, not_text="Send the answer as text.", empty="Enter an expression.")
        if isinstance(text, Verdict):
            return text
        try:
            key = sampled_key(body, seed=seed)
        except ExpressionError:
            return Verdict.failed(GradeErrorCode.QUESTION_ERROR, "This question's answer key cannot be evaluated.")
        try:
            compiled = compile_expression(text, case_sensitive=body.case_sensitive)
            compiled.check_names(key.variable_names)
        except ExpressionError as exc:
            return Verdict.failed(exc.code, exc.message)
        tolerance = body.tolerance or DEFAULT_TOLERANCE
        with numpy.errstate(all="ignore"):
            try:
                values = [compiled.evaluate(environment) for environment in key.environments]
            except Exception as exc:  # noqa: BLE001 - any arithmetic failure is the answer's fault
                error = describe_evaluation_error(exc)
                return Verdict.failed(error.code, error.message)
            try:
                correct = all(
                    within_tolerance(value, expected, tolerance)
                    for value, expected in zip(values, key.expected_values, strict=True)
                )
            except (ArithmeticError, ValueError, TypeError):
                return Verdict.failed(GradeErrorCode.EVALUATION_ERROR, "Your answer gives numbers too large to use.")
        normalised = "".join(text.split())
        return Verdict(
            score=1.0 if correct else 0.0,
            normalised_answer=normalised if body.case_sensitive else normalised.lower(),
        )

    def correct_answer(self, body: FormulaBody) -> tuple[str, ...]:
        return (body.expected,)


def sampled_key(body: FormulaBody, *, seed: int | str | None = None) -> SampledKey:
    """The body's sample points and expected values (cached); raises ExpressionError if it cannot be evaluated."""
    return _sampled_key(body.expected, body.variables, body.samples, body.case_sensitive, seed)


@lru_cache(maxsize=2048)
def _sampled_key(
    expected: str,
    variables: tuple[SampledVariable, ...],
    samples: int,
    case_sensitive: bool,
    seed: int | str | None,
) -> SampledKey:
    names = frozenset(variable.name for variable in variables)
    compiled = compile_expression(expected, case_sensitive=case_sensitive)
    compiled.check_names(names)
    rng = random.Random(f"{expected}\x1f{variables!r}\x1f{samples}\x1f{seed!r}")
    base = constants(case_sensitive=case_sensitive)
    environments: list[Environment] = []
    for _ in range(samples):
        environment = dict(base)
        for variable in variables:
            environment[fold_name(variable.name, case_sensitive=case_sensitive)] = rng.uniform(
                variable.low, variable.high
            )
        environments.append(environment)
    with numpy.errstate(all="ignore"):
        try:
            expected_values = tuple(compiled.evaluate(environment) for environment in environments)
        except Exception as exc:  # reported as a broken answer key
            raise describe_evaluation_error(exc) from exc
    return SampledKey(tuple(environments), expected_values, names)
