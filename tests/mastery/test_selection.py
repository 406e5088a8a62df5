"""Adaptive selection: prerequisite order, lowest mastery, difficulty fit, no repeats, end states, exposure."""

from __future__ import annotations

import pickle
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.mastery.selection import (
    REASON_ALL_TARGETS_MASTERED,
    REASON_DAILY_LIMIT,
    REASON_MAX_QUESTIONS,
    REASON_NO_QUESTIONS,
    REASON_NO_TARGETS,
    REASON_PRACTICE,
    REASON_REPEAT_WINDOW_RELAXED,
    CandidateQuestion,
    QuestionPool,
    Selection,
    SelectionConfig,
    SelectionRequest,
    TargetSubtopic,
    select_next_question,
    target_difficulty,
)


def bank(layout: dict[str, dict[int, int]]) -> QuestionPool:
    """A pool from {subtopic: {difficulty: how many}}; ids read "<subtopic>-d<difficulty>-<n>"."""
    return QuestionPool.build(
        CandidateQuestion(f"{subtopic}-d{difficulty}-{n}", subtopic, difficulty)
        for subtopic, counts in layout.items()
        for difficulty, count in counts.items()
        for n in range(count)
    )


FULL = dict.fromkeys(range(1, 6), 4)
POOL = bank({"s1": FULL, "s2": FULL, "s3": FULL})


def targets(*standing: tuple[str, float, bool]) -> tuple[TargetSubtopic, ...]:
    return tuple(TargetSubtopic(subtopic, p_mastery, mastered) for subtopic, p_mastery, mastered in standing)


def select(request: SelectionRequest, pool: QuestionPool = POOL, **config: Any) -> Selection:
    return select_next_question(request, pool=pool, config=SelectionConfig(**config))


def difficulty_of(question_id: object) -> int:
    return int(str(question_id).split("-d")[1].split("-")[0])


# Prerequisite gating and lowest mastery


def test_the_first_unmastered_subtopic_gates_the_later_ones():
    request = SelectionRequest(targets(("s1", 0.6, False), ("s2", 0.1, False), ("s3", 0.0, False)), seed=1)
    selection = select(request)
    assert (selection.status, selection.subtopic_id, selection.reason) == ("question", "s1", REASON_PRACTICE)


def test_mastered_subtopics_open_the_next_one():
    request = SelectionRequest(targets(("s1", 0.97, True), ("s2", 0.3, False), ("s3", 0.0, False)), seed=1)
    assert select(request).subtopic_id == "s2"


def test_a_wider_frontier_prefers_the_lowest_mastery_among_the_open_subtopics():
    request = SelectionRequest(targets(("s1", 0.6, False), ("s2", 0.4, False), ("s3", 0.1, False)), seed=1)
    assert select(request, open_subtopics=2).subtopic_id == "s2"
    assert select(request, open_subtopics=3).subtopic_id == "s3"


def test_equal_mastery_falls_back_to_outline_order():
    request = SelectionRequest(targets(("s1", 0.3, False), ("s2", 0.3, False)), seed=1)
    assert select(request, open_subtopics=2).subtopic_id == "s1"


def test_a_subtopic_without_questions_does_not_block_the_rest():
    request = SelectionRequest(targets(("empty", 0.0, False), ("s2", 0.5, False)), seed=1)
    assert select(request).subtopic_id == "s2"


def test_only_unpractisable_unmastered_subtopics_leave_nothing_to_ask():
    request = SelectionRequest(targets(("s1", 0.99, True), ("empty", 0.0, False)), seed=1)
    assert select(request) == Selection("empty", reason=REASON_NO_QUESTIONS)


# Difficulty fit


@pytest.mark.parametrize(
    ("p_mastery", "difficulty"),
    [(0.0, 1), (0.19, 1), (0.2, 2), (0.39, 2), (0.4, 3), (0.59, 3), (0.6, 4), (0.79, 4), (0.8, 5), (1.0, 5)],
)
def test_mastery_maps_to_difficulty_in_equal_bands(p_mastery, difficulty):
    assert target_difficulty(p_mastery) == difficulty


@pytest.mark.parametrize("p_mastery", [0.05, 0.3, 0.5, 0.7, 0.9])
def test_the_question_fits_the_learner_when_the_level_has_enough(p_mastery):
    for seed in range(30):
        request = SelectionRequest(targets(("s1", p_mastery, False)), seed=seed)
        assert difficulty_of(select(request).question_id) == target_difficulty(p_mastery)


def test_the_nearest_level_is_used_when_the_target_level_is_missing_and_easier_wins_ties():
    pool = bank({"s1": {1: 3, 2: 3, 4: 3, 5: 3}})
    picks = {
        difficulty_of(select(SelectionRequest(targets(("s1", 0.5, False)), seed=seed), pool, top_k=1).question_id)
        for seed in range(40)
    }
    assert picks == {2}


def test_top_k_reaches_into_the_next_levels_only_when_the_best_level_is_short():
    pool = bank({"s1": {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}})
    picks = Counter(
        select(SelectionRequest(targets(("s1", 0.5, False)), seed=seed), pool, top_k=3).question_id
        for seed in range(600)
    )
    # Target 3, then 2 then 4 at distance 1: the three best, each about a third of the time.
    assert set(picks) == {"s1-d3-0", "s1-d2-0", "s1-d4-0"}
    assert min(picks.values()) > 150


# Repeats


def test_no_question_repeats_within_the_window():
    recent = ("s1-d1-0", "s1-d1-1", "s1-d1-2")
    for seed in range(100):
        request = SelectionRequest(targets(("s1", 0.0, False)), recent_question_ids=recent, seed=seed)
        assert select(request, top_k=1).question_id == "s1-d1-3"


def test_questions_older_than_the_window_may_come_back():
    recent = ("s1-d1-0", "s1-d1-1", "s1-d1-2", "s1-d1-3")
    requests = [SelectionRequest(targets(("s1", 0.0, False)), recent_question_ids=recent, seed=s) for s in range(100)]
    picks = {select(request, top_k=1, repeat_window=2).question_id for request in requests}
    assert picks == {"s1-d1-2", "s1-d1-3"}


def test_a_seen_level_gives_way_to_the_next_best_one():
    recent = tuple(f"s1-d1-{n}" for n in range(4))
    request = SelectionRequest(targets(("s1", 0.0, False)), recent_question_ids=recent, seed=3)
    assert difficulty_of(select(request, top_k=1).question_id) == 2


def test_when_the_whole_subtopic_was_seen_the_window_is_relaxed_to_the_question_seen_longest_ago():
    pool = bank({"s1": {3: 3}})
    # Newest first: s1-d3-2 is the oldest sighting of any question, though s1-d3-0 appears again later.
    recent = ("s1-d3-0", "s1-d3-1", "s1-d3-0", "s1-d3-2")
    selection = select(SelectionRequest(targets(("s1", 0.5, False)), recent_question_ids=recent, seed=5), pool)
    assert selection == Selection("question", "s1-d3-2", "s1", REASON_REPEAT_WINDOW_RELAXED)


def test_another_open_subtopic_with_fresh_questions_comes_before_relaxing():
    pool = bank({"s1": {1: 2}, "s2": {1: 2}})
    recent = ("s1-d1-0", "s1-d1-1")
    request = SelectionRequest(targets(("s1", 0.1, False), ("s2", 0.5, False)), recent_question_ids=recent, seed=1)
    assert select(request, pool, open_subtopics=2).subtopic_id == "s2"
    assert select(request, pool, open_subtopics=1).reason == REASON_REPEAT_WINDOW_RELAXED


def test_recent_questions_no_longer_in_the_bank_are_ignored():
    request = SelectionRequest(targets(("s1", 0.0, False)), recent_question_ids=("deleted", 42), seed=1)
    assert select(request).status == "question"


# End states


def test_no_targets_is_empty():
    assert select(SelectionRequest(())) == Selection("empty", reason=REASON_NO_TARGETS)


def test_every_target_mastered_ends_with_mastered_even_at_a_limit():
    request = SelectionRequest(targets(("s1", 0.99, True), ("s2", 0.96, True)), answered_in_block=50)
    assert select(request, max_questions=10) == Selection("mastered", reason=REASON_ALL_TARGETS_MASTERED)


def test_the_block_maximum_ends_practice():
    request = SelectionRequest(targets(("s1", 0.2, False)), answered_in_block=10, answered_today=3)
    assert select(request, max_questions=10) == Selection("limit", reason=REASON_MAX_QUESTIONS)
    assert select(request, max_questions=11).status == "question"


def test_the_daily_limit_ends_practice_for_the_day():
    request = SelectionRequest(targets(("s1", 0.2, False)), answered_in_block=10, answered_today=25)
    assert select(request, daily_limit=25, max_questions=10) == Selection("limit", reason=REASON_DAILY_LIMIT)
    assert select(request, daily_limit=26).status == "question"


# Randomisation


def test_the_same_seed_gives_the_same_question():
    standing = targets(("s1", 0.5, False), ("s2", 0.1, False))
    request = SelectionRequest(standing, recent_question_ids=("s1-d3-1",), seed=7)
    assert len({select(request, top_k=5).question_id for _ in range(20)}) == 1


def test_exposure_is_spread_over_equally_good_questions():
    pool = bank({"s1": {1: 10, 2: 10}})
    picks = Counter(
        select(SelectionRequest(targets(("s1", 0.0, False)), seed=seed), pool, top_k=3).question_id
        for seed in range(2000)
    )
    assert set(picks) == {f"s1-d1-{n}" for n in range(10)}  # never a worse level while the best has enough
    assert min(picks.values()) > 120  # about 200 each


def test_unseeded_selections_vary():
    request = SelectionRequest(targets(("s1", 0.0, False)))
    assert len({select(request, top_k=4).question_id for _ in range(200)}) > 1


# The pool and the settings


def test_the_pool_indexes_by_subtopic_and_difficulty_and_pickles():
    pool = bank({"s1": {1: 2, 5: 1}, "s2": {3: 1}})
    assert len(pool) == 4
    assert pool.buckets["s1"] == (("s1-d1-0", "s1-d1-1"), (), (), (), ("s1-d5-0",))
    assert pool.locations["s2-d3-0"] == ("s2", 3)
    assert pool.has_questions("s2") and not pool.has_questions("s3")
    copy = pickle.loads(pickle.dumps(pool))
    assert (copy.buckets, copy.locations) == (pool.buckets, pool.locations)


def test_the_pool_rejects_duplicate_questions():
    with pytest.raises(InvalidValuesError) as error:
        QuestionPool.build([CandidateQuestion(1, "s1", 1), CandidateQuestion(1, "s2", 2)])
    assert "question_id" in error.value.field_errors


@pytest.mark.parametrize("difficulty", [0, 6, 2.5, True])
def test_difficulty_must_be_one_to_five(difficulty):
    with pytest.raises(InvalidValuesError) as error:
        CandidateQuestion(1, "s1", difficulty)
    assert "difficulty" in error.value.field_errors


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"max_questions": 0}, "max_questions"),
        ({"daily_limit": -1}, "daily_limit"),
        ({"repeat_window": -1}, "repeat_window"),
        ({"top_k": 0}, "top_k"),
        ({"open_subtopics": 0}, "open_subtopics"),
        ({"top_k": 2.0}, "top_k"),
    ],
)
def test_invalid_settings_name_the_field(values, field):
    with pytest.raises(InvalidValuesError) as error:
        SelectionConfig(**values)
    assert list(error.value.field_errors) == [field]


# Properties over random banks and learners


@st.composite
def scenarios(draw: st.DrawFn):
    subtopics = [f"s{n}" for n in range(draw(st.integers(1, 5)))]
    questions = []
    for subtopic in subtopics:
        for n in range(draw(st.integers(0, 8))):
            questions.append(CandidateQuestion(f"{subtopic}-{n}", subtopic, draw(st.integers(1, 5))))
    pool = QuestionPool.build(questions)
    standing = tuple(
        TargetSubtopic(subtopic, draw(st.floats(0, 1)), draw(st.booleans()))
        for subtopic in draw(st.permutations(subtopics))
    )
    ids = [question.question_id for question in questions] or ["x"]
    recent = tuple(draw(st.lists(st.sampled_from(ids), max_size=30)))
    config = SelectionConfig(
        repeat_window=draw(st.integers(0, 30)), top_k=draw(st.integers(1, 6)), open_subtopics=draw(st.integers(1, 4))
    )
    return pool, SelectionRequest(standing, recent, seed=draw(st.integers(0, 2**32))), config


@settings(max_examples=400, deadline=None)
@given(scenarios())
def test_a_selected_question_is_in_the_frontier_and_outside_the_window_unless_relaxed(scenario):
    pool, request, config = scenario
    selection = select_next_question(request, pool=pool, config=config)
    unmastered = [target for target in request.targets if not target.mastered]
    practisable = [target for target in unmastered if pool.has_questions(target.subtopic_id)]
    if not unmastered:
        assert selection.status == "mastered"
        return
    if not practisable:
        assert selection.status == "empty"
        return
    frontier = {target.subtopic_id for target in practisable[: config.open_subtopics]}
    assert selection.status == "question"
    assert pool.locations[selection.question_id][0] == selection.subtopic_id
    assert selection.subtopic_id in frontier
    window = set(request.recent_question_ids[: config.repeat_window])
    if selection.reason == REASON_PRACTICE:
        assert selection.question_id not in window
    else:
        frontier_questions = {qid for qid, (subtopic, _) in pool.locations.items() if subtopic in frontier}
        assert frontier_questions <= window  # relaxed only when nothing in the frontier was fresh
