"""The pure outline diff: properties with hypothesis, and each kind of change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ve_edu_plugin.curriculum.mirror import MirrorState, target_state
from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
from ve_edu_plugin.curriculum.plan import apply_plan, plan_sync

COURSE = "course-v1:VE-EDU+TEST101+2026"
SECTION_KEYS = [f"block-v1:VE-EDU+TEST101+2026+type@chapter+block@c{i}" for i in range(6)]
SUB_KEYS = [f"block-v1:VE-EDU+TEST101+2026+type@sequential+block@s{i}" for i in range(14)]


@st.composite
def outlines(draw: st.DrawFn) -> CourseOutline:
    """Random outlines drawn from a small pool of keys, so successive outlines share nodes."""
    section_keys = draw(st.lists(st.sampled_from(SECTION_KEYS), unique=True, max_size=len(SECTION_KEYS)))
    sub_keys = draw(st.permutations(SUB_KEYS))
    count = draw(st.integers(0, len(SUB_KEYS)))
    sub_keys = list(sub_keys[:count])
    sections = []
    for index, key in enumerate(section_keys):
        mine = sub_keys[index :: len(section_keys)] if section_keys else []
        sections.append(
            OutlineSection(
                key,
                draw(st.sampled_from(["Algebra", "Geometry", "Trigonometry"])),
                draw(st.booleans()),
                draw(st.booleans()),
                tuple(
                    OutlineSubsection(sub, draw(st.sampled_from(["A", "B"])), draw(st.booleans()), draw(st.booleans()))
                    for sub in mine
                ),
            )
        )
    return CourseOutline(COURSE, "Course", tuple(sections))


@settings(max_examples=300, deadline=None)
@given(st.lists(outlines(), min_size=1, max_size=4))
def test_applying_the_plan_yields_the_target_and_a_resync_is_empty(history):
    mirror = MirrorState()
    for outline in history:
        plan = plan_sync(mirror, outline)
        after = apply_plan(mirror, plan)
        assert after == target_state(mirror, outline)
        assert plan_sync(after, outline).is_empty
        mirror = after


@given(outlines())
def test_plan_of_an_outline_against_its_own_mirror_is_empty(outline):
    assert plan_sync(target_state(MirrorState(), outline), outline).operations == ()


def _outline(*sections: tuple[str, str, list[tuple[str, str]]], hidden: frozenset[str] = frozenset()) -> CourseOutline:
    return CourseOutline(
        COURSE,
        "Course",
        tuple(
            OutlineSection(
                key, title, key in hidden, False, tuple(OutlineSubsection(s, t, s in hidden) for s, t in subs)
            )
            for key, title, subs in sections
        ),
    )


def test_each_kind_of_change_is_one_operation():
    a, b = SECTION_KEYS[:2]
    s1, s2, s3 = SUB_KEYS[:3]
    before = _outline((a, "Algebra", [(s1, "Quadratics"), (s2, "Inequalities")]), (b, "Graphs", [(s3, "Gradient")]))
    mirror = target_state(MirrorState(), before)

    after = _outline(
        (b, "Graphs and functions", [(s3, "Gradient"), (s1, "Quadratics")]),
        (a, "Algebra", []),
        hidden=frozenset({s3}),
    )
    plan = plan_sync(mirror, after)
    assert plan.counts() == {
        "reorder_topic": 2,
        "rename_topic": 1,
        "move_subtopic": 1,
        "visibility_subtopic": 1,
        "archive_subtopic": 1,
    }
    assert [line.split()[0] for line in plan.describe()][-1] == "archive"

    restored = plan_sync(apply_plan(mirror, plan), before)
    assert restored.counts()["restore_subtopic"] == 1
    assert "move_subtopic" in restored.counts()
