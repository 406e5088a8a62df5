"""
Outline sync of a 50 x 20 course: plan-then-apply against delete-and-replace.

Targets (issue "Course outline sync"): first sync < 1 s; no-op resync < 50 ms with at most 3
queries; 10 mixed changes < 100 ms. Both strategies get the outline in memory, so the figures
are the plugin's own cost (reading the outline is the platform's, measured separately for OLX).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.harness import Row, median_seconds, print_table

if TYPE_CHECKING:
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.curriculum.outline import CourseOutline

SECTIONS, SUBSECTIONS = 50, 20
COURSE = "course-v1:VE-EDU+BENCH+2026"


def _outline() -> CourseOutline:
    from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection

    def key(kind: str, name: str) -> str:
        return f"block-v1:VE-EDU+BENCH+2026+type@{kind}+block@{name}"

    return CourseOutline(
        COURSE,
        "Bench",
        tuple(
            OutlineSection(
                key("chapter", f"c{i}"),
                f"Section {i}",
                subsections=tuple(
                    OutlineSubsection(key("sequential", f"c{i}s{j}"), f"Subsection {i}.{j}") for j in range(SUBSECTIONS)
                ),
            )
            for i in range(SECTIONS)
        ),
    )


def _ten_changes(outline: CourseOutline) -> CourseOutline:
    """3 renames, 2 moves, 2 reorders (a swap), 2 adds, 1 archive: 10 operations."""
    from ve_edu_plugin.curriculum.outline import OutlineSubsection

    sections = list(outline.sections)
    s0, s1 = list(sections[0].subsections), list(sections[1].subsections)
    s0[0] = replace(s0[0], title="Renamed A")
    s0[1] = replace(s0[1], title="Renamed B")
    s1[0] = replace(s1[0], title="Renamed C")
    moved = [sections[2].subsections[-1], sections[3].subsections[-1]]
    s1.extend(moved)
    new = [OutlineSubsection(f"block-v1:VE-EDU+BENCH+2026+type@sequential+block@new{n}", f"New {n}") for n in range(2)]
    s0.extend(new)
    sections[0] = replace(sections[0], subsections=tuple(s0))
    sections[1] = replace(sections[1], subsections=tuple(s1))
    sections[2] = replace(sections[2], subsections=sections[2].subsections[:-1])
    sections[3] = replace(sections[3], subsections=sections[3].subsections[:-1])
    sections[4] = replace(sections[4], subsections=sections[4].subsections[:-1])  # archive one
    sections[10], sections[11] = sections[11], sections[10]
    return replace(outline, sections=tuple(sections))


def _delete_and_replace(course_key: CourseKey, outline: CourseOutline) -> None:
    """The naive strategy: drop the course's rows and write the outline again (ids change)."""
    from django.db import connection, transaction
    from opaque_keys.edx.keys import UsageKey

    from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic

    with transaction.atomic(), connection.cursor() as cursor:
        # As a real implementation would: one bulk DELETE per table in the transaction, not
        # Django's cascade collector (which queries every related table, even for a no-op).
        for statement in (
            "DELETE FROM ve_edu_plugin_subtopic WHERE course_key = %s",
            "DELETE FROM ve_edu_plugin_topic WHERE course_key = %s",
        ):
            cursor.execute(statement, [str(course_key)])
        topics = Topic.objects.bulk_create(
            [
                Topic(course_key=course_key, usage_key=UsageKey.from_string(s.usage_key), title=s.title, position=i)
                for i, s in enumerate(outline.sections)
            ]
        )
        ids = dict(Topic.objects.filter(course_key=course_key).values_list("usage_key", "id"))
        Subtopic.objects.bulk_create(
            [
                Subtopic(
                    course_key=course_key,
                    usage_key=UsageKey.from_string(sub.usage_key),
                    title=sub.title,
                    position=j,
                    topic_id=ids[UsageKey.from_string(section.usage_key)],
                )
                for section in outline.sections
                for j, sub in enumerate(section.subsections)
            ],
            batch_size=500,
        )
        SyncRun.objects.create(course_key=course_key, trigger="command", status="succeeded")
        assert topics


def run() -> list[Row]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
    from ve_edu_plugin.curriculum.sync import sync_outline

    course_key = CourseKey.from_string(COURSE)
    outline, changed = _outline(), _ten_changes(_outline())

    def clear() -> None:
        Subtopic.objects.filter(course_key=course_key).delete()
        Topic.objects.filter(course_key=course_key).delete()
        SyncRun.objects.filter(course_key=course_key).delete()

    def ours(target: CourseOutline) -> None:
        sync_outline(course_key, target, trigger="command")

    first = median_seconds(lambda: ours(outline), repeat=5, setup=clear)
    first_base = median_seconds(lambda: _delete_and_replace(course_key, outline), repeat=5, setup=clear)

    clear()
    ours(outline)
    noop = median_seconds(lambda: ours(outline), repeat=30)
    with CaptureQueriesContext(connection) as queries:
        ours(outline)
    noop_base = median_seconds(lambda: _delete_and_replace(course_key, outline), repeat=10)

    def reset_to_outline() -> None:
        clear()
        ours(outline)

    mixed = median_seconds(lambda: ours(changed), repeat=10, setup=reset_to_outline)
    reset_to_outline()
    from ve_edu_plugin.curriculum.plan import plan_sync
    from ve_edu_plugin.curriculum.sync import load_mirror

    operations = len(plan_sync(load_mirror(course_key).state, changed).operations)
    mixed_base = median_seconds(lambda: _delete_and_replace(course_key, changed), repeat=10, setup=reset_to_outline)
    clear()

    olx_read = _olx_read_seconds(outline)
    ms = 1000.0
    rows = [
        Row("first sync (1,050 nodes)", first * ms, first_base * ms, "ms", "< 1000 ms", first < 1.0),
        Row(
            "no-op resync",
            noop * ms,
            noop_base * ms,
            "ms",
            "< 50 ms, <= 3 queries",
            noop < 0.05 and len(queries) <= 3,
            note=f"({len(queries)} queries)",
        ),
        Row(f"{operations} mixed changes", mixed * ms, mixed_base * ms, "ms", "< 100 ms", mixed < 0.1),
    ]
    print_table(
        f"Outline sync, {SECTIONS} x {SUBSECTIONS} course on {connection.vendor} (median)", "delete+replace", rows
    )
    print(f"  (reading the same outline from an OLX export on disk: {olx_read * ms:.1f} ms, not included above)")
    return rows


def _olx_read_seconds(outline: CourseOutline) -> float:
    from tests.curriculum.olx_builder import Chap, Seq, write_export
    from ve_edu_plugin.curriculum.olx_reader import read_olx_outline

    chapters = [
        Chap(
            s.usage_key.rsplit("@", 1)[1], s.title, [Seq(x.usage_key.rsplit("@", 1)[1], x.title) for x in s.subsections]
        )
        for s in outline.sections
    ]
    with tempfile.TemporaryDirectory() as tmp:
        export = write_export(Path(tmp), chapters, org="VE-EDU", number="BENCH", run="2026")
        return median_seconds(lambda: read_olx_outline(export), repeat=5)
