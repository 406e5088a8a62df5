"""
Read a course's published chapters and sequentials from the modulestore (inside Studio or the LMS).

Read as Studio's ``contentstore/outlines.py`` reads it: the published branch, depth 2, children of
the course are chapters, theirs are sequentials. The learning_sequences outline is not used: it is
filled asynchronously after publish, so reading it right away would race the publish. Right after a
publish the changed blocks' keys carry branch and version, so every key read here goes through
:mod:`ve_edu_plugin.platform.keys` (as Studio's own ``_remove_version_info`` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import NotFoundError, OutlineUnavailableError
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.platform.course_blocks import PublishedBlock, PublishedCourse
from ve_edu_plugin.platform.keys import unversioned_course_key, unversioned_usage_key
from ve_edu_plugin.platform.presence import MODULESTORE, import_for


def read_published_course(course_key: CourseKey) -> PublishedCourse:
    """
    The published outline of ``course_key``; raises ``NotFoundError`` for an unknown course.

    Without the platform it raises ``PlatformUnavailableError``, which the sync records and does not
    retry (``VE_EDU_OUTLINE_READER`` needs changing, not another attempt).
    """
    store_django = import_for(MODULESTORE)
    store_enum = import_for(MODULESTORE, "xmodule.modulestore").ModuleStoreEnum
    store = store_django.modulestore()
    course_key = unversioned_course_key(course_key)
    try:
        with store.branch_setting(store_enum.Branch.published_only, course_key):
            course = store.get_course(course_key, depth=2)
    except Exception as exc:  # the modulestore raises backend-specific errors (Mongo, MySQL)
        raise OutlineUnavailableError(
            gettext("The modulestore could not read %(course_key)s.") % {"course_key": course_key}
        ) from exc
    if course is None:
        raise NotFoundError(gettext("No published course %(course_key)s.") % {"course_key": course_key})
    return published_course(course)


def published_course(course: Any) -> PublishedCourse:
    """Map a course block (with children loaded to depth 2) to plain data: chapters and their sequentials."""
    return PublishedCourse(
        course_key=str(unversioned_course_key(course.id)),
        title=str(course.display_name_with_default),
        chapters=tuple(
            _published_block(chapter, children=_children_of_type(chapter, "sequential"))
            for chapter in _children_of_type(course, "chapter")
        ),
    )


def _children_of_type(block: Any, block_type: str) -> list[Any]:
    return [child for child in block.get_children() if child.location.block_type == block_type]


def _published_block(block: Any, *, children: Sequence[Any] = ()) -> PublishedBlock:
    return PublishedBlock(
        usage_key=str(unversioned_usage_key(block.location)),
        block_type=block.location.block_type,
        title=str(block.display_name_with_default),
        hide_from_toc=bool(getattr(block, "hide_from_toc", False)),
        staff_only=bool(getattr(block, "visible_to_staff_only", False)),
        children=tuple(_published_block(child) for child in children),
    )
