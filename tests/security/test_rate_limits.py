"""Per-user rate limits: 429 ``throttled`` with ``Retry-After`` over the limit, never at a person's pace."""

from __future__ import annotations

import json
import uuid

import pytest
from webob import Request

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import HandlerClient, LearningCourse
from ve_edu_plugin import errors, rate_limits
from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db(transaction=True)

LIMITS = {"answer": [3, 60], "staff_write": [2, 60], "import": [1, 60]}
NUMERIC = {"text": "<p>x</p>", "value": 1}


def _submit(client: HandlerClient, answer: str):
    body = json.dumps({"answer": answer, "client_key": uuid.uuid4().hex}).encode()
    return client.runtime.handle(client.block, "submit", Request.blank("/", method="POST", body=body))


def test_answers_over_the_limit_are_429_with_retry_after_for_that_learner_only(
    learning_course: LearningCourse, settings
) -> None:
    settings.VE_EDU_RATE_LIMITS = LIMITS
    xml = f'<ve_question question_id="{learning_course.choice_question}" max_attempts="0"/>'
    ada = HandlerClient(xml, student="ada")
    statuses = [_submit(ada, "a").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = _submit(ada, "b")
    assert refused.status_code == 429
    assert json.loads(refused.body)["error"]["code"] == "throttled"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert _submit(HandlerClient(xml, student="ben"), "b").status_code == 200


def test_practice_answers_count_too(learning_course: LearningCourse, settings) -> None:
    settings.VE_EDU_RATE_LIMITS = {**LIMITS, "answer": [0, 60]}
    ids = json.dumps(learning_course.subtopic_ids[:1])
    client = HandlerClient(f"<ve_adaptive_practice subtopic_ids='{ids}'/>")
    client.call("state", {})
    body = json.dumps({"question_id": client.block.current_question_id, "answer": "1", "client_key": "k"}).encode()
    response = client.runtime.handle(client.block, "submit", Request.blank("/", method="POST", body=body))
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_a_person_answering_every_two_seconds_is_never_limited(db) -> None:
    """The default answer limit, over ten minutes of answers two seconds apart."""
    start = 1_800_000_000.0
    for second in range(0, 600, 2):
        rate_limits.check_rate(rate_limits.ANSWER, 7, now=start + second)


def test_a_script_is_limited_within_its_first_second(db) -> None:
    start = 1_800_000_000.0
    with pytest.raises(errors.ThrottledError) as raised:
        for n in range(31):
            rate_limits.check_rate(rate_limits.ANSWER, 8, now=start + n / 31)
    assert raised.value.retry_after == 60


def test_a_scope_set_to_none_is_unlimited(db, settings) -> None:
    settings.VE_EDU_RATE_LIMITS = {"answer": None}
    for _ in range(100):
        rate_limits.check_rate(rate_limits.ANSWER, 9)


def test_staff_writes_and_imports_are_limited_but_reads_are_not(
    learning_course: LearningCourse, course_member, jwt_client, settings
) -> None:
    settings.VE_EDU_RATE_LIMITS = LIMITS
    client = jwt_client(course_member("teacher", learning_course.course_key, "staff"))
    base = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/"
    payload = json.dumps({"type": "numeric", "body": NUMERIC})
    assert [client.post(base, data=payload, content_type="application/json").status_code for _ in range(2)] == [
        201,
        201,
    ]
    refused = client.post(base, data=payload, content_type="application/json")
    assert refused.status_code == 429 and refused["Content-Type"].startswith(PROBLEM_CONTENT_TYPE)
    assert refused.json()["code"] == "throttled" and 1 <= int(refused["Retry-After"]) <= 60
    assert all(client.get(base).status_code == 200 for _ in range(5))
    document = json.dumps({"format": "ve-edu-questions", "version": 1, "questions": []})
    first = client.post(base + "import/", data=document, content_type="application/json")
    assert first.status_code != 429
    second = client.post(base + "import/", data=document, content_type="application/json")
    assert second.status_code == 429 and second.json()["code"] == "throttled"
