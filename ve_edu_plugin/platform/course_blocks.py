"""
A course's published blocks as the platform hands them out: plain data of the platform layer.

The platform reads the modulestore and returns these; ``curriculum/readers.py`` maps them into the
curriculum's outline, so the platform layer knows nothing of the layers built on it. Where a block
sits for learners (``Placement``) is declared once here: the outline's sections and subsections
keep exactly these fields of their blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Placement:
    """Where a published block sits for learners: its key, its title and whether it is shown.

    Attributes:
        usage_key: the unversioned usage key, formatted as the platform formats it
            (``block-v1:ORG+COURSE+RUN+type@sequential+block@<url_name>``).
        title: ``display_name_with_default``.
        hide_from_toc: hidden from the course navigation.
        staff_only: ``visible_to_staff_only`` (a subsection inherits it from its section, as in the platform).
    """

    usage_key: str
    title: str
    hide_from_toc: bool = False
    staff_only: bool = False


@dataclass(frozen=True)
class PublishedBlock(Placement):
    """One published block with the children of it that the caller asked for, in course order.

    Attributes:
        children: the blocks under it that were read, in course order.
        block_type: ``chapter``, ``sequential``... (keyword-only, so it follows the inherited
            ``Placement`` fields with defaults; it is last in the constructor too).
    """

    children: tuple[PublishedBlock, ...] = field(default_factory=tuple)
    block_type: str = field(kw_only=True)


@dataclass(frozen=True)
class PublishedCourse:
    """A published course: its unversioned key, its title and its chapters (with their sequentials)."""

    course_key: str
    title: str
    chapters: tuple[PublishedBlock, ...] = field(default_factory=tuple)
