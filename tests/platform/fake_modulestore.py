"""
A stand-in for the platform's split modulestore, for the code that reads it (openedx-platform is not
installed here).

Blocks have the attributes the platform's blocks have (``location``, ``display_name_with_default``,
``hide_from_toc``, ``visible_to_staff_only``, ``get_children``), and ``get_course`` hands back fresh
blocks each time, as the real store does. Like the real store in the Studio process right after a
publish (see ``_remove_version_info`` in the platform's ``cms/djangoapps/contentstore/outlines.py``),
the keys it hands back carry the branch they were read from and the version of the latest
publish: ``course-v1:...+branch@published-branch+version@<guid>`` and
``block-v1:...+branch@published-branch+version@<guid>+type@...``. Every ``publish()`` makes a new
version, so code that stores those keys as they come gets new ids at every publish.
"""

from __future__ import annotations

import sys
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bson import ObjectId
from opaque_keys.edx.keys import CourseKey, UsageKey
from opaque_keys.edx.locator import CourseLocator

PUBLISHED_BRANCH = "published-branch"


@dataclass
class Node:
    """A block of the course as authored: what a publish makes visible."""

    block_type: str
    url_name: str
    display_name: str
    children: list[Node] = field(default_factory=list)
    hide_from_toc: bool = False
    visible_to_staff_only: bool = False


@dataclass
class LoadedBlock:
    """A block as ``get_course`` returns it: with the key of the version it was read from."""

    location: UsageKey
    display_name_with_default: str
    children: list[LoadedBlock]
    hide_from_toc: bool
    visible_to_staff_only: bool
    id: CourseKey | None = None  # the course block's ``id``

    def get_children(self) -> list[LoadedBlock]:
        return self.children


class FakeModulestore:
    """One course; ``publish()`` moves the published branch to a new version."""

    def __init__(self, course_key: CourseKey, course: Node | None, error: Exception | None = None) -> None:
        self.course_key, self.course, self.error = course_key, course, error
        self.calls: list[tuple[Any, ...]] = []
        self.version = ObjectId()

    def publish(self) -> None:
        self.version = ObjectId()

    @property
    def published_key(self) -> CourseLocator:
        """The course key the published branch hands out: with branch and version."""
        return CourseLocator(
            org=self.course_key.org,
            course=self.course_key.course,
            run=self.course_key.run,
            branch=PUBLISHED_BRANCH,
            version_guid=self.version,
        )

    @contextmanager
    def branch_setting(self, branch: str, course_key: CourseKey):
        self.calls.append((branch, course_key))
        yield

    def get_course(self, course_key: CourseKey, depth: int) -> LoadedBlock | None:
        self.calls.append(("depth", depth))
        if self.error:
            raise self.error
        if self.course is None or course_key != self.course_key:
            return None
        loaded = self._load(self.course, self.published_key)
        loaded.id = self.published_key
        return loaded

    def _load(self, node: Node, course_key: CourseLocator) -> LoadedBlock:
        return LoadedBlock(
            location=course_key.make_usage_key(node.block_type, node.url_name),
            display_name_with_default=node.display_name,
            children=[self._load(child, course_key) for child in node.children],
            hide_from_toc=node.hide_from_toc,
            visible_to_staff_only=node.visible_to_staff_only,
        )


def install(monkeypatch: Any, store: FakeModulestore) -> FakeModulestore:
    """Provide ``xmodule.modulestore`` and ``xmodule.modulestore.django`` serving ``store``."""
    enum = types.SimpleNamespace(Branch=types.SimpleNamespace(published_only="published-only"))
    modulestore_pkg = types.ModuleType("xmodule.modulestore")
    modulestore_pkg.ModuleStoreEnum = enum  # type: ignore[attr-defined]
    django_mod = types.ModuleType("xmodule.modulestore.django")
    django_mod.modulestore = lambda: store  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "xmodule", types.ModuleType("xmodule"))
    monkeypatch.setitem(sys.modules, "xmodule.modulestore", modulestore_pkg)
    monkeypatch.setitem(sys.modules, "xmodule.modulestore.django", django_mod)
    return store
