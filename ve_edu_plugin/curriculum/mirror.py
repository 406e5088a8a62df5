"""
The stored mirror of an outline as plain data (pure, no Django), so the diff can be computed
and property-tested without a database.

A mirror holds every topic and subtopic ever synced for a course, archived ones included:
archiving keeps the rows (and the questions and attempts attached to them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ve_edu_plugin.curriculum.outline import CourseOutline

TOPIC = "topic"
SUBTOPIC = "subtopic"


@dataclass(frozen=True)
class NodeState:
    """One mirrored topic (section) or subtopic (subsection).

    Attributes:
        level: ``"topic"`` or ``"subtopic"``.
        usage_key: the block's usage key; the mirror's identity of the node.
        parent_key: for a subtopic, the usage key of its current topic; ``""`` for a topic.
        title: the block's display name.
        position: 0-based order among its active siblings (kept as it was when archived).
        hide_from_toc: hidden from the course navigation.
        staff_only: visible to staff only.
        archived: no longer in the published outline; kept with its links.
    """

    level: str
    usage_key: str
    parent_key: str
    title: str
    position: int
    hide_from_toc: bool = False
    staff_only: bool = False
    archived: bool = False


def _frozen(nodes: Mapping[str, NodeState] | None) -> Mapping[str, NodeState]:
    return MappingProxyType(dict(nodes or {}))


@dataclass(frozen=True)
class MirrorState:
    """All mirrored nodes of one course, keyed by usage key."""

    topics: Mapping[str, NodeState] = field(default_factory=lambda: _frozen(None))
    subtopics: Mapping[str, NodeState] = field(default_factory=lambda: _frozen(None))

    @classmethod
    def of(cls, topics: Mapping[str, NodeState], subtopics: Mapping[str, NodeState]) -> MirrorState:
        return cls(topics=_frozen(topics), subtopics=_frozen(subtopics))

    def nodes(self, level: str) -> Mapping[str, NodeState]:
        return self.topics if level == TOPIC else self.subtopics

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MirrorState):
            return NotImplemented
        return dict(self.topics) == dict(other.topics) and dict(self.subtopics) == dict(other.subtopics)

    def __hash__(self) -> int:
        return hash((frozenset(self.topics.items()), frozenset(self.subtopics.items())))


def target_state(mirror: MirrorState, outline: CourseOutline) -> MirrorState:
    """
    The mirror as it must be after syncing ``outline``: every published node active at its
    position, every other known node archived with its last known title, parent and position.
    """
    topics: dict[str, NodeState] = {}
    subtopics: dict[str, NodeState] = {}
    for position, section in enumerate(outline.sections):
        topics[section.usage_key] = NodeState(
            TOPIC, section.usage_key, "", section.title, position, section.hide_from_toc, section.staff_only
        )
        for sub_position, subsection in enumerate(section.subsections):
            subtopics[subsection.usage_key] = NodeState(
                SUBTOPIC,
                subsection.usage_key,
                section.usage_key,
                subsection.title,
                sub_position,
                subsection.hide_from_toc,
                subsection.staff_only,
            )
    for key, node in mirror.topics.items():
        if key not in topics:
            topics[key] = replace(node, archived=True)
    for key, node in mirror.subtopics.items():
        if key not in subtopics:
            subtopics[key] = replace(node, archived=True)
    return MirrorState.of(topics, subtopics)
