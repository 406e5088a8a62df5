"""
The outline diff: stored mirror + published outline -> an ordered plan of operations (pure).

Plan-then-apply (the Command pattern): the plan is a tuple of small operation objects that can
be printed for a dry run, applied to a :class:`MirrorState` here (for property tests), and
applied to the database in one transaction by ``curriculum/sync.py``. The same outline gives an
empty plan, so a no-op resync writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ve_edu_plugin.curriculum.mirror import SUBTOPIC, TOPIC, MirrorState, NodeState, target_state
from ve_edu_plugin.curriculum.outline import CourseOutline


@dataclass(frozen=True)
class Operation:
    """Base of every plan step; ``kind`` names the step in sync-run counts."""

    kind: str
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

    kind: str = field(default="add", init=False)
    node: NodeState

    def describe(self) -> str:
        where = f" under {self.node.parent_key}" if self.node.parent_key else ""
        return f"add {self.level} {self.usage_key} {self.node.title!r} at {self.node.position}{where}"

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = self.node


@dataclass(frozen=True)
class Change(Operation):
    """
    A known node whose stored values change; every step but ``add`` is one (see ``_changes``).

    ``values`` are the node's new values by ``NodeState`` field, ``detail`` is what a dry run prints.
    """

    values: Mapping[str, Any] = field(hash=False)
    detail: str

    def describe(self) -> str:
        return self.detail

    def apply_to(self, nodes: dict[str, NodeState]) -> None:
        nodes[self.usage_key] = replace(nodes[self.usage_key], **self.values)


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
                    archives.append(
                        Change("archive", level, key, values={"archived": True}, detail=f"archive {level} {key}")
                    )
                continue
            operations.extend(_changes(level, current, wanted))
    return SyncPlan(outline.course_key, tuple(operations + archives))


def _changes(level: str, current: NodeState, wanted: NodeState) -> list[Operation]:
    """The steps that turn a known node into the wanted one: restore, move or reorder, rename, visibility."""
    key = current.usage_key
    node = f"{level} {key}"

    def change(kind: str, detail: str, **values: Any) -> Change:
        return Change(kind, level, key, values=values, detail=detail)

    changes: list[Operation] = []
    if current.archived:
        changes.append(change("restore", f"restore {node}", archived=False))
    if current.parent_key != wanted.parent_key:
        moved = f"from {current.parent_key} to {wanted.parent_key} at {wanted.position}"
        changes.append(change("move", f"move {node} {moved}", parent_key=wanted.parent_key, position=wanted.position))
    elif current.position != wanted.position:
        reordered = f"reorder {node} {current.position} -> {wanted.position}"
        changes.append(change("reorder", reordered, position=wanted.position))
    if current.title != wanted.title:
        renamed = f"rename {node} {current.title!r} -> {wanted.title!r}"
        changes.append(change("rename", renamed, title=wanted.title))
    if (current.hide_from_toc, current.staff_only) != (wanted.hide_from_toc, wanted.staff_only):
        shown = f"visibility of {node}: hide_from_toc={wanted.hide_from_toc} staff_only={wanted.staff_only}"
        changes.append(change("visibility", shown, hide_from_toc=wanted.hide_from_toc, staff_only=wanted.staff_only))
    return changes


def apply_plan(mirror: MirrorState, plan: SyncPlan) -> MirrorState:
    """The mirror after ``plan`` (pure; the database applier must agree with it)."""
    topics, subtopics = dict(mirror.topics), dict(mirror.subtopics)
    for operation in plan.operations:
        operation.apply_to(topics if operation.level == TOPIC else subtopics)
    return MirrorState.of(topics, subtopics)
