"""
Adaptive practice never serves a question the learner cannot answer in the block.

Attempts are counted per block: answers given in ``ve_question`` blocks are mastery evidence
but do not use up the practice block's attempts. When nothing answerable is left, practice ends
with a reason the learner can read.
"""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.learning_fixtures import HandlerClient

pytestmark = pytest.mark.django_db

ENDS = {"mastered", "limit", "empty"}


def _practice(course, *, student: str, targets: int = 1, **attrs: str) -> HandlerClient:
    ids = json.dumps(course.subtopic_ids[:targets])
    extra = " ".join(f'{name}="{value}"' for name, value in attrs.items())
    policy = '{"kind": "correct_in_a_row", "count": 20}'
    return HandlerClient(
        f"<ve_adaptive_practice subtopic_ids='{ids}' mastery_policy='{policy}' {extra}/>", student=student
    )


def _question_block(question_id: int, *, student: str) -> HandlerClient:
    return HandlerClient(f'<ve_question question_id="{question_id}" max_attempts="2"/>', student=student)


def _subtopic_questions(course) -> list[int]:
    return [course.choice_question, *course.practice_questions[course.subtopic_ids[0]]]


def _wrong(question: dict) -> str:
    return "a" if question["type"] == "single_choice" else "-1"


def _assert_answerable_or_ended(view: dict) -> None:
    if view["status"] == "question":
        question = view["question"]
        assert not question["done"], view
        assert question["max_attempts"] is None or question["attempts_used"] < question["max_attempts"], view
        last = question["last_result"]
        if last is not None and question["max_attempts"] is not None:
            assert last["attempts_left"] == question["max_attempts"] - question["attempts_used"], view
    else:
        assert view["status"] in ENDS and view["question"] is None, view
        assert view["reason"] and view["message"], view


def test_answers_in_question_blocks_do_not_finish_practice_questions(learning_course):
    """The reported deadlock: every question of the subtopic used up in ve_question blocks first."""
    for question_id in _subtopic_questions(learning_course):
        block = _question_block(question_id, student="deadlock")
        _status, state = block.call("state", {})
        for _ in range(2):
            block.submit(_wrong(state["question"]))
    practice = _practice(learning_course, student="deadlock")
    status, view = practice.call("state", {})
    assert status == 200
    _assert_answerable_or_ended(view)
    assert view["status"] == "question" and view["question"]["attempts_used"] == 0
    # The answers elsewhere still count as mastery evidence.
    assert view["progress"][0]["p_mastery"] < 0.2


def test_when_every_question_is_finished_practice_ends_with_a_reason(learning_course):
    practice = _practice(learning_course, student="exhausted", repeat_window="0", max_attempts="1")
    _status, view = practice.call("state", {})
    served = []
    for _ in range(8):
        _assert_answerable_or_ended(view)
        if view["status"] != "question":
            break
        served.append(view["question"]["id"])
        practice.submit(_wrong(view["question"]), question_id=view["question"]["id"])
        _status, view = practice.call("next", {})
    assert len(served) == len(set(served)) == len(_subtopic_questions(learning_course))
    assert view["status"] == "empty" and view["reason"] == "no_questions_left"


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("block"), st.integers(0, 4), st.booleans()),
        st.tuples(st.just("practice"), st.just(0), st.booleans()),
        st.tuples(st.just("next"), st.just(0), st.just(False)),
    ),
    max_size=10,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, max_attempts=st.sampled_from(["1", "2"]))
def test_from_any_history_next_serves_an_answerable_question_or_ends(learning_course, actions, max_attempts):
    student = f"p{uuid.uuid4().hex[:10]}"
    questions = _subtopic_questions(learning_course)
    practice = _practice(learning_course, student=student, max_attempts=max_attempts, repeat_window="1")
    from tests.xblocks.test_practice_block import _right_answer

    def answer(view: dict, correct: bool) -> None:
        question = view["question"]
        value = _right_answer(learning_course, question["id"]) if correct else _wrong(question)
        practice.call("submit", {"answer": value, "client_key": uuid.uuid4().hex, "question_id": question["id"]})

    for kind, index, correct in actions:
        if kind == "block":
            block = _question_block(questions[index], student=student)
            block.call("state", {})
            value = _right_answer(learning_course, questions[index]) if correct else "-1"
            block.call("submit", {"answer": value, "client_key": uuid.uuid4().hex})
        elif kind == "practice":
            _status, view = practice.call("state", {})
            if view["status"] == "question":
                answer(view, correct)
        else:
            practice.call("next", {})
    finished: set[int] = set()
    for _ in range(12):
        status, view = practice.call("next", {})
        assert status == 200, view
        _assert_answerable_or_ended(view)
        if view["status"] != "question":
            break
        assert view["question"]["id"] not in finished
        answer(view, False)
        _status, after = practice.call("state", {})
        if after["question"] and after["question"]["done"]:
            finished.add(after["question"]["id"])
