"""
Who may call what, as one table: every REST endpoint and block handler x the eight kinds of caller.

``ALLOWED`` passes the permission check (any status but 401/403; a 400 for the probe's minimal body
counts), ``DENIED`` is 403 for a signed-in caller and 401 for an anonymous one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
from opaque_keys.edx.keys import CourseKey
from rest_framework.test import APIClient

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import HandlerClient, LearningCourse

pytestmark = pytest.mark.django_db(transaction=True)

OTHER = CourseKey.from_string("course-v1:VE-EDU+OTHER+2026")
ROLES = (
    "anonymous",
    "no_role",
    "learner",
    "learner_elsewhere",
    "staff_elsewhere",
    "course_staff",
    "inactive_staff",
    "global_staff",
)
STAFF = {"course_staff", "global_staff"}
MEMBERS = STAFF | {"learner"}
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}"

#: (method, path, body) -> the roles allowed; every other role is denied.
ENDPOINTS: list[tuple[str, str, Any, set[str]]] = [
    ("get", "/api/ve-edu/v1/health/", None, set(ROLES)),
    ("get", f"{BASE}/outline/", None, STAFF),
    ("post", f"{BASE}/outline/sync/", {}, STAFF),
    ("get", f"{BASE}/outline/syncs/", None, STAFF),
    ("get", f"{BASE}/outline/topics/{{topic}}/", None, STAFF),
    ("patch", f"{BASE}/outline/subtopics/{{subtopic}}/", {}, STAFF),
    ("get", f"{BASE}/questions/", None, STAFF),
    ("post", f"{BASE}/questions/", {}, STAFF),
    ("post", f"{BASE}/questions/import/", {}, STAFF),
    ("get", f"{BASE}/questions/export/", None, STAFF),
    ("get", f"{BASE}/questions/imports/{{import_run}}/", None, STAFF),
    ("get", f"{BASE}/questions/{{question}}/", None, STAFF),
    ("put", f"{BASE}/questions/{{question}}/", {}, STAFF),
    ("post", f"{BASE}/questions/{{question}}/retire/", {}, STAFF),
    ("post", f"{BASE}/questions/{{question}}/preview/", {"answer": "b"}, STAFF),
    ("get", f"{BASE}/questions/{{question}}/versions/", None, STAFF),
    ("post", f"{BASE}/questions/drafts/preview/", {"type": "numeric", "body": {"text": "1?", "value": 1}}, STAFF),
    ("get", f"{BASE}/mastery/me/", None, MEMBERS),
    ("get", f"{BASE}/mastery/?username=learner", None, STAFF),
    ("get", f"{BASE}/attempts/", None, MEMBERS),
]
HANDLERS: list[tuple[str, dict[str, Any], set[str]]] = [
    ("save_settings", {"values": {"display_name": "Renamed"}}, STAFF),
]


@pytest.fixture
def callers(learning_course: LearningCourse, course_member, make_user) -> dict[str, Any]:
    key = learning_course.course_key
    users = {
        "no_role": make_user("no_role"),
        "learner": course_member("learner", key, "learner"),
        "learner_elsewhere": course_member("learner_elsewhere", OTHER, "learner"),
        "staff_elsewhere": course_member("staff_elsewhere", OTHER, "staff"),
        "course_staff": course_member("course_staff", key, "staff"),
        "inactive_staff": course_member("inactive_staff", key, "staff"),
        "global_staff": make_user("global_staff", is_staff=True),
    }
    users["inactive_staff"].is_active = False
    users["inactive_staff"].save()
    return users


def _client(role: str, users: dict[str, Any]) -> APIClient:
    """Signed in with a JWT, as the platform's frontends are (an inactive user's token still decodes)."""
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"JWT {generate_jwt(users[role])}")
    return client


def test_every_endpoint_and_handler_for_every_role(learning_course: LearningCourse, callers) -> None:
    from ve_edu_plugin.curriculum import api as curriculum_api
    from ve_edu_plugin.questions import api as questions_api

    subtopic = curriculum_api.Subtopic.objects.filter(course_key=learning_course.course_key).first()
    assert subtopic is not None
    run = questions_api.start_import(learning_course.course_key, b"id,type,text,answer\n", filename="bank.csv")
    ids = {
        "question": learning_course.choice_question,
        "subtopic": subtopic.id,
        "topic": subtopic.topic_id,
        "import_run": run.pk,
    }
    wrong: list[str] = []
    cells = 0
    for method, template, body, allowed in ENDPOINTS:
        path = template.format(**ids)
        for role in ROLES:
            client = _client(role, callers)
            kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
            status = getattr(client, method)(path, **kwargs).status_code
            cells += 1
            expected_ok = role in allowed
            if expected_ok and status in (401, 403):
                wrong.append(f"{role} {method.upper()} {path}: {status}, expected allowed")
            if not expected_ok and status != (401 if role == "anonymous" else 403):
                wrong.append(f"{role} {method.upper()} {path}: {status}, expected denied")
    for handler, data, allowed in HANDLERS:
        for role in ROLES:
            if role == "anonymous":
                continue  # the runtime hands the blocks no anonymous user; the LMS refuses first
            handler_client = HandlerClient("<ve_question/>", student=callers[role].username)
            status, _body = handler_client.call(handler, data)
            cells += 1
            if (role in allowed) != (status == 200):
                wrong.append(f"{role} handler {handler}: {status}")
    assert not wrong, "\n".join(wrong)
    assert cells == len(ENDPOINTS) * len(ROLES) + len(HANDLERS) * (len(ROLES) - 1)
