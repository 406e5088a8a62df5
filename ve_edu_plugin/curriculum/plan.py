"""
The outline diff: stored mirror + published outline -> an ordered plan of operations (pure).

Plan-then-apply (the Command pattern): the plan is a tuple of small operation objects that can
be printed for a dry run, applied to a :class:`MirrorState` here (for property tests), and
applied to the database in one transaction by ``curriculum/sync.py``. The same outline gives an
empty plan, so a no-op resync writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from ve_edu_plugin.curriculum.mirror import SUBTOPIC, TOPIC, MirrorState, NodeState, target_state
from ve_edu_plugin.curriculum.outline import CourseOutline


@dataclass(frozen=True)
class Operation:
    """Base of every plan step; ``kind`` names the step in sync-run counts."""

    kind: ClassVar[str] = "operation"
    level: str
    usage_key: str

    def describe(self) -> str:
        raise NotImplementedError

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        """Apply this step to the mutable node map of its level."""
        raise NotImplementedError


@dataclass(frozen=True)
class Add(Operation):
    """A node published for the first time."""

    kind: ClassVar[str] = "add"
    node: NodeState

    def describe(self) -> str:
        where = f" under {self.node.parent_key}" if self.node.parent_key else ""
        return f"add {self.level} {self.usage_key} {self.node.title!r} at {self.node.position}{where}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = self.node


@dataclass(frozen=True)
class Restore(Operation):
    """An archived node published again under the same usage key: its links come back with it."""

    kind: ClassVar[str] = "restore"

    def describe(self) -> str:
        return f"restore {self.level} {self.usage_key}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], archived=False)


@dataclass(frozen=True)
class Rename(Operation):
    """The display name changed."""

    kind: ClassVar[str] = "rename"
    old_title: str
    new_title: str

    def describe(self) -> str:
        return f"rename {self.level} {self.usage_key} {self.old_title!r} -> {self.new_title!r}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], title=self.new_title)


@dataclass(frozen=True)
class Move(Operation):
    """A subsection now sits in another section (its subtopic keeps its id and links)."""

    kind: ClassVar[str] = "move"
    old_parent: str
    new_parent: str
    position: int

    def describe(self) -> str:
        return f"move {self.level} {self.usage_key} from {self.old_parent} to {self.new_parent} at {self.position}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], parent_key=self.new_parent, position=self.position)


@dataclass(frozen=True)
class Reorder(Operation):
    """The node's position among its siblings changed."""

    kind: ClassVar[str] = "reorder"
    old_position: int
    new_position: int

    def describe(self) -> str:
        return f"reorder {self.level} {self.usage_key} {self.old_position} -> {self.new_position}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], position=self.new_position)


@dataclass(frozen=True)
class ChangeVisibility(Operation):
    """``hide_from_toc`` or ``visible_to_staff_only`` changed."""

    kind: ClassVar[str] = "visibility"
    hide_from_toc: bool
    staff_only: bool

    def describe(self) -> str:
        return (
            f"visibility of {self.level} {self.usage_key}: "
            f"hide_from_toc={self.hide_from_toc} staff_only={self.staff_only}"
        )

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(
            nodes[self.usage_key], hide_from_toc=self.hide_from_toc, staff_only=self.staff_only
        )


@dataclass(frozen=True)
class Archive(Operation):
    """The node is gone from the published outline; it is kept, flagged, never deleted."""

    kind: ClassVar[str] = "archive"

    def describe(self) -> str:
        return f"archive {self.level} {self.usage_key}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], archived=True)


@dataclass(frozen=True)
class SyncPlan:
    """The ordered operations that turn a mirror into the published outline."""

    course_key: str
    operations: tuple[Operation, ...]

    @property
    def is_empty(self) -> bool:
        return not self.operations

    def counts(self) -> dict[str, int]:
        """Number of operations per kind and level, e.g. ``{"add_topic": 2, "rename_subtopic": 1}``."""
        counts: dict[str, int] = {}
        for operation in self.operations:
            name = f"{operation.kind}_{operation.level}"
            counts[name] = counts.get(name, 0) + 1
        return counts

    def describe(self) -> list[str]:
        """One printable line per operation, for dry runs and logs."""
        return [operation.describe() for operation in self.operations]


def plan_sync(mirror: MirrorState, outline: CourseOutline) -> SyncPlan:
    """
    Compute the plan that turns ``mirror`` into the mirror of ``outline``.

    Order: topics before subtopics (a subtopic may need a new topic); per node, restore/add first,
    then moves, renames, reorders and visibility; archives last.
    """
    target = target_state(mirror, outline)
    operations: list[Operation] = []
    archives: list[Operation] = []
    for level in (TOPIC, SUBTOPIC):
        current_nodes, target_nodes = mirror.nodes(level), target.nodes(level)
        for key, wanted in target_nodes.items():
            current = current_nodes.get(key)
            if current is None:
                operations.append(Add(level, key, wanted))
                continue
            if wanted.archived:
                if not current.archived:
                    archives.append(Archive(level, key))
                continue
            operations.extend(_changes(level, current, wanted))
    return SyncPlan(outline.course_key, tuple(operations + archives))


def _changes(level: str, current: NodeState, wanted: NodeState) -> list[Operation]:
    changes: list[Operation] = []
    key = current.usage_key
    if current.archived:
        changes.append(Restore(level, key))
    if current.parent_key != wanted.parent_key:
        changes.append(Move(level, key, current.parent_key, wanted.parent_key, wanted.position))
    elif current.position != wanted.position:
        changes.append(Reorder(level, key, current.position, wanted.position))
    if current.title != wanted.title:
        changes.append(Rename(level, key, current.title, wanted.title))
    if (current.hide_from_toc, current.staff_only) != (wanted.hide_from_toc, wanted.staff_only):
        changes.append(ChangeVisibility(level, key, wanted.hide_from_toc, wanted.staff_only))
    return changes


def apply_plan(mirror: MirrorState, plan: SyncPlan) -> MirrorState:
    """The mirror after ``plan`` (pure; the database applier must agree with it)."""
    topics, subtopics = dict(mirror.topics), dict(mirror.subtopics)
    for operation in plan.operations:
        operation.apply_to(topics if operation.level == TOPIC else subtopics)
    return MirrorState.of(topics, subtopics)
