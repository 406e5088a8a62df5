"""The blocks' JSON handlers under careless and hostile bodies: a 4xx JSON error, never a 500."""

from __future__ import annotations

import json

import pytest
from webob import Request

from tests.learning_fixtures import HandlerClient, LearningCourse

pytestmark = pytest.mark.django_db(transaction=True)

DEEP = "[" * 5000 + "]" * 5000


def _raw(client: HandlerClient, handler: str, raw: str | bytes) -> tuple[int, dict]:
    body = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    response = client.runtime.handle(client.block, handler, Request.blank("/", method="POST", body=body))
    assert response.status_code < 500, (response.status_code, response.body[:300])
    return response.status_code, json.loads(response.body)


def _question(course: LearningCourse, student: str = "learner") -> HandlerClient:
    return HandlerClient(f'<ve_question question_id="{course.choice_question}"/>', student=student)


def _practice(course: LearningCourse) -> HandlerClient:
    ids = json.dumps(course.subtopic_ids[:1])
    return HandlerClient(f"<ve_adaptive_practice subtopic_ids='{ids}'/>")


@pytest.mark.parametrize(
    "raw",
    [
        DEEP,
        '{"answer": ' + DEEP + "}",
        '{"answer": "\\ud800", "client_key": "k1"}',
        '{"answer": "b", "client_key": "\\ud800"}',
        '{"answer": NaN, "client_key": "k2"}',
        '{"answer": Infinity, "client_key": "k3"}',
        '{"answer": "b", "client_key": "k4", "client_timestamp": "yesterday"}',
        '{"answer": "b", "client_key": "k5", "client_timestamp": [1]}',
        '{"answer": "b", "client_key": "k6", "client_timestamp": 1e308}',
        '{"answer": "b", "client_key": "k7", "client_timestamp": "9999-99-99T99:99:99Z"}',
        b'{"answer": "\xff"}',
    ],
)
def test_question_submit_answers_bad_bodies_with_a_4xx(learning_course: LearningCourse, raw: str) -> None:
    status, body = _raw(_question(learning_course), "submit", raw)
    assert 400 <= status < 500 or status == 200, body


@pytest.mark.parametrize(
    "raw",
    [
        DEEP,
        '{"question_id": NaN, "answer": "1"}',
        '{"question_id": Infinity, "answer": "1"}',
        '{"question_id": [1], "answer": "1"}',
        '{"question_id": 99999999999999999999999, "answer": "1"}',
        '{"question_id": "\\ud800", "answer": "1"}',
    ],
)
def test_practice_submit_answers_bad_bodies_with_a_4xx(learning_course: LearningCourse, raw: str) -> None:
    status, _body = _raw(_practice(learning_course), "submit", raw)
    assert 400 <= status < 500


@pytest.mark.parametrize(
    "values",
    [
        {"weight": float("inf")},
        {"max_attempts": float("inf")},
        {"max_attempts": 10**30},
        {"inline_type": "numeric", "inline_body": 42},
        {"inline_type": "numeric", "inline_body": ["x"]},
        {"inline_type": "numeric", "inline_body": DEEP},
        {"inline_type": "numeric", "inline_body": '{"text": "\\ud800", "value": 1}'},
        {"display_name": "\ud800"},
    ],
)
def test_question_settings_answer_bad_values_with_a_4xx(learning_course: LearningCourse, course_member, values) -> None:
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient("<ve_question/>", student="author")
    raw = json.dumps({"values": values}, allow_nan=True)
    status, body = _raw(client, "save_settings", raw)
    assert status == 400, body


@pytest.mark.parametrize(
    "values",
    [
        {"max_questions": float("inf")},
        {"max_questions": 10**30},
        {"mastery_policy": DEEP},
        {"mastery_policy": '{"kind": ' * 3000 + "1" + "}" * 3000},
        {"subtopic_ids": [float("nan")]},
        {"subtopic_ids": [10**30]},
    ],
)
def test_practice_settings_answer_bad_values_with_a_4xx(learning_course: LearningCourse, course_member, values) -> None:
    course_member("author", learning_course.course_key, "staff")
    ids = json.dumps(learning_course.subtopic_ids[:1])
    client = HandlerClient(f"<ve_adaptive_practice subtopic_ids='{ids}'/>", student="author")
    status, body = _raw(client, "save_settings", json.dumps({"values": values}, allow_nan=True))
    assert status == 400, body
