"""
Where a published outline comes from, chosen by ``VE_EDU_OUTLINE_READER``.

``modulestore`` reads the platform's published branch (the default inside Studio and the LMS);
``olx`` reads a course export named in ``VE_EDU_OLX_EXPORTS`` (the dev host, tests, and sites that
sync from exports). Both return the same :class:`CourseOutline`.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Protocol

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import setting
from ve_edu_plugin.curriculum.olx_reader import read_olx_outline
from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
from ve_edu_plugin.errors import InternalError, InvalidCourseExportError
from ve_edu_plugin.platform import api as platform_api


class OutlineReader(Protocol):
    """Reads the published outline of one course."""

    def read(self, course_key: CourseKey) -> CourseOutline: ...


class ModulestoreOutlineReader:
    """The platform's modulestore, published branch."""

    def read(self, course_key: CourseKey) -> CourseOutline:
        return outline_of(platform_api.read_published_course(course_key))


def _placement(block: platform_api.PublishedBlock) -> dict[str, Any]:
    """What a section and a subsection both keep of their block: its ``Placement`` fields."""
    return {item.name: getattr(block, item.name) for item in fields(platform_api.Placement)}


def outline_of(course: platform_api.PublishedCourse) -> CourseOutline:
    """The curriculum's outline of a published course: chapters become sections, sequentials subsections."""
    sections = (
        OutlineSection(
            **_placement(chapter),
            subsections=tuple(OutlineSubsection(**_placement(sequential)) for sequential in chapter.children),
        )
        for chapter in course.chapters
    )
    return CourseOutline(course_key=course.course_key, title=course.title, sections=tuple(sections))


class OlxOutlineReader:
    """A course export listed in ``VE_EDU_OLX_EXPORTS`` (or the path given explicitly)."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def read(self, course_key: CourseKey) -> CourseOutline:
        path = self.path or setting("VE_EDU_OLX_EXPORTS").get(str(course_key))
        if not path:
            raise InvalidCourseExportError(f"VE_EDU_OLX_EXPORTS names no export for {course_key}.")
        return read_olx_outline(path, expected_course_key=str(course_key))


READERS: dict[str, type[OutlineReader]] = {"modulestore": ModulestoreOutlineReader, "olx": OlxOutlineReader}


def get_reader(*, olx_path: str | None = None) -> OutlineReader:
    """The configured reader; an explicit export path always means the OLX reader."""
    if olx_path:
        return OlxOutlineReader(olx_path)
    name = setting("VE_EDU_OUTLINE_READER")
    try:
        return READERS[name]()
    except KeyError as exc:
        raise InternalError(f"VE_EDU_OUTLINE_READER must be one of {sorted(READERS)}, not {name!r}.") from exc
