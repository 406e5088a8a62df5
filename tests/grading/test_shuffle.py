"""Per-learner choice order: a deterministic permutation that keeps fixed choices in place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.grading.helpers import single_choice
from ve_edu_plugin.grading.api import FeedbackPolicy, choice_order, shuffle_choices
from ve_edu_plugin.questions.schemas import validate_body

IDS = "abcdefgh"
seeds = st.one_of(st.integers(), st.text(max_size=20))


@given(seed=seeds)
def test_shuffle_is_a_deterministic_permutation(seed: int | str) -> None:
    body = single_choice(correct="a", ids=IDS)
    order = shuffle_choices(body, seed)
    assert sorted(order) == sorted(IDS)
    assert shuffle_choices(body, seed) == order


def test_different_seeds_give_different_orders() -> None:
    body = single_choice(correct="a", ids=IDS)
    orders = {shuffle_choices(body, f"learner-{n}:question-7") for n in range(20)}
    assert len(orders) > 10


@given(seed=seeds)
def test_fixed_choices_keep_their_place(seed: int | str) -> None:
    choices = [{"id": i, "text": i, "correct": i == "b", "fixed": i in {"a", "z"}} for i in "abcdez"]
    body = validate_body("multiple_choice", {"text": "t", "choices": choices})
    order = shuffle_choices(body, seed)  # type: ignore[arg-type]
    assert order[0] == "a" and order[-1] == "z"
    assert sorted(order) == sorted("abcdez")


def test_choice_order_follows_the_policy() -> None:
    body = single_choice(correct="a", ids=IDS)
    assert choice_order(body, FeedbackPolicy(shuffle=False), seed=3) == tuple(IDS)
    assert choice_order(body, FeedbackPolicy(shuffle=True), seed=3) == shuffle_choices(body, 3)
