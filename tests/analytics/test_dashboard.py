"""The instructor-dashboard tab: added by the openedx-filters step for course staff only, with SVG charts."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from crum import impersonate
from django.test import override_settings
from openedx_filters.learning.filters import InstructorDashboardRenderStarted

from tests.analytics.seed import seed_answers
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.analytics.filters import SECTION_KEY
from ve_edu_plugin.mastery.models import SkillState

pytestmark = pytest.mark.django_db

FILTERS = {
    "org.openedx.learning.instructor.dashboard.render.started.v1": {
        "fail_silently": False,
        "pipeline": ["ve_edu_plugin.analytics.filters.AddMasteryAnalyticsTab"],
    }
}


@pytest.fixture
def analysed(learning_course):
    questions = [learning_course.choice_question, *learning_course.practice_questions[learning_course.subtopic_ids[0]]]
    for n, user in enumerate(seed_answers(learning_course.course_key, questions, learners=12, seed=2)):
        SkillState.objects.create(
            user=user,
            course_key=learning_course.course_key,
            subtopic_id=learning_course.subtopic_ids[0],
            p_mastery=n / 12,
            attempts=5,
            mastered=n > 9,
        )
    analytics_api.run_now(learning_course.course_key)
    return learning_course


def _dashboard(course_key, user) -> dict[str, Any]:
    """Call the filter the way openedx-platform's ``instructor_dashboard_2`` does."""
    page = {"course": SimpleNamespace(id=course_key), "sections": [{"section_key": "course_info"}]}
    with override_settings(OPEN_EDX_FILTERS_CONFIG=FILTERS), impersonate(user):
        context, template = InstructorDashboardRenderStarted.run_filter(
            context=page, template_name="instructor/instructor_dashboard_2/instructor_dashboard_2.html"
        )
    assert template == "instructor/instructor_dashboard_2/instructor_dashboard_2.html"
    assert context is not None
    return context


def test_the_tab_is_added_for_course_staff(analysed, course_member):
    staff = course_member("teacher", analysed.course_key, "staff")
    sections = _dashboard(analysed.course_key, staff)["sections"]
    assert [section["section_key"] for section in sections] == ["course_info", SECTION_KEY]
    tab = sections[1]
    assert tab["template_path_prefix"] == "/instructor_dashboard/"
    html = tab["fragment"].body_html()
    assert html.count("<svg") == 2 and "ve-mastered" in html and "gradebook/?format=csv" in html
    assert "Questions" in html and "Knowledge-tracing fits" in html


def test_learners_and_strangers_do_not_get_the_tab(analysed, course_member, make_user):
    learner = course_member("pupil", analysed.course_key, "learner")
    for user in (learner, make_user("stranger")):
        assert [s["section_key"] for s in _dashboard(analysed.course_key, user)["sections"]] == ["course_info"]


def test_the_tab_loads_nothing_from_another_host(analysed):
    html = analytics_api.dashboard_html(analysed.course_key)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html


def test_the_tab_reads_in_a_fixed_number_of_queries(analysed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        analytics_api.dashboard_html(analysed.course_key)


def test_the_mako_template_is_on_the_platform_lookup_path():
    from ve_edu_plugin.settings import common

    settings = SimpleNamespace(MAKO_TEMPLATE_DIRS_BASE=[])
    common.plugin_settings(settings)
    (directory,) = settings.MAKO_TEMPLATE_DIRS_BASE
    assert (directory / "instructor_dashboard" / f"{SECTION_KEY}.html").is_file()
