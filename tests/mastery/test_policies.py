"""Mastery policies: each verdict, the stored form, parse errors, and mastery transitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.mastery.policies import (
    DEFAULT_POLICY,
    LOST,
    POLICY_PARSERS,
    REACHED,
    RECENT_RESULTS_WINDOW,
    BktThresholdPolicy,
    CorrectInARowPolicy,
    CorrectOfLastPolicy,
    SkillEvidence,
    evaluate_transition,
    parse_policy,
)


def evidence(*newest_first: bool, p_mastery: float = 0.5) -> SkillEvidence:
    return SkillEvidence(p_mastery=p_mastery, recent_results=newest_first, attempts=len(newest_first))


def test_the_default_policy_is_a_bkt_threshold_of_095():
    assert isinstance(DEFAULT_POLICY, BktThresholdPolicy)
    assert DEFAULT_POLICY.threshold == 0.95
    assert DEFAULT_POLICY.to_dict() == {"kind": "bkt_threshold", "threshold": 0.95}


def test_bkt_threshold_is_inclusive():
    policy = BktThresholdPolicy(threshold=0.9)
    assert policy.is_mastered(evidence(p_mastery=0.9))
    assert not policy.is_mastered(evidence(p_mastery=0.8999))
    assert not policy.is_mastered(evidence(True, True, True, p_mastery=0.5))  # streaks do not count here


def test_correct_in_a_row_needs_an_unbroken_streak_of_the_latest_answers():
    policy = CorrectInARowPolicy(count=3)
    assert policy.is_mastered(evidence(True, True, True))
    assert policy.is_mastered(evidence(True, True, True, False, False))
    assert not policy.is_mastered(evidence(False, True, True, True))  # the latest answer broke it
    assert not policy.is_mastered(evidence(True, True))  # too few answers
    assert policy.is_mastered(evidence(True, True, True, p_mastery=0.0))  # the estimate does not count here


def test_correct_of_last_counts_within_the_latest_answers_only():
    policy = CorrectOfLastPolicy(correct=4, last=5)
    assert policy.is_mastered(evidence(True, False, True, True, True))
    assert not policy.is_mastered(evidence(False, False, True, True, True, True, True))  # older ones are out
    assert policy.is_mastered(evidence(True, True, True, True))  # 4 correct first answers meet "4 of the last 5"
    assert not policy.is_mastered(evidence(True, True, True))


@pytest.mark.parametrize(
    "policy", [BktThresholdPolicy(0.8), CorrectInARowPolicy(5), CorrectOfLastPolicy(correct=7, last=10)]
)
def test_every_policy_round_trips_through_its_stored_form(policy):
    stored = policy.to_dict()
    assert stored["kind"] == policy.kind
    assert parse_policy(stored) == policy


def test_the_registry_holds_each_kind_once():
    assert set(POLICY_PARSERS) == {"bkt_threshold", "correct_in_a_row", "correct_of_last"}


def test_omitted_fields_take_their_defaults():
    assert parse_policy({"kind": "bkt_threshold"}) == BktThresholdPolicy(0.95)
    assert parse_policy({"kind": "correct_in_a_row"}) == CorrectInARowPolicy(3)
    assert parse_policy({"kind": "correct_of_last", "last": 8}) == CorrectOfLastPolicy(correct=4, last=8)
    assert parse_policy({"kind": "bkt_threshold", "threshold": 1}) == BktThresholdPolicy(1.0)


@pytest.mark.parametrize(
    ("stored", "field"),
    [
        (None, "policy"),
        (["bkt_threshold"], "policy"),
        ({}, "kind"),
        ({"kind": "mastery_learning"}, "kind"),
        ({"kind": 3}, "kind"),
        ({"kind": "bkt_threshold", "treshold": 0.9}, "treshold"),
        ({"kind": "bkt_threshold", "threshold": 0}, "threshold"),
        ({"kind": "bkt_threshold", "threshold": 1.01}, "threshold"),
        ({"kind": "bkt_threshold", "threshold": "0.9"}, "threshold"),
        ({"kind": "bkt_threshold", "threshold": True}, "threshold"),
        ({"kind": "bkt_threshold", "threshold": float("nan")}, "threshold"),
        ({"kind": "correct_in_a_row", "count": 0}, "count"),
        ({"kind": "correct_in_a_row", "count": 3.0}, "count"),
        ({"kind": "correct_in_a_row", "count": RECENT_RESULTS_WINDOW + 1}, "count"),
        ({"kind": "correct_of_last", "correct": 6, "last": 5}, "correct"),
        ({"kind": "correct_of_last", "correct": 2, "last": 50}, "last"),
        ({"kind": "correct_of_last", "correct": 2, "last": 5, "n": 5}, "n"),
    ],
)
def test_parse_errors_name_the_bad_field(stored, field):
    with pytest.raises(InvalidValuesError) as error:
        parse_policy(stored)
    assert field in error.value.field_errors
    assert error.value.as_invalid_request().code == "invalid_request", "an edge answers it as a 400"


@given(st.integers(1, RECENT_RESULTS_WINDOW).flatmap(lambda last: st.tuples(st.integers(1, last), st.just(last))))
def test_any_valid_m_of_n_round_trips(correct_last):
    correct, last = correct_last
    policy = parse_policy({"kind": "correct_of_last", "correct": correct, "last": last})
    assert parse_policy(policy.to_dict()) == policy


def test_evidence_keeps_a_bounded_window_newest_first():
    current = SkillEvidence(p_mastery=0.1)
    for index in range(RECENT_RESULTS_WINDOW + 5):
        current = current.with_answer(index % 2 == 0, p_mastery=0.2)
    assert len(current.recent_results) == RECENT_RESULTS_WINDOW
    assert current.attempts == RECENT_RESULTS_WINDOW + 5
    assert current.recent_results[0] is True  # the last answer (index 24) was correct
    assert current.with_answer(False, p_mastery=0.3).recent_results[:2] == (False, True)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"p_mastery": 1.5}, "p_mastery"),
        ({"p_mastery": 0.5, "recent_results": (True,) * (RECENT_RESULTS_WINDOW + 1), "attempts": 30}, "recent_results"),
        ({"p_mastery": 0.5, "recent_results": (True, True), "attempts": 1}, "attempts"),
    ],
)
def test_invalid_evidence_is_rejected(values, field):
    with pytest.raises(InvalidValuesError) as error:
        SkillEvidence(**values)
    assert field in error.value.field_errors


def test_transitions_report_reaching_and_losing_mastery():
    policy = CorrectInARowPolicy(count=2)
    before = evidence(True, False)
    reached = before.with_answer(True, p_mastery=0.6)
    assert evaluate_transition(before, reached, policy) == REACHED
    still = reached.with_answer(True, p_mastery=0.7)
    assert evaluate_transition(reached, still, policy) is None
    lost = still.with_answer(False, p_mastery=0.4)
    assert evaluate_transition(still, lost, policy) == LOST
    assert evaluate_transition(lost, lost.with_answer(False, p_mastery=0.3), policy) is None


def test_transitions_follow_the_knowledge_tracing_estimate_for_the_threshold_policy():
    policy = BktThresholdPolicy(0.95)
    assert evaluate_transition(evidence(p_mastery=0.94), evidence(True, p_mastery=0.96), policy) == "reached"
    assert evaluate_transition(evidence(p_mastery=0.96), evidence(False, p_mastery=0.90), policy) == "lost"
