"""Bayesian Knowledge Tracing: the update convention, its properties, and parameter validation."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.mastery.bkt import (
    BktParams,
    BktState,
    initial_state,
    learning_transition,
    posterior_mastery,
    predict_correct,
    replay,
    update,
)

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def any_params(draw: st.DrawFn) -> BktParams:
    prior, learn, guess, slip, forget = (draw(probabilities) for _ in range(5))
    return BktParams(prior, learn, guess, slip, forget)


@st.composite
def sound_params(draw: st.DrawFn) -> BktParams:
    """Non-degenerate parameters: guess + slip < 1, so a correct answer is evidence of knowing."""
    params = draw(any_params())
    assume(not params.is_degenerate)
    return params


def test_one_update_is_evidence_then_learning_transition():
    # Worked by hand: P(known | correct) = .3*.9 / (.3*.9 + .7*.25) = .27 / .445,
    # then p' = post * (1 - .05) + (1 - post) * .2.
    params = BktParams(prior=0.3, learn=0.2, guess=0.25, slip=0.1, forget=0.05)
    posterior = 0.27 / 0.445
    expected = posterior * 0.95 + (1 - posterior) * 0.2

    state = update(initial_state(params), params, True)

    assert state.p_mastery == pytest.approx(expected, abs=1e-15)
    assert (state.attempts, state.correct_attempts) == (1, 1)
    assert state.p_mastery == pytest.approx(0.6550561797752809, abs=1e-12)  # pyBKT Roster's state_prediction
    assert predict_correct(state, params) == pytest.approx(0.6757865168539325, abs=1e-12)


def test_the_initial_state_is_the_prior_and_predicts_from_it():
    params = BktParams(prior=0.3, learn=0.2, guess=0.25, slip=0.1)
    state = initial_state(params)
    assert state == BktState(p_mastery=0.3, attempts=0, correct_attempts=0)
    assert predict_correct(state, params) == pytest.approx(0.3 * 0.9 + 0.7 * 0.25)


@settings(max_examples=400)
@given(any_params(), st.lists(st.booleans(), max_size=40))
def test_probabilities_stay_in_the_unit_interval(params, answers):
    state = initial_state(params)
    for correct in answers:
        state = update(state, params, correct)
        assert 0.0 <= state.p_mastery <= 1.0
        assert 0.0 <= predict_correct(state, params) <= 1.0
    assert state.attempts == len(answers)
    assert state.correct_attempts == sum(answers)


@settings(max_examples=400)
@given(sound_params(), probabilities)
def test_a_correct_answer_never_lowers_and_a_wrong_one_never_raises_the_posterior(params, p_mastery):
    assert posterior_mastery(p_mastery, params, correct=True) >= p_mastery - 1e-12
    assert posterior_mastery(p_mastery, params, correct=False) <= p_mastery + 1e-12


@settings(max_examples=300)
@given(sound_params(), probabilities)
def test_a_correct_answer_leaves_mastery_at_least_as_high_as_a_wrong_one(params, p_mastery):
    # With learn + forget > 1 the transition swaps the order (knowing now makes not knowing next likelier).
    assume(params.learn + params.forget <= 1.0)
    state = BktState(p_mastery=p_mastery)
    assert update(state, params, True).p_mastery >= update(state, params, False).p_mastery - 1e-12


@settings(max_examples=300)
@given(any_params(), probabilities)
def test_without_forgetting_the_transition_never_lowers_mastery(params, p_mastery):
    params = BktParams(params.prior, params.learn, params.guess, params.slip, forget=0.0)
    assert learning_transition(p_mastery, params) >= p_mastery - 1e-12


@given(probabilities, probabilities)
def test_an_uninformative_answer_changes_nothing(p_mastery, forget):
    params = BktParams(prior=0.5, learn=0.0, guess=0.5, slip=0.5)
    for correct in (True, False):
        assert posterior_mastery(p_mastery, params, correct=correct) == pytest.approx(p_mastery, abs=1e-12)
        assert update(BktState(p_mastery), params, correct).p_mastery == pytest.approx(p_mastery, abs=1e-12)


def test_steady_success_converges_to_mastery_and_steady_failure_stays_low():
    params = BktParams(prior=0.1, learn=0.1, guess=0.2, slip=0.1)
    assert replay(params, [True] * 12).p_mastery > 0.99
    # Learning still happens through practice, but wrong answers keep pulling the estimate down.
    assert replay(params, [False] * 12).p_mastery < 0.15


def test_an_impossible_answer_keeps_the_estimate_instead_of_dividing_by_zero():
    params = BktParams(prior=0.0, learn=0.0, guess=0.0, slip=0.1)
    assert posterior_mastery(0.0, params, correct=True) == 0.0
    params = BktParams(prior=1.0, learn=0.0, guess=0.2, slip=0.0)
    assert posterior_mastery(1.0, params, correct=False) == 1.0


@given(any_params(), st.lists(st.booleans(), max_size=20), st.lists(st.booleans(), max_size=20))
def test_replay_is_a_fold_of_update_and_resumes_from_a_state(params, first, second):
    state = initial_state(params)
    for correct in first + second:
        state = update(state, params, correct)
    assert replay(params, first + second) == state
    assert replay(params, second, state=replay(params, first)) == state


def test_degenerate_parameters_are_accepted_but_flagged():
    params = BktParams(prior=0.5, learn=0.1, guess=0.6, slip=0.5)
    assert params.is_degenerate
    assert posterior_mastery(0.5, params, correct=True) < 0.5  # why they are flagged
    assert not BktParams(prior=0.5, learn=0.1, guess=0.2, slip=0.1).is_degenerate


@pytest.mark.parametrize(
    ("field", "value"),
    [("prior", -0.1), ("learn", 1.5), ("guess", math.nan), ("slip", math.inf), ("forget", True), ("prior", "0.5")],
)
def test_invalid_parameters_are_rejected_naming_the_field(field, value):
    values = {"prior": 0.5, "learn": 0.1, "guess": 0.2, "slip": 0.1, "forget": 0.0, field: value}
    with pytest.raises(InvalidValuesError) as error:
        BktParams(**values)
    assert list(error.value.field_errors) == [field]


def test_parameters_round_trip_through_a_dict():
    params = BktParams(prior=0.2, learn=0.15, guess=0.25, slip=0.1, forget=0.01)
    assert params.to_dict() == {"prior": 0.2, "learn": 0.15, "guess": 0.25, "slip": 0.1, "forget": 0.01}
    assert BktParams.from_dict(params.to_dict()) == params
    assert BktParams.from_dict({"prior": 0.2, "learn": 0.15, "guess": 0.25, "slip": 0.1}).forget == 0.0


def test_reading_parameters_reports_missing_and_unknown_keys():
    with pytest.raises(InvalidValuesError) as error:
        BktParams.from_dict({"prior": 0.2, "learn": 0.1, "guess": 0.2, "slipp": 0.1})
    assert set(error.value.field_errors) == {"slip", "slipp"}


@pytest.mark.parametrize(
    ("values", "field"),
    [({"p_mastery": 1.2}, "p_mastery"), ({"p_mastery": 0.5, "attempts": 1, "correct_attempts": 2}, "correct_attempts")],
)
def test_an_invalid_state_is_rejected(values, field):
    with pytest.raises(InvalidValuesError) as error:
        BktState(**values)
    assert field in error.value.field_errors
