"""The demo course's timed tests work on a fresh dev host (Must show 7: the mock-paper preset too)."""

from __future__ import annotations

import json
import os
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

import ve_edu_plugin
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.curriculum.models import Topic

pytestmark = pytest.mark.django_db
COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")
UNITS = os.path.join(os.path.dirname(ve_edu_plugin.__file__), "demo", "course", "vertical")


def _demo_block(unit: str) -> dict[str, str]:
    element = ElementTree.parse(os.path.join(UNITS, unit)).getroot().find("ve_timed_assessment")
    assert element is not None
    return dict(element.attrib)


@pytest.fixture
def demo(settings, capsys):
    settings.VE_EDU_OUTLINE_READER = "olx"
    settings.VE_EDU_OLX_EXPORTS = {str(COURSE): os.path.join(settings.BASE_DIR, "ve_edu_plugin", "demo", "course")}
    call_command("ve_edu_dev_setup")
    capsys.readouterr()


def test_the_demo_mock_paper_and_end_of_topic_test_can_be_taken(demo, make_user):
    mock = _demo_block("exam_technique_unit.xml")
    rows, errors = assessments_api.parse_blueprint(json.loads(mock["blueprint"]))
    assert not errors and assessments_api.blueprint_shortfalls(COURSE, rows) == []
    config = assessments_api.AssessmentSettings(time_limit_minutes=120, blueprint=tuple(rows), shuffle_questions=True)
    state = assessments_api.start_session(make_user("demo-learner"), COURSE, "mock", config, now=timezone.now())
    assert len(state.questions) == 30

    end_of_topic = _demo_block("algebra_inequalities_unit.xml")
    from ve_edu_plugin.questions import api as questions_api

    ids = [questions_api.question_id_for_ref(COURSE, ref) for ref in json.loads(end_of_topic["question_ids"])]
    assert len(ids) == 10


def test_the_mock_paper_preset_mixes_every_published_topic(demo):
    rows = assessments_api.mock_paper_rows(COURSE)
    with_questions = set(
        Topic.objects.filter(course_key=COURSE, subtopics__questions__status="published").values_list("id", flat=True)
    )
    assert {row.topic_id for row in rows} == with_questions and len(with_questions) >= 6
    assert assessments_api.blueprint_shortfalls(COURSE, rows) == []
