"""Item statistics equal hand-computed values on a small table and recover simulated Rasch difficulties."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ve_edu_plugin.analytics import items
from ve_edu_plugin.analytics.items import Answers, FlagThresholds, item_analysis

# Four learners, three questions, first answers (rows are learners):
#   L0: 1 1 1    L1: 1 1 0    L2: 1 0 0    L3: 0 0 0
# then L3 answers question 0 again, correctly: counted as an answer, not as a first answer.
LEARNER = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3]
ITEM = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0]
CORRECT = [1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1]
# Question 0 has four choices, key 0; question 1 and 2 are numeric.
CHOICE = [0, -1, -1, 0, -1, -1, 0, -1, -1, 1, -1, -1, 0]
SECONDS = [10, 5, 1, 30, 7, 2, 20, np.nan, 3, 40, np.nan, 4, 50]


@pytest.fixture()
def table() -> items.ItemTable:
    answers = Answers.of(LEARNER, ITEM, CORRECT, CHOICE, SECONDS)
    return item_analysis(answers, 3, keys=[0, -1, -1], n_choices=[4, 0, 0], thresholds=FlagThresholds(min_learners=1))


def test_counts_and_facility_use_first_answers(table):
    assert table.answers.tolist() == [5, 4, 4]
    assert table.learners.tolist() == [4, 4, 4]
    assert table.facility.tolist() == [0.75, 0.5, 0.25]


def test_point_biserial_against_the_rest_share(table):
    # Question 0: x = (1, 1, 1, 0), rest shares y = (1, 0.5, 0, 0).
    # Sxy = 0.375, Sxx = 0.75, Syy = 0.6875 (deviations from the means 0.75 and 0.375).
    assert table.point_biserial[0] == pytest.approx(0.375 / math.sqrt(0.75 * 0.6875))
    # Question 1: x = (1, 1, 0, 0), y = (1, 0.5, 0.5, 0): Sxy = 0.5, Sxx = 1, Syy = 0.5.
    assert table.point_biserial[1] == pytest.approx(0.5 / math.sqrt(1 * 0.5))
    # Question 2: x = (1, 0, 0, 0), y = (1, 1, 0.5, 0): Sxy = 0.375, Sxx = 0.75, Syy = 0.6875.
    assert table.point_biserial[2] == pytest.approx(0.375 / math.sqrt(0.75 * 0.6875))


def test_upper_lower_groups_are_the_best_and_worst_learner(table):
    # round(0.27 * 4) = 1 learner per group: L0 (all right) and L3 (none right).
    assert table.upper_lower.tolist() == [1.0, 1.0, 1.0]


def test_distractors_median_time_and_difficulty(table):
    assert table.choice_counts[0].tolist() == [4, 1, 0, 0]
    assert table.median_seconds.tolist() == [30.0, 6.0, 2.5]
    assert table.difficulty.tolist() == pytest.approx([math.log(1.5 / 3.5), 0.0, math.log(3.5 / 1.5)])


def test_flags(table):
    assert table.flags[0] == [items.UNUSED_DISTRACTOR]
    assert table.flags[1] == []
    assert table.flags[2] == []
    strict = item_analysis(
        Answers.of(LEARNER, ITEM, CORRECT, CHOICE, SECONDS),
        3,
        keys=[1, -1, -1],
        n_choices=[4, 0, 0],
        thresholds=FlagThresholds(min_learners=1, too_easy=0.7, too_hard=0.3, weak_discrimination=0.8),
    )
    assert strict.flags[0] == [
        items.TOO_EASY,
        items.WEAK_DISCRIMINATION,
        items.UNUSED_DISTRACTOR,
        items.DISTRACTOR_ABOVE_KEY,
    ]
    assert strict.flags[2] == [items.TOO_HARD, items.WEAK_DISCRIMINATION]


def test_negative_discrimination_is_flagged():
    # The two learners who do well elsewhere get question 0 wrong.
    answers = Answers.of([0, 0, 1, 1, 2, 2, 3, 3], [0, 1, 0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 1, 0, 1, 0])
    table = item_analysis(answers, 2, thresholds=FlagThresholds(min_learners=1))
    assert table.point_biserial[0] == pytest.approx(-1.0)
    assert items.NEGATIVE_DISCRIMINATION in table.flags[0]


def test_no_flags_below_the_minimum_of_learners(table):
    answers = Answers.of(LEARNER, ITEM, CORRECT, CHOICE, SECONDS)
    assert item_analysis(answers, 3, keys=[0, -1, -1], n_choices=[4, 0, 0]).flags == [[], [], []]


def test_unanswered_questions_and_empty_logs_give_nans():
    table = item_analysis(Answers.of([], [], []), 2)
    assert table.answers.tolist() == [0, 0]
    assert np.isnan(table.facility).all() and np.isnan(table.difficulty).all()
    assert np.isnan(table.point_biserial).all() and np.isnan(table.median_seconds).all()


def test_rasch_difficulty_recovers_simulated_difficulties():
    rng = np.random.default_rng(13)
    n_learners, n_items = 500, 40
    ability = rng.normal(0, 1, n_learners)
    difficulty = rng.normal(0, 1, n_items)
    right = rng.random((n_learners, n_items)) < 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    learner, item = np.nonzero(np.ones((n_learners, n_items), dtype=bool))
    table = item_analysis(Answers.of(learner, item, right[learner, item]), n_items)
    measured = items.centre(table.difficulty, table.learners)
    assert abs(measured.mean()) < 1e-9
    assert np.corrcoef(measured, difficulty)[0, 1] > 0.9
    # Discrimination is positive for items that follow the model.
    assert (table.point_biserial > 0).all() and (table.upper_lower > 0).all()


def test_an_answers_time_is_the_gap_since_the_same_learners_previous_answer_capped():
    learner = np.array([0, 1, 0, 0, 1, 0])
    when = np.array([100.0, 50.0, 130.0, 1000.0, 95.0, 1010.0])  # learner 0 takes a break after 130 s
    seconds = items.seconds_between_answers(learner, when, cap=600)
    assert np.isnan(seconds[[0, 1, 3]]).all()  # first answers, and the one after the break
    assert seconds[[2, 4, 5]].tolist() == [30.0, 45.0, 10.0]
    shuffled = np.array([5, 3, 0, 4, 2, 1])
    assert np.array_equal(
        items.seconds_between_answers(learner[shuffled], when[shuffled], cap=600), seconds[shuffled], equal_nan=True
    )
