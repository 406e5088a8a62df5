"""The modulestore reader maps the platform's course blocks to outline data.

openedx-platform is not installed here, so the blocks are simple objects with the attributes the
platform's blocks have (``location``, ``display_name_with_default``, ``hide_from_toc``,
``visible_to_staff_only``, ``get_children``) and the modulestore module is provided in
``sys.modules`` for the duration of a test.
"""

from __future__ import annotations

import sys
import types
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import NotFoundError, OutlineUnavailableError
from ve_edu_plugin.platform import api

COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")


@dataclass
class Block:
    block_type: str
    url_name: str
    display_name_with_default: str
    children: list[Block] = field(default_factory=list)
    hide_from_toc: bool = False
    visible_to_staff_only: bool = False

    @property
    def location(self):
        return COURSE.make_usage_key(self.block_type, self.url_name)

    @property
    def id(self):
        return COURSE

    def get_children(self):
        return self.children


class FakeStore:
    def __init__(self, course, error=None):
        self.course, self.error, self.calls = course, error, []

    @contextmanager
    def branch_setting(self, branch, course_key):
        self.calls.append((branch, course_key))
        yield

    def get_course(self, course_key, depth):
        self.calls.append(("depth", depth))
        if self.error:
            raise self.error
        return self.course


@pytest.fixture
def platform_modules(monkeypatch):
    def install(store):
        enum = types.SimpleNamespace(Branch=types.SimpleNamespace(published_only="published-only"))
        modulestore_pkg = types.ModuleType("xmodule.modulestore")
        modulestore_pkg.ModuleStoreEnum = enum
        django_mod = types.ModuleType("xmodule.modulestore.django")
        django_mod.modulestore = lambda: store
        monkeypatch.setitem(sys.modules, "xmodule", types.ModuleType("xmodule"))
        monkeypatch.setitem(sys.modules, "xmodule.modulestore", modulestore_pkg)
        monkeypatch.setitem(sys.modules, "xmodule.modulestore.django", django_mod)
        return store

    return install


def test_reads_the_published_branch_at_depth_two(platform_modules):
    course = Block(
        "course",
        "2026",
        "MSCE Mathematics",
        [
            Block(
                "chapter", "algebra", "Algebra", [Block("sequential", "quadratics", "Quadratics", hide_from_toc=True)]
            ),
            Block("chapter", "notes", "Notes", [Block("sequential", "wk1", "Week 1")], visible_to_staff_only=True),
            Block("html", "stray", "Not a chapter"),
        ],
    )
    store = platform_modules(FakeStore(course))
    outline = api.read_published_outline(COURSE)
    assert store.calls == [("published-only", COURSE), ("depth", 2)]
    assert outline.course_key == str(COURSE) and outline.title == "MSCE Mathematics"
    assert [s.usage_key for s in outline.sections] == [
        "block-v1:VE-EDU+MATH34+2026+type@chapter+block@algebra",
        "block-v1:VE-EDU+MATH34+2026+type@chapter+block@notes",
    ]
    assert outline.sections[0].subsections[0].hide_from_toc
    assert outline.sections[1].staff_only


def test_unknown_course_and_store_failures_are_plugin_errors(platform_modules):
    platform_modules(FakeStore(None))
    with pytest.raises(NotFoundError):
        api.read_published_outline(COURSE)
    platform_modules(FakeStore(None, error=ConnectionError("mongo down")))
    with pytest.raises(OutlineUnavailableError):
        api.read_published_outline(COURSE)
