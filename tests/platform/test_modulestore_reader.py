"""The platform reads the published course blocks; the curriculum's reader maps them to outline data.

openedx-platform is not installed here: ``tests.platform.fake_modulestore`` stands in for the split
modulestore (installed in ``sys.modules`` for the duration of a test), and like the real one right
after a publish it hands back keys carrying branch and version.
"""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.platform.fake_modulestore import FakeModulestore, Node, install
from ve_edu_plugin.curriculum.readers import ModulestoreOutlineReader
from ve_edu_plugin.errors import NotFoundError, OutlineUnavailableError
from ve_edu_plugin.platform import api

COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")


@pytest.fixture
def platform_modules(monkeypatch):
    return lambda store: install(monkeypatch, store)


def test_reads_the_published_branch_at_depth_two(platform_modules):
    course = Node(
        "course",
        "2026",
        "MSCE Mathematics",
        [
            Node("chapter", "algebra", "Algebra", [Node("sequential", "quadratics", "Quadratics", hide_from_toc=True)]),
            Node("chapter", "notes", "Notes", [Node("sequential", "wk1", "Week 1")], visible_to_staff_only=True),
            Node("html", "stray", "Not a chapter"),
        ],
    )
    store = platform_modules(FakeModulestore(COURSE, course))
    outline = ModulestoreOutlineReader().read(COURSE)
    assert store.calls == [("published-only", COURSE), ("depth", 2)]
    assert outline.course_key == str(COURSE) and outline.title == "MSCE Mathematics"
    assert [s.usage_key for s in outline.sections] == [
        "block-v1:VE-EDU+MATH34+2026+type@chapter+block@algebra",
        "block-v1:VE-EDU+MATH34+2026+type@chapter+block@notes",
    ]
    assert outline.sections[0].subsections[0].hide_from_toc
    assert outline.sections[1].staff_only


def test_unknown_course_and_store_failures_are_plugin_errors(platform_modules):
    platform_modules(FakeModulestore(COURSE, None))
    with pytest.raises(NotFoundError):
        api.read_published_course(COURSE)
    platform_modules(FakeModulestore(COURSE, None, error=ConnectionError("mongo down")))
    with pytest.raises(OutlineUnavailableError):
        api.read_published_course(COURSE)
