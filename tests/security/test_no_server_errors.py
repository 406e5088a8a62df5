"""Careless and hostile input to the REST API and the blocks' handlers: a 4xx problem, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import LearningCourse
from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE

BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}"
DEEP = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000
LONE_SURROGATE = '"\\ud800"'
NUMERIC = {"text": "<p>x</p>", "value": 1}


def _problem(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(PROBLEM_CONTENT_TYPE)
    body = response.json()
    assert body["status"] == response.status_code and body["code"]
    assert body["request_id"] and response["X-Request-ID"] == body["request_id"]  # on every problem, not only 500s
    return body


@pytest.fixture
def staff_client(learning_course: LearningCourse, course_member, jwt_client):
    return jwt_client(course_member("teacher", learning_course.course_key, "staff"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "raw",
    [
        DEEP,
        DEEP_OBJECT,
        '{"question_type": "numeric", "body": {"text": ' + LONE_SURROGATE + ', "value": 1}}',
        '{"question_type": "numeric", "body": {"text": "t", "value": NaN}}',
        '{"question_type": "numeric", "body": {"text": "t", "value": Infinity}}',
        '{"question_type": "text", "body": {"text": "t", "alternatives": [' + LONE_SURROGATE + "]}}",
        '{"question_type": "numeric", "body": {"text": "t", "value": 1}, "difficulty": 1e999}',
        '{"question_type": "numeric", "body": {"text": "t", "value": 1}, "subtopic": 99999999999999999999}',
        '{"question_type": "numeric", "body": {"text": "t", "value": 1}, "external_id": ' + LONE_SURROGATE + "}",
    ],
)
def test_question_writes_answer_bad_json_with_a_4xx_problem(staff_client, raw: str) -> None:
    response = staff_client.post(f"{BASE}/questions/", data=raw, content_type="application/json")
    _problem(response, 400)


@pytest.mark.django_db(transaction=True)
def test_a_body_over_the_upload_limit_is_413_payload_too_large(staff_client, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    raw = json.dumps({"question_type": "numeric", "body": {**NUMERIC, "text": "x" * 2_700_000}})
    body = _problem(staff_client.post(f"{BASE}/questions/", data=raw, content_type="application/json"), 413)
    assert body["code"] == "payload_too_large"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "query",
    [
        "question=²",
        "question=99999999999999999999999",
        "question=-1",
        "question=9223372036854775808",
        "username=%ED%A0%80",
        "page=²",
        "page_size=99999999999999999999999",
    ],
)
def test_attempt_filters_answer_bad_values_with_a_4xx_problem(staff_client, query: str) -> None:
    response = staff_client.get(f"{BASE}/attempts/?{query}")
    if response.status_code != 200:  # a page size above the maximum is clamped, not refused
        _problem(response, 400, 404)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "query",
    ["subtopic=²", "subtopic=99999999999999999999999", "difficulty=1e999", "topic=9223372036854775808", "page=-1"],
)
def test_question_filters_answer_bad_values_with_a_4xx_problem(staff_client, query: str) -> None:
    response = staff_client.get(f"{BASE}/questions/?{query}")
    if response.status_code != 200:
        _problem(response, 400, 404)


@pytest.mark.django_db(transaction=True)
def test_a_course_key_longer_than_the_column_is_a_4xx_problem(staff_client) -> None:
    key = "course-v1:VE+" + "A" * 300 + "+2026"
    assert CourseKey.from_string(key)
    for url in (f"/api/ve-edu/v1/courses/{key}/questions/", f"/api/ve-edu/v1/courses/{key}/outline/sync/"):
        _problem(
            staff_client.post(
                url, data=json.dumps({"question_type": "numeric", "body": NUMERIC}), content_type="application/json"
            ),
            400,
            403,
            404,
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("header", ["JWT e30.e30.e30", "JWT e30.e30.", "JWT {}", "JWT a.b.c", "Bearer e30.e30.e30"])
def test_a_malformed_jwt_is_401(api_client, header: str) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=header)
    body = _problem(api_client.get(f"{BASE}/mastery/me/"), 401)
    assert body["code"] == "not_authenticated"


@pytest.mark.django_db(transaction=True)
def test_a_problem_carries_the_request_id_the_client_sent(api_client) -> None:
    response = api_client.get(f"{BASE}/mastery/me/", HTTP_X_REQUEST_ID="trace-42")
    assert _problem(response, 401)["request_id"] == "trace-42"
