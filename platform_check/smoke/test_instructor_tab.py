"""
The analytics tab joins the LMS instructor dashboard through the platform's own filter.

``InstructorDashboardRenderStarted`` is the class the platform's ``instructor_dashboard_2`` view
runs; the pipeline is configured as an operator would (``OPEN_EDX_FILTERS_CONFIG``), and the
section's template is found on the platform's mako lookup, where the plugin settings put it.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import only_in_lms

pytestmark = [pytest.mark.django_db, only_in_lms]

FILTER = "org.openedx.learning.instructor.dashboard.render.started.v1"
TEMPLATE = "instructor_dashboard/instructor_dashboard_2/instructor_dashboard_2.html"


@pytest.fixture
def tab_configured(settings: Any) -> None:
    settings.OPEN_EDX_FILTERS_CONFIG = {
        FILTER: {"fail_silently": False, "pipeline": ["ve_edu_plugin.analytics.filters.AddMasteryAnalyticsTab"]}
    }


def _run_filter(user: Any, course_overview: Any) -> dict[str, Any]:
    from crum import impersonate
    from openedx_filters.learning.filters import InstructorDashboardRenderStarted

    with impersonate(user):
        context, template_name = InstructorDashboardRenderStarted.run_filter(
            context={"course": course_overview, "sections": [{"section_key": "course_info"}]},
            template_name=TEMPLATE,
        )
    assert template_name == TEMPLATE and context is not None
    return context


def test_course_staff_get_the_tab_and_the_platforms_mako_lookup_renders_it(
    tab_configured: None, make_user: Any, course_overview: Any, course_key: Any
) -> None:
    from common.djangoapps.edxmako.shortcuts import render_to_string
    from common.djangoapps.student.roles import CourseStaffRole

    staff = make_user()
    CourseStaffRole(course_key).add_users(staff)
    sections = _run_filter(staff, course_overview)["sections"]
    assert [section["section_key"] for section in sections] == ["course_info", "ve_edu_analytics"]
    section = sections[-1]
    # The platform's dashboard includes "${template_path_prefix}${section_key}.html".
    html = render_to_string(
        f"{section['template_path_prefix']}{section['section_key']}.html", {"section_data": section}
    )
    assert "ve-edu" in html


def test_a_learner_gets_the_dashboard_unchanged(tab_configured: None, make_user: Any, course_overview: Any) -> None:
    sections = _run_filter(make_user(), course_overview)["sections"]
    assert [section["section_key"] for section in sections] == ["course_info"]
