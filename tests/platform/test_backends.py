"""Role and enrollment questions go through the configured platform backend."""

from __future__ import annotations

import pytest
from django.test import override_settings
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import errors
from ve_edu_plugin.platform import api
from ve_edu_plugin.platform.models import StandaloneCourseRole

COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")
OTHER = CourseKey.from_string("course-v1:VE-EDU+PHYS34+2026")


@pytest.mark.django_db
def test_standalone_roles(make_user):
    learner, staff, instructor, admin = (
        make_user("learner"),
        make_user("staff"),
        make_user("instructor"),
        make_user("admin", is_staff=True),
    )
    StandaloneCourseRole.objects.create(user=learner, course_key=COURSE, role="learner")
    StandaloneCourseRole.objects.create(user=staff, course_key=COURSE, role="staff")
    StandaloneCourseRole.objects.create(user=instructor, course_key=COURSE, role="instructor")

    assert api.is_enrolled(learner, COURSE) and not api.is_course_staff(learner, COURSE)
    assert api.is_course_staff(staff, COURSE) and not api.is_course_instructor(staff, COURSE)
    assert api.is_course_instructor(instructor, COURSE) and api.is_course_staff(instructor, COURSE)
    assert api.is_course_staff(admin, OTHER)
    assert not api.is_enrolled(learner, OTHER) and not api.is_course_staff(staff, OTHER)


@pytest.mark.django_db
def test_anonymous_user_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert not api.can_view_course(AnonymousUser(), COURSE)


@override_settings(VE_EDU_PLATFORM_BACKEND="platform")
def test_platform_backend_imports_openedx_platform_lazily(make_user):
    """Outside the platform the backend can be chosen; using it says which setting to change."""
    backend = api.get_backend()
    for question in (backend.is_enrolled, backend.is_course_staff, backend.is_course_instructor):
        with pytest.raises(errors.PlatformUnavailableError, match="VE_EDU_PLATFORM_BACKEND = 'standalone'"):
            question(object(), COURSE)


@override_settings(VE_EDU_PLATFORM_BACKEND="nonsense")
def test_unknown_backend_is_a_clear_error():
    with pytest.raises(errors.InternalError, match="VE_EDU_PLATFORM_BACKEND"):
        api.get_backend()
