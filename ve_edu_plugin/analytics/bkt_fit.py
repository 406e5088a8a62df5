"""
Fitting a subtopic's knowledge-tracing parameters to its answers by EM (pure numpy, no Django).

The model is the one :mod:`ve_edu_plugin.mastery.bkt` traces with: a two-state hidden Markov model
(unknown/known) whose first answer is emitted from the prior, then evidence and a learning (and
optionally forgetting) transition after every answer, as in pyBKT. Baum-Welch runs on all of a
subtopic's learners at once: sequences are packed into a ``(steps, learners)`` matrix with a mask,
so one EM iteration is a few dozen numpy operations per step, not a Python loop per answer.

Bounds keep a fitted model meaningful: guess and slip at most 0.3 by default (beyond that a right
answer says little about knowing), every probability kept off 0 and 1. The M-step is projected
onto the bounds, which keeps EM's likelihood non-decreasing in practice and makes label switching
(known and unknown swapping roles) impossible. A fit is only *accepted* with enough evidence
(learners and answers), when it converged, and when it describes learning (:func:`acceptance_problems`):
on answers that show no learning, EM pushes guess and slip to their bounds and learn to 0, a model
that would freeze every learner's mastery, so such a fit is kept for the teacher to see but never
applied. :class:`BktFit` says why a fit was refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ve_edu_plugin.mastery.bkt import BktParams

FloatArray = npt.NDArray[np.float64]

#: Starting points of the EM runs (prior, learn, guess, slip); the best likelihood wins.
_STARTS = ((0.3, 0.1, 0.2, 0.1), (0.5, 0.2, 0.1, 0.05), (0.1, 0.05, 0.25, 0.2))


@dataclass(frozen=True)
class FitBounds:
    """What a fit may return and when it is trusted.

    Attributes:
        max_guess: upper bound of guess.
        max_slip: upper bound of slip.
        floor: every probability is kept within [floor, 1 - floor].
        min_learners: learners needed before a fit is accepted.
        min_answers: answers needed before a fit is accepted.
        max_length: answers per learner used (the first ones; later answers add little and cost memory).
        min_learn: learn below this is no learning: the fit would never move a learner's mastery.
        max_guess_plus_slip: guess + slip above this leaves right and wrong answers too alike to
            tell knowing from not knowing (1 is the point where they mean nothing at all).
        at_bound: a parameter this close to its upper bound counts as stopped by the bound.
    """

    max_guess: float = 0.3
    max_slip: float = 0.3
    floor: float = 1e-4
    min_learners: int = 20
    min_answers: int = 200
    max_length: int = 200
    min_learn: float = 0.01
    max_guess_plus_slip: float = 0.7
    at_bound: float = 1e-3


@dataclass(frozen=True)
class BktFit:
    """The result of fitting one subtopic.

    Attributes:
        params: the fitted parameters.
        log_likelihood: of the answers under ``params``.
        iterations: EM iterations of the winning start.
        converged: the likelihood stopped improving before the iteration limit.
        learners: sequences used.
        answers: answers used.
        problems: why the fit should not replace the current parameters (empty when accepted).
    """

    params: BktParams
    log_likelihood: float
    iterations: int
    converged: bool
    learners: int
    answers: int
    problems: tuple[str, ...]

    @property
    def accepted(self) -> bool:
        return not self.problems


Mask = npt.NDArray[np.bool_]


def pack(sequences: Sequence[Sequence[int] | npt.ArrayLike], max_length: int) -> tuple[FloatArray, Mask]:
    """Answer sequences as a ``(steps, learners)`` matrix of 0/1 and its mask of real answers."""
    lengths = np.array([min(len(np.atleast_1d(s)), max_length) for s in sequences], dtype=np.int64)
    steps = int(lengths.max(initial=0))
    observed = np.zeros((steps, len(sequences)))
    mask = np.arange(steps)[:, None] < lengths[None, :]
    for column, sequence in enumerate(sequences):
        values = np.asarray(sequence, dtype=np.float64)[: lengths[column]]
        observed[: values.size, column] = values
    return observed, mask


def pack_flat(learner: npt.ArrayLike, correct: npt.ArrayLike, max_length: int) -> tuple[FloatArray, Mask]:
    """Like :func:`pack` from flat arrays (learner per answer, oldest first), without a Python loop."""
    learner_a = np.asarray(learner, dtype=np.int64)
    correct_a = np.asarray(correct, dtype=np.float64)
    if learner_a.size == 0:
        return np.zeros((0, 0)), np.zeros((0, 0), dtype=bool)
    order = np.argsort(learner_a, kind="stable")
    ids, column = np.unique(learner_a[order], return_inverse=True)
    starts = np.searchsorted(learner_a[order], ids)
    position = np.arange(order.size) - starts[column]
    keep = position < max_length
    lengths = np.bincount(column[keep], minlength=ids.size)
    steps = int(lengths.max())
    observed = np.zeros((steps, ids.size))
    mask = np.zeros((steps, ids.size), dtype=bool)
    observed[position[keep], column[keep]] = correct_a[order][keep]
    mask[position[keep], column[keep]] = True
    return observed, mask


def fit_bkt(
    observed: FloatArray,
    mask: npt.NDArray[np.bool_],
    *,
    bounds: FitBounds | None = None,
    fit_forget: bool = False,
    max_iterations: int = 200,
    tolerance: float = 1e-6,
) -> BktFit:
    """The maximum-likelihood BKT parameters of packed answers (see :func:`pack`) within ``bounds``."""
    limits = bounds or FitBounds()
    learners = int(mask[0].sum()) if mask.size else 0
    answers = int(mask.sum())
    best: tuple[float, FloatArray, int, bool] | None = None
    if answers:
        for start in _STARTS:
            vector = _project(np.array([*start, 0.02 if fit_forget else 0.0]), limits, fit_forget)
            outcome = _em(observed, mask, vector, limits, fit_forget, max_iterations, tolerance)
            if best is None or outcome[0] > best[0]:
                best = outcome
    if best is None:
        best = (0.0, _project(np.array([*_STARTS[0], 0.0]), limits, False), 0, False)
    log_likelihood, vector, iterations, converged = best
    params = BktParams(*(float(v) for v in vector))
    problems = []
    if learners < limits.min_learners:
        problems.append(f"needs {limits.min_learners} learners, has {learners}")
    if answers < limits.min_answers:
        problems.append(f"needs {limits.min_answers} answers, has {answers}")
    if answers and not converged:
        problems.append(f"did not converge in {max_iterations} iterations")
    if answers:
        problems.extend(acceptance_problems(params, limits))
    return BktFit(params, float(log_likelihood), iterations, converged, learners, answers, tuple(problems))


def acceptance_problems(params: BktParams, limits: FitBounds) -> list[str]:
    """Why fitted ``params`` do not describe learning (empty when they do), in words a teacher reads."""
    problems = []
    if params.learn < limits.min_learn:
        problems.append(f"learn {params.learn:.3f} is below {limits.min_learn}: the answers show no learning")
    guess_at_bound = params.guess >= limits.max_guess - limits.at_bound
    slip_at_bound = params.slip >= limits.max_slip - limits.at_bound
    if guess_at_bound and slip_at_bound:
        problems.append(
            f"guess and slip both stopped at their bounds ({limits.max_guess}, {limits.max_slip}): "
            "the answers do not separate knowing from guessing"
        )
    if params.guess + params.slip > limits.max_guess_plus_slip:
        problems.append(
            f"guess + slip = {params.guess + params.slip:.3f} is above {limits.max_guess_plus_slip}: "
            "right and wrong answers say too little"
        )
    return problems


def log_likelihood(observed: FloatArray, mask: npt.NDArray[np.bool_], params: BktParams) -> float:
    """Log-likelihood of packed answers under ``params`` (for comparing a fit with the current model)."""
    vector = np.array([params.prior, params.learn, params.guess, params.slip, params.forget])
    return _forward(observed, mask, vector)[2]


def _project(vector: FloatArray, limits: FitBounds, fit_forget: bool) -> FloatArray:
    low, high = limits.floor, 1.0 - limits.floor
    upper = np.array([high, high, limits.max_guess, limits.max_slip, high if fit_forget else 0.0])
    lower = np.array([low, low, low, low, low if fit_forget else 0.0])
    return np.clip(vector, lower, upper)


def _emissions(observed: FloatArray, guess: float, slip: float) -> tuple[FloatArray, FloatArray]:
    """P(answer | unknown), P(answer | known) per step and learner."""
    return observed * guess + (1 - observed) * (1 - guess), observed * (1 - slip) + (1 - observed) * slip


def _forward(observed: FloatArray, mask: Mask, vector: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """Scaled forward pass: P(known | answers up to t) per step, the scales, and the log-likelihood."""
    prior, learn, guess, slip, forget = (float(v) for v in vector)
    e0, e1 = _emissions(observed, guess, slip)
    steps, n = observed.shape
    known = np.empty((steps, n))
    scale = np.ones((steps, n))
    state = np.full(n, prior)  # P(known) before the answer at step t
    for t in range(steps):
        a1, a0 = state * e1[t], (1 - state) * e0[t]
        total = a0 + a1
        live = mask[t]
        scale[t] = np.where(live, total, 1.0)
        posterior = np.where(live, a1 / total, state)
        known[t] = posterior
        state = np.where(live, posterior * (1 - forget) + (1 - posterior) * learn, state)
    return known, scale, float(np.log(scale).sum())


def _em(  # noqa: PLR0917 -- private, called from one place with every setting of the fit
    observed: FloatArray,
    mask: Mask,
    vector: FloatArray,
    limits: FitBounds,
    fit_forget: bool,
    max_iterations: int,
    tolerance: float,
) -> tuple[float, FloatArray, int, bool]:
    """Projected Baum-Welch from one start: (log-likelihood, parameters, iterations, converged)."""
    previous = -np.inf
    weight = mask.astype(np.float64)
    for iteration in range(1, max_iterations + 1):
        _, learn, guess, slip, forget = (float(v) for v in vector)
        e0, e1 = _emissions(observed, guess, slip)
        known, scale, likelihood = _forward(observed, mask, vector)
        steps = observed.shape[0]
        # Backward pass: beta (unknown, known) scaled by the forward scales; 1 after the last answer.
        b0, b1 = np.ones(observed.shape[1]), np.ones(observed.shape[1])
        gamma1 = np.empty_like(known)
        to_known = np.zeros(observed.shape[1])  # expected unknown -> known transitions
        to_unknown = np.zeros(observed.shape[1])
        from_unknown = np.zeros(observed.shape[1])
        from_known = np.zeros(observed.shape[1])
        gamma1[steps - 1] = known[steps - 1]
        for t in range(steps - 2, -1, -1):
            nxt = mask[t + 1]
            m0, m1 = e0[t + 1] * b0 / scale[t + 1], e1[t + 1] * b1 / scale[t + 1]
            k = known[t]
            xi01 = (1 - k) * learn * m1
            xi10 = k * forget * m0
            nb0 = (1 - learn) * m0 + learn * m1
            nb1 = forget * m0 + (1 - forget) * m1
            g1 = np.where(nxt, k * nb1, k)
            gamma1[t] = g1
            to_known += np.where(nxt, xi01, 0.0)
            to_unknown += np.where(nxt, xi10, 0.0)
            from_unknown += np.where(nxt, 1 - g1, 0.0)
            from_known += np.where(nxt, g1, 0.0)
            b0, b1 = np.where(nxt, nb0, 1.0), np.where(nxt, nb1, 1.0)
        gamma0 = 1 - gamma1
        first = mask[0]
        new = np.array(
            [
                gamma1[0][first].mean(),
                to_known.sum() / max(from_unknown.sum(), 1e-12),
                (gamma0 * observed * weight).sum() / max((gamma0 * weight).sum(), 1e-12),
                (gamma1 * (1 - observed) * weight).sum() / max((gamma1 * weight).sum(), 1e-12),
                to_unknown.sum() / max(from_known.sum(), 1e-12) if fit_forget else 0.0,
            ]
        )
        vector = _project(new, limits, fit_forget)
        if abs(likelihood - previous) < tolerance * max(1.0, abs(likelihood)):
            return likelihood, vector, iteration, True
        previous = likelihood
    return _forward(observed, mask, vector)[2], vector, max_iterations, False
