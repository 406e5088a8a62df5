"""
The published outline of a course as the readers produce it (pure data, no Django).

Both readers (modulestore and OLX export) build these, with usage keys formatted exactly as the
platform formats them, so the sync does not care where an outline came from. A section and a
subsection are placed as the platform places its blocks (``platform.course_blocks.Placement``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ve_edu_plugin.platform.course_blocks import Placement


@dataclass(frozen=True)
class OutlineSubsection(Placement):
    """A published subsection (sequential): its usage key, title and visibility (``Placement``)."""


@dataclass(frozen=True)
class OutlineSection(Placement):
    """A published section (chapter) with its subsections in course order."""

    subsections: tuple[OutlineSubsection, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CourseOutline:
    """The published outline of one course: its sections in order."""

    course_key: str
    title: str
    sections: tuple[OutlineSection, ...] = field(default_factory=tuple)

    @property
    def subsection_count(self) -> int:
        return sum(len(section.subsections) for section in self.sections)
