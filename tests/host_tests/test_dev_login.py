"""The dev host's ``/login/`` gives every demo user a session the REST API accepts."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from opaque_keys.edx.keys import CourseKey

COURSE_ID = "course-v1:VE-EDU+MATH34+2026"
API = f"/api/ve-edu/v1/courses/{COURSE_ID}"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("dev_urls"),
]


@pytest.fixture
def dev_urls():
    with override_settings(ROOT_URLCONF="tests.host.urls_dev", LOGIN_REDIRECT_URL="/login/"):
        yield


def _log_in(username: str) -> Client:
    """Log in through the form as a browser does: the page's CSRF token, then the POST."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    assert page.status_code == 200 and b'name="username"' in page.content
    response = client.post(
        "/login/",
        {"username": username, "password": "pw", "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.mark.parametrize(
    ("username", "role", "path"), [("teacher", "staff", "/questions/"), ("learner", "learner", "/attempts/")]
)
def test_a_demo_user_logs_in_and_calls_the_api_with_the_session(course_member, username, role, path):
    course_member(username, CourseKey.from_string(COURSE_ID), role)
    client = _log_in(username)
    assert client.get(API + path).status_code == 200
    assert f"Logged in as <strong>{username}</strong>".encode() in client.get("/login/").content


def test_the_admin_login_refuses_a_teacher(course_member):
    """Why the page exists: Django admin's login admits staff only."""
    course_member("teacher", CourseKey.from_string(COURSE_ID), "staff")
    response = Client().post("/admin/login/", {"username": "teacher", "password": "pw"})
    assert response.status_code == 200  # the form again, with an error; no session
    assert "_auth_user_id" not in response.client.session


def test_logging_out_ends_the_session(course_member):
    course_member("learner", CourseKey.from_string(COURSE_ID), "learner")
    client = _log_in("learner")
    csrf = client.cookies["csrftoken"].value
    assert client.post("/logout/", {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert client.get(API + "/attempts/").status_code in (401, 403)


def test_wrong_password_is_refused():
    response = Client().post("/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200 and b"Wrong username or password" in response.content
