"""Lists that name the values of an enum come from that enum, so adding a value cannot miss one."""

from __future__ import annotations

from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.grading.bodies import QuestionType
from ve_edu_plugin.questions import api as questions_api
from xblocks.question_block import SHOW_ANSWER_CHOICES


def test_question_types_are_the_enum_values_in_order():
    assert [member.value for member in QuestionType] == questions_api.QUESTION_TYPES


def test_the_show_answer_choices_offer_every_policy_value_once():
    values = [choice["value"] for choice in SHOW_ANSWER_CHOICES]
    assert sorted(values) == sorted(member.value for member in grading_api.ShowAnswer)
