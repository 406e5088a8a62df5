"""
The REST endpoints answer with the platform's roles and enrollments, authenticated by its JWTs.

Roles are the platform's own (``CourseStaffRole``, ``CourseInstructorRole``, ``GlobalStaff``
via ``is_staff``), enrollments are ``CourseEnrollment`` rows: the plugin's ``platform`` backend
reads them, nothing is mocked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from conftest import COURSE_ID

if TYPE_CHECKING:
    from opaque_keys.edx.keys import CourseKey

BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}"

pytestmark = pytest.mark.django_db


def test_health_answers_anonymously(jwt_client: Callable[[Any], Any]) -> None:
    response = jwt_client(None).get("/api/ve-edu/v1/health/")
    assert response.status_code == 200, response.content


def test_an_anonymous_request_gets_401(jwt_client: Callable[[Any], Any], course_overview: Any) -> None:
    response = jwt_client(None).get(f"{BASE}/mastery/me/")
    assert response.status_code == 401, response.content


@pytest.fixture
def enrolled_learner(make_user: Callable[..., Any], course_overview: Any) -> Any:
    """A learner with an active enrollment in the course, made by the platform's own factory."""
    from common.djangoapps.student.tests.factories import CourseEnrollmentFactory

    learner = make_user()
    CourseEnrollmentFactory(user=learner, course=course_overview, is_active=True)
    return learner


def test_an_enrolled_learner_reads_their_own_mastery(jwt_client: Callable[[Any], Any], enrolled_learner: Any) -> None:
    learner = enrolled_learner
    response = jwt_client(learner).get(f"{BASE}/mastery/me/")
    assert response.status_code == 200, response.content
    assert response.json()["username"] == learner.username


def test_a_user_who_is_not_enrolled_gets_403(
    jwt_client: Callable[[Any], Any], make_user: Callable[..., Any], course_overview: Any
) -> None:
    response = jwt_client(make_user()).get(f"{BASE}/mastery/me/")
    assert response.status_code == 403, response.content


def test_an_enrolled_learner_may_not_use_staff_endpoints(
    jwt_client: Callable[[Any], Any], enrolled_learner: Any
) -> None:
    response = jwt_client(enrolled_learner).get(f"{BASE}/questions/")
    assert response.status_code == 403, response.content


@pytest.mark.parametrize("role_name", ["CourseStaffRole", "CourseInstructorRole"])
def test_course_staff_and_instructors_list_questions(
    jwt_client: Callable[[Any], Any],
    make_user: Callable[..., Any],
    course_overview: Any,
    course_key: CourseKey,
    role_name: str,
) -> None:
    from common.djangoapps.student import roles

    member = make_user()
    getattr(roles, role_name)(course_key).add_users(member)
    response = jwt_client(member).get(f"{BASE}/questions/")
    assert response.status_code == 200, response.content


def test_global_staff_read_a_learners_mastery(
    jwt_client: Callable[[Any], Any], make_user: Callable[..., Any], course_overview: Any
) -> None:
    staff, learner = make_user(is_staff=True), make_user()
    response = jwt_client(staff).get(f"{BASE}/mastery/", {"username": learner.username})
    assert response.status_code == 200, response.content


def test_only_instructors_role_counts_for_instructor_questions(
    make_user: Callable[..., Any], course_overview: Any, course_key: CourseKey
) -> None:
    from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole

    from ve_edu_plugin.platform import api as platform_api

    staff, instructor = make_user(), make_user()
    CourseStaffRole(course_key).add_users(staff)
    CourseInstructorRole(course_key).add_users(instructor)
    assert platform_api.is_course_staff(staff, course_key)
    assert not platform_api.is_course_instructor(staff, course_key)
    assert platform_api.is_course_instructor(instructor, course_key)


def test_a_chichewa_reader_gets_the_problem_in_chichewa_with_the_same_code(
    jwt_client: Any, make_user: Any, course_overview: Any, settings: Any
) -> None:
    """
    Chichewa is not among the platform's UI ``LANGUAGES`` (only ``ALL_LANGUAGES``): the operator
    adds it, as here; then the platform's LocaleMiddleware reads Accept-Language.
    """
    settings.LANGUAGES = [*settings.LANGUAGES, ("ny", "Chichewa")]
    response = jwt_client(make_user()).get(f"{BASE}/mastery/me/", HTTP_ACCEPT_LANGUAGE="ny")
    assert response.status_code == 403, response.content
    problem = response.json()
    assert problem["code"] == "permission_denied"
    assert problem["title"] == "Simukuloledwa" and "enrolled" not in problem["detail"], problem
