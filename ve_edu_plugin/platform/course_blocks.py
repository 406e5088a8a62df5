"""
A course's published blocks as the platform hands them out: plain data of the platform layer.

The platform reads the modulestore and returns these; ``curriculum/readers.py`` maps them into the
curriculum's outline, so the platform layer knows nothing of the layers built on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PublishedBlock:
    """One published block with the children of it that the caller asked for, in course order.

    Attributes:
        usage_key: the unversioned usage key, formatted as the platform formats it.
        block_type: ``chapter``, ``sequential``...
        title: ``display_name_with_default``.
        hide_from_toc: hidden from the course navigation.
        staff_only: ``visible_to_staff_only``.
    """

    usage_key: str
    block_type: str
    title: str
    hide_from_toc: bool = False
    staff_only: bool = False
    children: tuple[PublishedBlock, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PublishedCourse:
    """A published course: its unversioned key, its title and its chapters (with their sequentials)."""

    course_key: str
    title: str
    chapters: tuple[PublishedBlock, ...] = field(default_factory=tuple)
