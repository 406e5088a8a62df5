"""
Read a course's published outline from the platform's modulestore (inside Studio or the LMS).

Read as Studio's ``contentstore/outlines.py`` reads it: the published branch, depth 2, children of
the course are chapters, theirs are sequentials. The learning_sequences outline is not used: it is
filled asynchronously after publish, so reading it right away would race the publish. Right after a
publish the changed blocks' keys carry branch and version, so every key read here goes through
:mod:`ve_edu_plugin.platform.keys` (as Studio's own ``_remove_version_info`` does).
"""

from __future__ import annotations

from typing import Any

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
from ve_edu_plugin.errors import NotFoundError, OutlineUnavailableError
from ve_edu_plugin.platform.keys import unversioned_course_key, unversioned_usage_key
from ve_edu_plugin.platform.presence import MODULESTORE, import_for


def read_published_outline(course_key: CourseKey) -> CourseOutline:
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
        raise OutlineUnavailableError(f"The modulestore could not read {course_key}.") from exc
    if course is None:
        raise NotFoundError(f"No published course {course_key}.")
    return outline_from_course_block(course)


def outline_from_course_block(course: Any) -> CourseOutline:
    """Map a course block (with children loaded) to outline data."""
    sections = []
    for chapter in course.get_children():
        if chapter.location.block_type != "chapter":
            continue
        subsections = tuple(
            OutlineSubsection(
                usage_key=str(unversioned_usage_key(sequential.location)),
                title=str(sequential.display_name_with_default),
                hide_from_toc=bool(getattr(sequential, "hide_from_toc", False)),
                staff_only=bool(getattr(sequential, "visible_to_staff_only", False)),
            )
            for sequential in chapter.get_children()
            if sequential.location.block_type == "sequential"
        )
        sections.append(
            OutlineSection(
                usage_key=str(unversioned_usage_key(chapter.location)),
                title=str(chapter.display_name_with_default),
                hide_from_toc=bool(getattr(chapter, "hide_from_toc", False)),
                staff_only=bool(getattr(chapter, "visible_to_staff_only", False)),
                subsections=subsections,
            )
        )
    return CourseOutline(
        course_key=str(unversioned_course_key(course.id)),
        title=str(course.display_name_with_default),
        sections=tuple(sections),
    )
