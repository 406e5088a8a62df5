"""A request that needs openedx-platform where there is none answers 503 ``platform_unavailable``."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE

COURSE_ID = "course-v1:VE-EDU+MATH34+2026"
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        f"/api/ve-edu/v1/courses/{COURSE_ID}/outline/",  # staff only: asks is_course_staff
        f"/api/ve-edu/v1/courses/{COURSE_ID}/mastery/me/",  # members: asks is_enrolled first
    ],
)
def test_platform_backend_without_the_platform_is_a_503_problem(path, settings, course_member, jwt_client):
    teacher = course_member("teacher", CourseKey.from_string(COURSE_ID), "staff")
    settings.VE_EDU_PLATFORM_BACKEND = "platform"
    response = jwt_client(teacher).get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["code"] == "platform_unavailable"
    assert body["type"] == "urn:ve-edu:problem:platform_unavailable"
    assert "VE_EDU_PLATFORM_BACKEND = 'standalone'" in body["detail"]
    assert body["request_id"]  # as on every problem; the detail, not a 500, says it is a configuration fault
