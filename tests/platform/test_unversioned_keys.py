"""Keys read from the platform are stored without branch and version, so ids survive any number of publishes."""

from __future__ import annotations

import pytest
from bson import ObjectId
from opaque_keys.edx.keys import CourseKey, UsageKey
from opaque_keys.edx.locator import CourseLocator
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_PUBLISHED

from tests.platform.fake_modulestore import PUBLISHED_BRANCH, FakeModulestore, Node, install
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.curriculum import scheduling
from ve_edu_plugin.curriculum.models import Subtopic, Topic
from ve_edu_plugin.platform.keys import unversioned_course_key, unversioned_usage_key, unversioned_usage_key_string
from ve_edu_plugin.signals import handlers

COURSE = CourseKey.from_string("course-v1:VE-EDU+MATH34+2026")
VERSIONED = CourseLocator("VE-EDU", "MATH34", "2026", branch=PUBLISHED_BRANCH, version_guid=ObjectId())


def _outline() -> Node:
    return Node(
        "course",
        "2026",
        "MSCE Mathematics",
        [
            Node("chapter", "algebra", "Algebra", [Node("sequential", "quadratics", "Quadratics")]),
            Node("chapter", "geometry", "Geometry", [Node("sequential", "circles", "Circles")]),
        ],
    )


def test_branch_and_version_are_stripped_from_course_and_usage_keys():
    assert str(VERSIONED).endswith(f"+branch@{PUBLISHED_BRANCH}+version@{VERSIONED.version_guid}")
    assert unversioned_course_key(VERSIONED) == COURSE
    assert unversioned_course_key(VERSIONED.for_branch("draft-branch")) == COURSE
    block = VERSIONED.make_usage_key("sequential", "quadratics")
    assert str(unversioned_usage_key(block)) == "block-v1:VE-EDU+MATH34+2026+type@sequential+block@quadratics"
    assert unversioned_usage_key_string(block) == str(COURSE.make_usage_key("sequential", "quadratics"))


def test_keys_without_branch_or_version_come_back_as_they_are():
    plain = COURSE.make_usage_key("problem", "p1")
    assert unversioned_course_key(COURSE) is COURSE and unversioned_usage_key(plain) is plain
    library_block = UsageKey.from_string("lb:VE-EDU:algebra:problem:p1")
    assert unversioned_usage_key(library_block) is library_block
    version_only = CourseLocator(version_guid=ObjectId())
    assert unversioned_course_key(version_only) is version_only, "no org, course and run to fall back on"
    assert unversioned_usage_key_string("ve_question.ve_question_1.d0.u0") == "ve_question.ve_question_1.d0.u0"


def _ids_by_usage_key() -> dict[str, int]:
    nodes: list[Topic | Subtopic] = [*Topic.objects.all(), *Subtopic.objects.all()]
    return {str(node.usage_key): node.id for node in nodes}


@pytest.mark.django_db
def test_publishing_twice_with_versioned_keys_keeps_the_same_ids(monkeypatch, settings):
    settings.VE_EDU_OUTLINE_READER = "modulestore"
    store = install(monkeypatch, FakeModulestore(COURSE, _outline()))
    first = curriculum_api.sync_course_outline(COURSE, trigger="course_published")
    assert first.plan.counts() == {"add_topic": 2, "add_subtopic": 2}
    ids = _ids_by_usage_key()
    assert set(ids) == {
        f"block-v1:VE-EDU+MATH34+2026+type@{kind}+block@{name}"
        for kind, name in [("chapter", "algebra"), ("chapter", "geometry"), ("sequential", "quadratics"),
                           ("sequential", "circles")]
    }  # fmt: skip

    for _ in range(2):
        store.publish()  # a new version: every key handed out changes
        again = curriculum_api.sync_course_outline(COURSE, trigger="course_published")
        assert again.plan.is_empty, again.plan
    assert _ids_by_usage_key() == ids
    assert Topic.objects.count() == 2 and Subtopic.objects.count() == 2
    assert not Subtopic.objects.filter(archived=True).exists()


@pytest.mark.django_db
def test_a_sync_asked_with_the_versioned_course_key_mirrors_the_plain_course(monkeypatch, settings):
    settings.VE_EDU_OUTLINE_READER = "modulestore"
    install(monkeypatch, FakeModulestore(COURSE, _outline()))
    outcome = curriculum_api.sync_course_outline(VERSIONED, trigger="course_published")
    assert outcome.plan.counts() == {"add_topic": 2, "add_subtopic": 2}
    assert set(Topic.objects.values_list("course_key", flat=True)) == {COURSE}


@pytest.mark.django_db
def test_a_publish_signal_with_versioned_keys_schedules_the_plain_course(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(scheduling, "send_sync_task", lambda key, trigger, **kw: sent.append((str(key), trigger)))
    with django_capture_on_commit_callbacks(execute=True):
        XBLOCK_PUBLISHED.send_event(
            xblock_info=XBlockData(usage_key=VERSIONED.make_usage_key("vertical", "v1"), block_type="vertical")
        )
        handlers.schedule_sync_on_course_published(course_key=VERSIONED.for_branch(None))
    assert sent == [(str(COURSE), "xblock_published")], "one debounced sync, of the plain course"
