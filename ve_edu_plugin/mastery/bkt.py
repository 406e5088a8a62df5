"""
Bayesian Knowledge Tracing (BKT): the probability that a learner has mastered one skill (pure).

The model is the classic two-state hidden Markov model of Corbett and Anderson: a skill is either
known or not; a learner who knows it answers correctly unless they *slip*, one who does not
answers correctly only by *guessing*; after each practice opportunity an unknown skill becomes
known with probability *learn* and a known one is lost with probability *forget*.

One answer updates the state in O(1), in the order pyBKT uses (``pyBKT.models.Roster``):

1. evidence: the posterior ``P(known | this answer)`` by Bayes' rule;
2. transition: ``p' = p * (1 - forget) + (1 - p) * learn``.

The stored ``p_mastery`` is therefore the value *after* the transition, i.e. the probability that
the skill is known at the *next* opportunity given every answer so far. That is exactly what
pyBKT's ``Roster.get_mastery_prob`` reports (``state_prediction``), so mastery thresholds mean
the same here as in pyBKT, and the tests check the agreement to 1e-6. Before any answer the
state is the prior.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.i18n import gettext

_REQUIRED_PARAMS = ("prior", "learn", "guess", "slip")


@dataclass(frozen=True)
class BktParams:
    """The four (five with forgetting) parameters of one skill's BKT model.

    Attributes:
        prior: P(known) before the first answer.
        learn: P(unknown -> known) after each practice opportunity.
        guess: P(correct | unknown).
        slip: P(incorrect | known).
        forget: P(known -> unknown) after each opportunity; 0 in classic BKT.

    Every value must be a probability in [0, 1]. ``guess + slip < 1`` is not enforced because
    fitted parameters sometimes break it, but such a model is *degenerate*: a correct answer
    then lowers the mastery estimate. Check :attr:`is_degenerate` before trusting fitted values.
    """

    prior: float
    learn: float
    guess: float
    slip: float
    forget: float = 0.0

    def __post_init__(self) -> None:
        errors = {}
        for field in fields(self):
            message = _probability_error(getattr(self, field.name))
            if message:
                errors[field.name] = [message]
        if errors:
            raise InvalidValuesError(gettext("Invalid knowledge-tracing parameters."), field_errors=errors)

    @property
    def is_degenerate(self) -> bool:
        """True when ``guess + slip >= 1``: correct answers would count as evidence of *not* knowing."""
        return self.guess + self.slip >= 1.0

    def to_dict(self) -> dict[str, float]:
        return {field.name: float(getattr(self, field.name)) for field in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BktParams:
        """Read parameters stored as JSON; unknown or missing keys are reported by name."""
        names = [field.name for field in fields(cls)]
        errors = {str(key): ["Unknown field."] for key in data if key not in names}
        errors.update({name: ["This field is required."] for name in _REQUIRED_PARAMS if name not in data})
        if errors:
            raise InvalidValuesError(gettext("Invalid knowledge-tracing parameters."), field_errors=errors)
        return cls(**{name: data[name] for name in names if name in data})


@dataclass(frozen=True)
class BktState:
    """One learner's knowledge-tracing state for one skill.

    Attributes:
        p_mastery: P(known at the next opportunity | all answers so far), after the learning
            transition (pyBKT's ``state_prediction``).
        attempts: answers observed.
        correct_attempts: of which correct.
    """

    p_mastery: float
    attempts: int = 0
    correct_attempts: int = 0

    def __post_init__(self) -> None:
        errors = {}
        message = _probability_error(self.p_mastery)
        if message:
            errors["p_mastery"] = [message]
        if self.correct_attempts < 0 or self.attempts < self.correct_attempts:
            errors["correct_attempts"] = ["Must be between 0 and the number of attempts."]
        if errors:
            raise InvalidValuesError(gettext("Invalid knowledge-tracing state."), field_errors=errors)


def initial_state(params: BktParams) -> BktState:
    """The state of a learner who has not answered yet: the prior."""
    return BktState(p_mastery=params.prior)


def posterior_mastery(p_mastery: float, params: BktParams, *, correct: bool) -> float:
    """P(known | one answer), the evidence step alone, before any learning transition.

    An answer the model calls impossible (probability 0, e.g. a correct answer when
    ``p_mastery == 0`` and ``guess == 0``) carries no usable evidence, so the estimate is kept
    instead of dividing by zero.
    """
    if correct:
        known, unknown = p_mastery * (1.0 - params.slip), (1.0 - p_mastery) * params.guess
    else:
        known, unknown = p_mastery * params.slip, (1.0 - p_mastery) * (1.0 - params.guess)
    total = known + unknown
    if total <= 0.0:
        return p_mastery
    return _clamp(known / total)


def learning_transition(p_mastery: float, params: BktParams) -> float:
    """P(known at the next opportunity) from P(known now): learn if unknown, forget if known."""
    return _clamp(p_mastery * (1.0 - params.forget) + (1.0 - p_mastery) * params.learn)


def update(state: BktState, params: BktParams, correct: bool) -> BktState:
    """The state after one answer: evidence, then the learning transition (pyBKT's order)."""
    p_mastery = learning_transition(posterior_mastery(state.p_mastery, params, correct=correct), params)
    return BktState(
        p_mastery=p_mastery,
        attempts=state.attempts + 1,
        correct_attempts=state.correct_attempts + int(correct),
    )


def replay(params: BktParams, results: Iterable[bool], *, state: BktState | None = None) -> BktState:
    """The state after a sequence of answers, oldest first; recomputes a learner after a refit."""
    current = initial_state(params) if state is None else state
    for correct in results:
        current = update(current, params, correct)
    return current


def predict_correct(state: BktState, params: BktParams) -> float:
    """P(the next answer is correct): pyBKT's ``correct_prediction`` for the same state."""
    return _clamp(state.p_mastery * (1.0 - params.slip) + (1.0 - state.p_mastery) * params.guess)


def _probability_error(value: object) -> str:
    """An error message when ``value`` is not a probability, else ``""``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "Must be a number."
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        return "Must be a probability between 0 and 1."
    return ""


def _clamp(value: float) -> float:
    """Keep rounding drift from leaving [0, 1]."""
    return min(1.0, max(0.0, value))
