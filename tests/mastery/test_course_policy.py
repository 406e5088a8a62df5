"""A course's mastery policy is data, validated when staff store it, and read by the learner loop."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.mastery.admin import CourseMasteryPolicyForm

COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")


@pytest.mark.django_db
def test_the_course_policy_defaults_to_the_threshold_setting_and_can_be_stored(settings):
    settings.VE_EDU_MASTERY_THRESHOLD = 0.9
    assert mastery_api.course_policy(COURSE).to_dict() == {"kind": "bkt_threshold", "threshold": 0.9}
    form = CourseMasteryPolicyForm(
        data={"course_key": str(COURSE), "policy": '{"kind": "correct_in_a_row", "count": 3}'}
    )
    assert form.is_valid(), form.errors
    form.save()
    assert mastery_api.course_policy(COURSE).to_dict() == {"kind": "correct_in_a_row", "count": 3}


@pytest.mark.django_db
def test_a_bad_policy_is_refused_with_the_field_named():
    form = CourseMasteryPolicyForm(
        data={"course_key": str(COURSE), "policy": '{"kind": "bkt_threshold", "treshold": 2}'}
    )
    assert not form.is_valid()
    assert "treshold" in str(form.errors["policy"])
