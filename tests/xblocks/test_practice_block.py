"""``ve_adaptive_practice`` through its handlers: a scripted learner practises until mastered."""

from __future__ import annotations

import json

import pytest

from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db


def _practice(
    course, policy='{"kind": "correct_in_a_row", "count": 2}', student: str = "learner", **attrs: str
) -> HandlerClient:
    ids = json.dumps(course.subtopic_ids[:2])
    extra = " ".join(f'{name}="{value}"' for name, value in attrs.items())
    return HandlerClient(
        f"<ve_adaptive_practice subtopic_ids='{ids}' mastery_policy='{policy}' {extra}/>", student=student
    )


def _right_answer(course, question_id: int) -> str:
    version = questions_api.get_question(course.course_key, question_id).current_version
    assert version is not None
    body = version.body
    return str(body.get("value")) if "value" in body else next(c["id"] for c in body["choices"] if c["correct"])


def test_a_scripted_learner_reaches_mastered_in_prerequisite_order(learning_course):
    client = _practice(learning_course)
    status, view = client.call("state", {})
    assert status == 200 and view["status"] == "question"
    first_subtopic = learning_course.subtopic_ids[0]
    seen_subtopics = []
    for _ in range(12):
        question = view["question"]
        subtopic = (
            next(s for s, ids in learning_course.practice_questions.items() if question["id"] in ids)
            if any(question["id"] in ids for ids in learning_course.practice_questions.values())
            else first_subtopic
        )
        seen_subtopics.append(subtopic)
        answered = client.submit(_right_answer(learning_course, question["id"]), question_id=question["id"])
        assert answered["result"]["correct"]
        if answered["status"] == "mastered":
            break
        _status, view = client.call("next", {})
        if view["status"] == "mastered":
            break
    _status, final = client.call("state", {})
    assert all(row["mastered"] for row in final["progress"])
    assert final["score"] == 1.0
    first_switch = (
        seen_subtopics.index(learning_course.subtopic_ids[1])
        if learning_course.subtopic_ids[1] in seen_subtopics
        else len(seen_subtopics)
    )
    assert all(s == first_subtopic for s in seen_subtopics[:first_switch]), "the second subtopic opens after the first"
    grades = [data["value"] for name, data in client.events if name == "grade"]
    assert grades == sorted(grades) and grades[-1] == 1.0
    assert any(name == "ve_edu.mastery.reached" for name, _ in client.events)


def _answer_wrong_twice(client: HandlerClient, question: dict) -> None:
    for answer in ("a", "c") if question["type"] == "single_choice" else ("0", "1"):
        assert not client.submit(answer, question_id=question["id"])["result"]["correct"]


def test_no_question_repeats_within_the_window(learning_course):
    client = _practice(learning_course, policy='{"kind": "correct_in_a_row", "count": 20}', repeat_window="3")
    _status, view = client.call("state", {})
    asked = []
    for _ in range(6):
        asked.append(view["question"]["id"])
        _answer_wrong_twice(client, view["question"])
        _status, view = client.call("next", {})
    for index in range(len(asked) - 1):
        window = asked[max(0, index - 2) : index]
        assert asked[index] not in window


def test_the_question_limit_ends_practice(learning_course):
    client = _practice(learning_course, policy='{"kind": "correct_in_a_row", "count": 20}', max_questions="2")
    _status, view = client.call("state", {})
    for _ in range(2):
        _answer_wrong_twice(client, view["question"])
        _status, view = client.call("next", {})
    assert view["status"] == "limit" and view["question"] is None


def test_a_stale_question_is_refused_and_settings_are_validated(learning_course, course_member):
    client = _practice(learning_course)
    client.call("state", {})
    status, body = client.call("submit", {"question_id": 999999, "answer": "1", "client_key": "stale-key-001"})
    assert status == 409 and body["error"]["code"] == "stale_question"
    status, body = client.call("save_settings", {"values": {"max_questions": 5}})
    assert status == 403 and body["error"]["code"] == "forbidden" and client.block.max_questions == 40
    course_member("author", learning_course.course_key, "staff")
    client = _practice(learning_course, student="author")
    status, body = client.call("save_settings", {"values": {"subtopic_ids": [], "mastery_policy": '{"kind": "x"}'}})
    assert status == 400 and set(body["error"]["field_errors"]) == {"subtopic_ids", "mastery_policy"}


def test_a_policy_the_core_refuses_is_an_invalid_request_not_a_server_error(learning_course):
    # An OLX import can carry a policy Studio would have refused: the learner gets a 400 naming the field.
    client = _practice(learning_course, policy='{"kind": "correct_in_a_row", "count": 0}')
    status, body = client.call("state", {})
    assert status == 400 and body["error"]["code"] == "invalid_request"
    assert set(body["error"]["field_errors"]) == {"count"}
