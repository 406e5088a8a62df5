"""
A reader who asks for Chichewa (``Accept-Language: ny``, or a learner whose LMS language is ny in a
handler) reads every error's title, detail and field messages in Chichewa; the ``code`` stays the same.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import HandlerClient, LearningCourse
from tests.xblocks.test_chichewa_learner_view import _assert_no_english, _words_shown
from tests.xblocks.test_message_catalogues import catalogue
from ve_edu_plugin.questions import transfer
from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db

BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/"
NY = {"HTTP_ACCEPT_LANGUAGE": "ny"}


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM_CONTENT_TYPE)
    body = response.json()
    assert body["code"] == code and body["type"].endswith(code)
    return body


def _assert_chichewa(body: dict[str, Any]) -> None:
    """Title, detail and field messages are the reader's: no English of the plugin's or DRF's left."""
    shown = [body["title"], body["detail"], *(m for ms in body.get("field_errors", {}).values() for m in ms)]
    _assert_no_english([text for value in shown for text in _words_shown(value)] or shown)
    assert body["title"] in set(catalogue("ny").values()), body["title"]


@pytest.fixture
def staff_client(learning_course: LearningCourse, course_member, jwt_client):
    return jwt_client(course_member("teacher", learning_course.course_key, "staff"))


def test_a_400_of_an_invalid_question_is_in_chichewa_with_the_same_code(staff_client):
    payload = {"type": "numeric", "body": {"text": "<p>x</p>", "range": "1, 2", "hints": "h"}}
    body = _problem(staff_client.post(BASE, payload, format="json", **NY), 400, "invalid_question_body")
    assert set(body["field_errors"]) >= {"body.range", "body.hints"}
    _assert_chichewa(body)
    english = _problem(staff_client.post(BASE, payload, format="json"), 400, "invalid_question_body")
    assert english["field_errors"]["body.hints"] == ["must be a list of HTML strings"]
    assert body["field_errors"]["body.hints"] != english["field_errors"]["body.hints"]


def test_django_rest_frameworks_own_validation_messages_are_in_chichewa_too(staff_client):
    body = _problem(staff_client.post(BASE, {"body": {}}, format="json", **NY), 400, "invalid_request")
    assert body["field_errors"]["type"] == [catalogue("ny")["This field is required."]]
    _assert_chichewa(body)


def test_a_403_for_a_learner_is_in_chichewa(learning_course, course_member, jwt_client):
    learner = jwt_client(course_member("ada", learning_course.course_key, "learner"))
    body = _problem(learner.post(BASE, {"type": "numeric"}, format="json", **NY), 403, "permission_denied")
    _assert_chichewa(body)


@pytest.mark.parametrize("url", [f"{BASE}999999/", "/api/ve-edu/v1/no-such-thing/", "/api/ve-edu/v1/health"])
def test_a_404_is_in_chichewa(staff_client, url):
    _assert_chichewa(_problem(staff_client.get(url, **NY), 404, "not_found"))


def test_a_409_of_a_concurrent_import_is_in_chichewa(staff_client, monkeypatch):
    def concurrent(*args: Any) -> None:
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(transfer, "_write", concurrent)
    item = {"id": "n1", "type": "numeric", "body": {"text": "<p>x</p>", "value": 1}}
    document = {"format": "ve-edu-questions", "version": 1, "questions": [item]}
    body = _problem(staff_client.post(f"{BASE}import/?format=json", document, format="json", **NY), 409, "conflict")
    _assert_chichewa(body)


def test_a_429_is_in_chichewa_and_keeps_retry_after(staff_client, settings):
    settings.VE_EDU_RATE_LIMITS = {"staff_write": [0, 60]}
    response = staff_client.post(BASE, {"type": "numeric", "body": {"value": 1}}, format="json", **NY)
    body = _problem(response, 429, "throttled")
    assert 1 <= int(response["Retry-After"]) <= 60 and response["Retry-After"] in body["detail"]
    _assert_chichewa(body)


def test_a_handler_error_reaches_a_chichewa_learner_in_chichewa(learning_course):
    ids = json.dumps([q for ids in learning_course.practice_questions.values() for q in ids][:2])
    client = HandlerClient(f"<ve_timed_assessment question_ids='{ids}' time_limit_minutes='10'/>")
    client.call("start", {})
    client.call("submit", {})
    item = {"question_id": 1, "answer": "1", "client_key": uuid.uuid4().hex, "client_time": timezone.now().isoformat()}
    with translation.override("ny"):
        status, refused = client.call("save", {"answers": [item]})
    assert status == 409 and refused["error"]["code"] == "assessment_closed"
    _assert_no_english(_words_shown(refused["error"]["message"]))
    with translation.override("en"):
        _status, english = client.call("save", {"answers": [item]})
    assert english["error"]["message"] != refused["error"]["message"]


def test_the_framework_messages_listed_are_django_rest_frameworks_own_texts():
    from rest_framework import exceptions, fields, serializers

    from ve_edu_plugin.rest_api import framework_messages

    own: set[str] = set()
    with translation.override("en"):
        for module in (fields, serializers):
            for value in vars(module).values():
                if isinstance(value, type):
                    own.update(str(message) for message in getattr(value, "default_error_messages", {}).values())
        for value in vars(exceptions).values():
            if isinstance(value, type) and issubclass(value, exceptions.APIException):
                own.add(str(value.default_detail))
    listed = set(framework_messages.VALIDATION) | set(framework_messages.EXCEPTIONS)
    assert listed <= own, sorted(listed - own)
