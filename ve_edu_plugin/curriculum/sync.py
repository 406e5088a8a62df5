"""
Apply an outline plan to the database in one transaction and record the sync run.

The mirror is read in two queries, the pure plan is computed, and every change is written with
bulk statements inside one ``transaction.atomic()``: any failure rolls the whole sync back. Rows
are never deleted: archived nodes keep their ids, questions and attempts.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from django.db import transaction
from django.db.models import CharField, DateTimeField, F, Value
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey, UsageKey

from ve_edu_plugin.curriculum.mirror import SUBTOPIC, TOPIC, MirrorState, NodeState
from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
from ve_edu_plugin.curriculum.outline import CourseOutline
from ve_edu_plugin.curriculum.plan import Add, SyncPlan, apply_plan, plan_sync
from ve_edu_plugin.errors import InvalidCourseExportError
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.i18n import gettext

NodeModel = TypeVar("NodeModel", Topic, Subtopic)

_NODE_FIELDS = ["title", "position", "hide_from_toc", "visible_to_staff_only", "archived", "archived_at"]


@dataclass(frozen=True)
class StoredMirror:
    """The mirror as data plus the database ids of its nodes (by usage key)."""

    state: MirrorState
    topic_ids: dict[str, int] = field(default_factory=dict)
    subtopic_ids: dict[str, int] = field(default_factory=dict)


def _raw(field_name: str) -> Cast:
    """The key column as a plain string: parsing 1,000 usage keys would cost more than the query."""
    return Cast(field_name, output_field=CharField())


def load_mirror(course_key: CourseKey) -> StoredMirror:
    """Read every topic and subtopic of the course, archived ones included (two queries)."""
    topics: dict[str, NodeState] = {}
    topic_ids: dict[str, int] = {}
    topic_rows = (
        Topic.objects.filter(course_key=course_key)
        .annotate(key=_raw("usage_key"))
        .values_list("id", "key", "title", "position", "hide_from_toc", "visible_to_staff_only", "archived")
    )
    for pk, usage_key, title, position, hidden, staff_only, archived in topic_rows:
        key = str(usage_key)
        topic_ids[key] = pk
        topics[key] = NodeState(TOPIC, key, "", title, position, hidden, staff_only, archived)
    subtopics: dict[str, NodeState] = {}
    subtopic_ids: dict[str, int] = {}
    subtopic_rows = (
        Subtopic.objects.filter(course_key=course_key)
        .annotate(key=_raw("usage_key"), parent=_raw("topic__usage_key"))
        .values_list("id", "key", "parent", "title", "position", "hide_from_toc", "visible_to_staff_only", "archived")
    )
    for pk, usage_key, parent, title, position, hidden, staff_only, archived in subtopic_rows:
        key = str(usage_key)
        subtopic_ids[key] = pk
        subtopics[key] = NodeState(SUBTOPIC, key, str(parent), title, position, hidden, staff_only, archived)
    return StoredMirror(MirrorState.of(topics, subtopics), topic_ids, subtopic_ids)


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync did."""

    sync_id: int | None
    plan: SyncPlan
    duration_ms: int
    dry_run: bool = False


def sync_outline(
    course_key: CourseKey,
    outline: CourseOutline,
    *,
    trigger: str,
    dry_run: bool = False,
    sync_run_id: int | None = None,
) -> SyncOutcome:
    """Plan and (unless ``dry_run``) apply ``outline`` to the course's mirror, recording the run."""
    started = time.perf_counter()
    if CourseKey.from_string(outline.course_key) != course_key:
        raise InvalidCourseExportError(
            gettext("The outline read is of %(read)s, not of %(course_key)s.")
            % {"read": outline.course_key, "course_key": course_key}
        )
    stored = load_mirror(course_key)
    plan = plan_sync(stored.state, outline)
    if dry_run:
        return SyncOutcome(None, plan, _elapsed_ms(started), dry_run=True)
    # A no-op writes only its run record (no transaction: one statement); changes are applied
    # and recorded together, so a failure leaves neither.
    with transaction.atomic() if not plan.is_empty else nullcontext():
        if not plan.is_empty:
            _apply(course_key, stored, plan)
        run_id = record_run(
            course_key,
            trigger=trigger,
            status=SyncRun.SUCCEEDED,
            counts=plan.counts(),
            started=started,
            sync_run_id=sync_run_id,
        )
        hooks_api.course_outline_sync_finished(course_key, sync_run_id=run_id, trigger=trigger, counts=plan.counts())
    return SyncOutcome(run_id, plan, _elapsed_ms(started))


def record_run(
    course_key: CourseKey,
    /,
    *,
    trigger: str,
    status: str,
    counts: dict[str, int],
    started: float,
    sync_run_id: int | None,
    error: str = "",
) -> int:
    """
    Write the run's outcome: update the queued row when there is one, else insert (one query).

    Both times come from one clock, ``timezone.now()``: an inserted run takes ``created`` and
    ``finished`` from the same reading, and a queued run (created by the web process, finished by a
    worker whose clock may lag behind) never finishes before it was queued.
    """
    now = timezone.now()
    values: dict[str, object] = {
        "status": status,
        "counts": counts,
        "duration_ms": _elapsed_ms(started),
        "error": error[:2000],
    }
    if sync_run_id is not None:
        finished = Greatest(F("created"), Value(now, output_field=DateTimeField()))
        if SyncRun.objects.filter(id=sync_run_id, course_key=course_key).update(**values, finished=finished):
            return sync_run_id
    return SyncRun.objects.create(course_key=course_key, trigger=trigger, created=now, finished=now, **values).id


def _elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _apply(course_key: CourseKey, stored: StoredMirror, plan: SyncPlan) -> None:
    """Write the plan: new rows with bulk inserts, changed rows with one bulk update per level."""
    final = apply_plan(stored.state, plan)
    now = timezone.now()
    added: dict[str, list[str]] = {TOPIC: [], SUBTOPIC: []}
    changed: dict[str, set[str]] = {TOPIC: set(), SUBTOPIC: set()}
    for operation in plan.operations:
        if isinstance(operation, Add):
            added[operation.level].append(operation.usage_key)
        else:
            changed[operation.level].add(operation.usage_key)

    topic_ids = dict(stored.topic_ids)
    if added[TOPIC]:
        Topic.objects.bulk_create([_row(Topic, final.topics[key], course_key, now) for key in added[TOPIC]])
        new_keys = [UsageKey.from_string(key) for key in added[TOPIC]]
        new_ids = Topic.objects.filter(usage_key__in=new_keys).values_list("usage_key", "id")
        topic_ids.update((str(key), pk) for key, pk in new_ids)
    if changed[TOPIC]:
        rows = [_row(Topic, final.topics[key], course_key, now, pk=topic_ids[key]) for key in changed[TOPIC]]
        Topic.objects.bulk_update(rows, _NODE_FIELDS, batch_size=500)

    new_subtopics: list[Subtopic] = []
    for key in added[SUBTOPIC]:
        node = final.subtopics[key]
        new_subtopics.append(_row(Subtopic, node, course_key, now, topic_id=topic_ids[node.parent_key]))
    if new_subtopics:
        Subtopic.objects.bulk_create(new_subtopics, batch_size=500)
    if changed[SUBTOPIC]:
        rows_s = [
            _row(
                Subtopic,
                final.subtopics[key],
                course_key,
                now,
                pk=stored.subtopic_ids[key],
                topic_id=topic_ids[final.subtopics[key].parent_key],
            )
            for key in changed[SUBTOPIC]
        ]
        Subtopic.objects.bulk_update(rows_s, [*_NODE_FIELDS, "topic"], batch_size=500)


def _row(
    model: type[NodeModel],
    node: NodeState,
    course_key: CourseKey,
    now: datetime,
    *,
    pk: int | None = None,
    topic_id: int | None = None,
) -> NodeModel:
    """A model instance carrying ``node``'s values (``pk`` set for an update, unset for an insert)."""
    values: dict[str, object] = {
        "title": node.title,
        "position": node.position,
        "hide_from_toc": node.hide_from_toc,
        "visible_to_staff_only": node.staff_only,
        "archived": node.archived,
        "archived_at": now if node.archived else None,
    }
    if pk is None:
        values.update(course_key=course_key, usage_key=UsageKey.from_string(node.usage_key))
    else:
        values["id"] = pk
    if topic_id is not None:
        values["topic_id"] = topic_id
    return model(**values)
