"""``ve_mastery_overview``: a learner sees only their own mastery and what to practise; staff see the class."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.platform.models import StandaloneCourseRole

pytestmark = pytest.mark.django_db

XML = '<ve_mastery_overview display_name="My progress" suggestions="2"/>'


def _state(username, course, subtopic_id, p_mastery, mastered=False):
    user, _ = get_user_model().objects.get_or_create(username=username)
    SkillState.objects.create(
        user=user,
        course_key=course.course_key,
        subtopic_id=subtopic_id,
        p_mastery=p_mastery,
        attempts=4,
        mastered=mastered,
    )
    return user


def test_a_learner_sees_only_their_own_mastery_and_weak_subtopics(learning_course):
    first, second, third = learning_course.subtopic_ids[:3]
    _state("learner", learning_course, first, 0.97, mastered=True)
    _state("learner", learning_course, second, 0.1)
    _state("learner", learning_course, third, 0.15)  # below the prior of the subtopics not started
    _state("someone-else", learning_course, second, 0.99, mastered=True)
    html = HandlerClient(XML, student="learner").block.student_view().body_html()
    assert "ve-learner-view" in html and "ve-class-view" not in html
    assert "1/2 mastered" in html  # section 0: one of its two subtopics, from this learner's states only
    assert html.count('<a href="/courses/') == 2, "the two weakest unmastered subtopics"
    weakest, next_weakest = (Subtopic.objects.get(pk=pk) for pk in (second, third))
    assert html.index(f"jump_to/{weakest.usage_key}") < html.index(f"jump_to/{next_weakest.usage_key}")


def test_course_staff_see_the_class_view(learning_course):
    teacher = get_user_model().objects.create(username="teacher")
    StandaloneCourseRole.objects.create(user=teacher, course_key=learning_course.course_key, role="staff")
    analytics_api.run_now(learning_course.course_key)
    html = HandlerClient(XML, student="teacher").block.student_view().body_html()
    assert "ve-class-view" in html and "<svg" in html and "ve-learner-view" not in html


def test_studio_edits_the_title_and_suggestions_for_staff_only(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    author = HandlerClient(XML, student="author")
    fields = {field["name"]: field for field in author.block.studio_view({}).json_init_args["fields"]}
    assert set(fields) == {"display_name", "suggestions"}
    status, refused = author.call("save_settings", {"values": {"suggestions": 99}})
    assert status == 400 and set(refused["error"]["field_errors"]) == {"suggestions"}
    status, _saved = author.call("save_settings", {"values": {"display_name": "Where I stand", "suggestions": 4}})
    assert status == 200 and (author.block.display_name, author.block.suggestions) == ("Where I stand", 4)
    learner = HandlerClient(XML, student="learner")
    status, _refused = learner.call("save_settings", {"values": {"suggestions": 1}})
    assert status == 403


def test_a_course_whose_outline_was_never_synced_shows_a_note_not_an_error(db):
    from django.utils import translation

    client = HandlerClient(XML, student="learner")
    html = client.block.student_view({}).content
    assert "once the course outline is ready" in html
    with translation.override("ny"):
        assert "once the course outline" not in client.block.student_view({}).content
