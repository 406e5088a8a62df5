"""A block seen under a versioned usage key (Studio right after a publish) is the same block, in the same course."""

from __future__ import annotations

import json
import uuid

import pytest
from bson import ObjectId
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import CourseLocator
from webob import Request
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from tests.curriculum.olx_builder import COURSE_ID
from ve_edu_plugin.attempts.models import Attempt
from xblocks import compat
from xblocks.question_block import VeQuestionBlock

pytestmark = pytest.mark.django_db

COURSE = CourseKey.from_string(COURSE_ID)


def _block_at_version(version: ObjectId, question_id: int):
    """The same ``ve_question`` as the runtime hands it over after the publish of ``version``."""
    from workbench.runtime import WorkbenchRuntime

    versioned = CourseLocator(COURSE.org, COURSE.course, COURSE.run, branch="published-branch", version_guid=version)
    usage_key = versioned.make_usage_key("ve_question", "q1")
    runtime = WorkbenchRuntime(user_id="learner")
    # The workbench's own store keys its rows by its string ids; a platform key needs plain field data.
    ids = ScopeIds("learner", "ve_question", usage_key, usage_key)
    block = runtime.construct_xblock_from_class(VeQuestionBlock, ids, field_data=DictFieldData({}))
    block.question_id = str(question_id)
    block.max_attempts = 2
    return runtime, block


def _submit(runtime, block, answer: str) -> tuple[int, dict]:
    body = json.dumps({"answer": answer, "client_key": uuid.uuid4().hex}).encode()
    response = runtime.handle(block, "submit", Request.blank("/", method="POST", body=body))
    return response.status_code, json.loads(response.body)


def test_the_course_and_usage_key_of_a_versioned_block_are_plain(learning_course):
    _, block = _block_at_version(ObjectId(), learning_course.choice_question)
    assert compat.course_key_of(block) == COURSE
    assert compat.usage_key_string(block) == str(COURSE.make_usage_key("ve_question", "q1"))


def test_attempts_under_two_versions_of_the_key_count_for_one_block(learning_course):
    first_runtime, first = _block_at_version(ObjectId(), learning_course.choice_question)
    status, answered = _submit(first_runtime, first, "a")
    assert status == 200, answered
    second_runtime, second = _block_at_version(ObjectId(), learning_course.choice_question)  # after another publish
    status, answered = _submit(second_runtime, second, "c")
    assert status == 200, answered
    assert answered["result"]["attempts_used"] == 2 and answered["question"]["done"], answered
    keys = set(Attempt.objects.values_list("block_usage_key", flat=True))
    assert keys == {compat.usage_key_string(first)}
