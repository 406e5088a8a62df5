"""
The plugin's XBlocks load by entry point and render in a platform runtime.

The runtime is the platform's own test runtime (``xmodule.tests.get_test_system``: its i18n
service, a stub user service). The LMS courseware runtime proper (``block_render``) loads
blocks from the modulestore, which needs MongoDB: see docs/platform-check.rst.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from xblock.core import XBlock

if TYPE_CHECKING:
    from opaque_keys.edx.keys import CourseKey

BLOCKS = {
    "ve_question": "xblocks.question_block.VeQuestionBlock",
    "ve_adaptive_practice": "xblocks.practice_block.VeAdaptivePracticeBlock",
    "ve_mastery_overview": "xblocks.overview_block.VeMasteryOverviewBlock",
    "ve_timed_assessment": "xblocks.timed_block.VeTimedAssessmentBlock",
}


@pytest.mark.parametrize(("block_type", "class_path"), sorted(BLOCKS.items()))
def test_the_block_loads_by_its_entry_point(block_type: str, class_path: str) -> None:
    block_class = XBlock.load_class(block_type)
    assert f"{block_class.__module__}.{block_class.__name__}" == class_path


def _construct(block_type: str, course_key: CourseKey, user: Any) -> Any:
    from xblock.field_data import DictFieldData
    from xblock.fields import ScopeIds
    from xmodule.tests import get_test_system

    # A real user: the overview block reads the learner's id from the user service, as in the LMS.
    runtime = get_test_system(course_id=course_key, user=user)
    usage_key = course_key.make_usage_key(block_type, "smoke")
    scope_ids = ScopeIds(None, block_type, usage_key, usage_key)
    return runtime.construct_xblock_from_class(XBlock.load_class(block_type), scope_ids, DictFieldData({}))


@pytest.mark.django_db
@pytest.mark.parametrize("block_type", sorted(BLOCKS))
@pytest.mark.parametrize("view", ["student_view", "studio_view"])
def test_an_unconfigured_block_renders(block_type: str, view: str, course_key: CourseKey, make_user: Any) -> None:
    block = _construct(block_type, course_key, make_user())
    fragment = block.runtime.render(block, view, {})
    assert fragment.content.strip()
