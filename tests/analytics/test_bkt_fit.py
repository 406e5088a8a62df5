"""The EM fit recovers known parameters, respects its bounds and evidence rules, and agrees with pyBKT."""

from __future__ import annotations

import numpy as np
import pytest

from ve_edu_plugin.analytics.bkt_fit import FitBounds, acceptance_problems, fit_bkt, log_likelihood, pack, pack_flat
from ve_edu_plugin.mastery.bkt import BktParams

TRUE = BktParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1)


def simulate(params: BktParams, learners: int, steps: int, seed: int) -> np.ndarray:
    """Answers of ``learners`` over ``steps`` opportunities drawn from ``params``: (steps, learners)."""
    rng = np.random.default_rng(seed)
    known = rng.random(learners) < params.prior
    observed = np.zeros((steps, learners))
    for t in range(steps):
        observed[t] = rng.random(learners) < np.where(known, 1 - params.slip, params.guess)
        known = np.where(known, rng.random(learners) >= params.forget, rng.random(learners) < params.learn)
    return observed


def test_recovers_known_parameters_within_0_03():
    observed = simulate(TRUE, 3000, 20, seed=1)
    fit = fit_bkt(observed, np.ones_like(observed, dtype=bool))
    assert fit.accepted and fit.converged
    for name in ("prior", "learn", "guess", "slip"):
        assert getattr(fit.params, name) == pytest.approx(getattr(TRUE, name), abs=0.03), name
    assert fit.params.forget == 0.0
    assert fit.log_likelihood == pytest.approx(log_likelihood(observed, np.ones_like(observed, dtype=bool), fit.params))


def test_recovers_forgetting_when_asked():
    truth = BktParams(prior=0.4, learn=0.2, guess=0.15, slip=0.1, forget=0.05)
    observed = simulate(truth, 4000, 25, seed=2)
    fit = fit_bkt(observed, np.ones_like(observed, dtype=bool), fit_forget=True)
    assert fit.params.forget == pytest.approx(0.05, abs=0.03)
    assert fit.params.learn == pytest.approx(0.2, abs=0.04)


def test_guess_and_slip_stay_within_their_bounds():
    wild = BktParams(prior=0.3, learn=0.1, guess=0.5, slip=0.45)
    observed = simulate(wild, 500, 15, seed=3)
    fit = fit_bkt(observed, np.ones_like(observed, dtype=bool), bounds=FitBounds(max_guess=0.25, max_slip=0.2))
    assert fit.params.guess <= 0.25 and fit.params.slip <= 0.2
    assert not fit.params.is_degenerate


def test_too_little_evidence_is_not_accepted():
    observed = simulate(TRUE, 5, 10, seed=4)
    fit = fit_bkt(observed, np.ones_like(observed, dtype=bool))
    assert not fit.accepted
    assert fit.problems == ("needs 20 learners, has 5", "needs 200 answers, has 50")


def test_empty_input_is_refused_not_crashed():
    fit = fit_bkt(np.zeros((0, 0)), np.zeros((0, 0), dtype=bool))
    assert not fit.accepted and fit.answers == 0


def test_sequences_of_different_lengths_pack_the_same_both_ways():
    sequences = [[1, 0, 1], [0], [1, 1, 1, 1, 0]]
    _, mask = pack(sequences, max_length=4)
    flat_learner = [7, 3, 7, 9, 9, 7, 9, 9, 9]  # learner ids, interleaved in time
    flat_correct = [1, 0, 0, 1, 1, 1, 1, 1, 0]
    flat_observed, flat_mask = pack_flat(flat_learner, flat_correct, max_length=4)
    assert mask.sum(axis=0).tolist() == [3, 1, 4]
    assert flat_mask.sum(axis=0).tolist() == [1, 3, 4]  # learners 3, 7, 9
    assert flat_observed[:, 1].tolist() == [1, 0, 1, 0]
    assert flat_observed[:, 2][flat_mask[:, 2]].tolist() == [1, 1, 1, 1]


def test_ragged_sequences_fit_like_their_padded_prefixes():
    observed = simulate(TRUE, 400, 12, seed=5)
    mask = np.ones_like(observed, dtype=bool)
    mask[6:, ::2] = False  # half the learners stop after six answers
    ragged = fit_bkt(observed, mask)
    truncated = [observed[: (6 if column % 2 == 0 else 12), column] for column in range(observed.shape[1])]
    again = fit_bkt(*pack(truncated, max_length=200))
    assert ragged.params.to_dict() == pytest.approx(again.params.to_dict(), abs=1e-9)


def test_agrees_with_pybkt_on_the_same_answers():
    pytest.importorskip("pyBKT.models", reason="pyBKT (a test-only requirement) is not installed")
    from tests.analytics.pybkt_oracle import fit_with_pybkt

    observed = simulate(TRUE, 300, 15, seed=6)
    mask = np.ones_like(observed, dtype=bool)
    ours = fit_bkt(observed, mask).params
    theirs = fit_with_pybkt(observed, mask)
    # pyBKT stops when the log-likelihood moves by less than 0.005, so agreement is to about 0.01.
    for name, value in theirs.items():
        assert getattr(ours, name) == pytest.approx(value, abs=0.01), name


def test_answers_that_show_no_learning_give_a_refused_fit_with_its_reasons():
    # Every learner is right half the time whatever they did before: nothing to learn from.
    rng = np.random.default_rng(8)
    observed = (rng.random((10, 300)) < 0.5).astype(float)
    fit = fit_bkt(observed, np.ones_like(observed, dtype=bool))
    assert not fit.accepted
    assert any("no learning" in problem or "bounds" in problem for problem in fit.problems), fit.problems


def test_the_acceptance_check_names_each_reason():
    limits = FitBounds()
    stuck = BktParams(prior=0.4, learn=0.001, guess=0.3, slip=0.3)
    assert [problem.split(" ")[0] for problem in acceptance_problems(stuck, limits)] == ["learn", "guess"]
    near_chance = BktParams(prior=0.4, learn=0.2, guess=0.45, slip=0.3)
    assert acceptance_problems(near_chance, FitBounds(max_guess=0.5))[-1].startswith("guess + slip = 0.750")
    assert acceptance_problems(TRUE, limits) == []
