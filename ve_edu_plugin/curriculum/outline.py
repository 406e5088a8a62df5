"""
The published outline of a course as the readers produce it (pure data, no Django).

Both readers (modulestore and OLX export) build these, with usage keys formatted exactly as the
platform formats them, so the sync does not care where an outline came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutlineSubsection:
    """A published subsection (sequential).

    Attributes:
        usage_key: ``block-v1:ORG+COURSE+RUN+type@sequential+block@<url_name>``.
        title: ``display_name_with_default``.
        hide_from_toc: hidden from the course navigation.
        staff_only: ``visible_to_staff_only`` (inherited from the section, as in the platform).
    """

    usage_key: str
    title: str
    hide_from_toc: bool = False
    staff_only: bool = False


@dataclass(frozen=True)
class OutlineSection:
    """A published section (chapter) with its subsections in course order."""

    usage_key: str
    title: str
    hide_from_toc: bool = False
    staff_only: bool = False
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
