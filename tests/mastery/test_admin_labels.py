"""The Django admin reads as English: plural names, and validation messages without Python reprs."""

from __future__ import annotations

import pytest

from ve_edu_plugin.mastery.admin import CourseMasteryPolicyForm
from ve_edu_plugin.mastery.models import CourseMasteryPolicy, SkillParameters


def test_plural_names() -> None:
    assert str(CourseMasteryPolicy._meta.verbose_name_plural) == "course mastery policies"
    assert str(SkillParameters._meta.verbose_name_plural) == "skill parameters"


@pytest.mark.django_db
def test_a_bad_policy_is_explained_without_a_python_dict() -> None:
    form = CourseMasteryPolicyForm(
        data={"course_key": "course-v1:VE-EDU+X+2026", "policy": '{"kind": "correct_in_a_row", "count": 0}'}
    )
    assert not form.is_valid()
    messages = form.errors["policy"]
    assert messages and not any("{" in message or "[" in message for message in messages), messages
    assert any(str(message).startswith("count:") for message in messages)
