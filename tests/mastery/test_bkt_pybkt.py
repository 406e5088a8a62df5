"""
Our knowledge tracing agrees with pyBKT's ``Roster`` (the reference implementation) to 1e-6.

``Roster`` reads a skill's parameters from ``Model.fit_model[skill]``, the dict that
``Model.fit`` produces; setting ``Model.coef_`` is not enough, because ``Roster`` also needs
``pi_0``, ``gs_names`` and ``resource_names`` (it raises ``KeyError: 'gs_names'`` without them).
So the model is built here with exactly the keys ``Model._fit`` leaves behind, from our parameters.

``Roster`` reports ``state_prediction``: the probability after the evidence step *and* the
learning transition, which is what ``BktState.p_mastery`` holds.

Parameters are drawn from the open interval (0, 1): pyBKT replaces an emission probability of
exactly 0 by 1 in its forward pass (``np.where(sl == 0, 1, sl)``), and treats a state of exactly 0
as "no state yet", so the two implementations differ on those edges by design.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ve_edu_plugin.mastery.bkt import BktParams, initial_state, predict_correct, update
from ve_edu_plugin.mastery.policies import DEFAULT_POLICY, SkillEvidence

np = pytest.importorskip("numpy", reason="pyBKT needs numpy (a test-only requirement)")
pybkt_models = pytest.importorskip("pyBKT.models", reason="pyBKT (a test-only requirement) is not installed")

SKILL = "skill"
inner = st.floats(min_value=0.01, max_value=0.99)


def _roster(params: BktParams):
    model = pybkt_models.Model(parallel=False, num_fits=1, seed=0)
    model.fit_model = {
        SKILL: {
            "prior": params.prior,
            "pi_0": np.array([[1 - params.prior], [params.prior]]),
            "learns": np.array([params.learn]),
            "forgets": np.array([params.forget]),
            "guesses": np.array([params.guess]),
            "slips": np.array([params.slip]),
            "As": np.array([[[1 - params.learn, params.forget], [params.learn, 1 - params.forget]]]),
            "resource_names": {"default": 1},
            "gs_names": {"default": 1},
        }
    }
    return pybkt_models.Roster(["learner"], SKILL, model=model)


@settings(max_examples=150, deadline=None)
@given(
    st.builds(BktParams, inner, inner, inner, inner, st.floats(min_value=0.0, max_value=0.3)),
    st.lists(st.booleans(), min_size=1, max_size=25),
)
def test_mastery_and_predicted_correctness_match_pybkt_roster(params, answers):
    roster = _roster(params)
    state = initial_state(params)
    assert roster.get_mastery_prob(SKILL, "learner") == pytest.approx(state.p_mastery, abs=1e-6)
    assert roster.get_correct_prob(SKILL, "learner") == pytest.approx(predict_correct(state, params), abs=1e-6)

    for correct in answers:
        reported = roster.update_state(SKILL, "learner", int(correct))
        state = update(state, params, correct)
        assert reported.get_mastery_prob() == pytest.approx(state.p_mastery, abs=1e-6)
        assert reported.get_correct_prob() == pytest.approx(predict_correct(state, params), abs=1e-6)


def test_the_default_threshold_policy_agrees_with_pybkt_mastered_state():
    params = BktParams(prior=0.4, learn=0.3, guess=0.2, slip=0.1)
    roster = _roster(params)  # Roster's default mastery_state is 0.95, compared with >=
    state = initial_state(params)
    verdicts = []
    for correct in (True, False, True, True, True, True, False, True, True):
        reported = roster.update_state(SKILL, "learner", int(correct))
        state = update(state, params, correct)
        mastered = DEFAULT_POLICY.is_mastered(SkillEvidence(p_mastery=state.p_mastery))
        assert (reported.state_type.name == "MASTERED") == mastered
        verdicts.append(mastered)
    assert True in verdicts and False in verdicts  # the sequence crosses the threshold both ways
