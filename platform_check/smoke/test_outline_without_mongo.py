"""
How the outline read behaves in the platform's modulestore when MongoDB is not there.

The split modulestore keeps its course index in SQL (``SplitModulestoreCourseIndex``) and the
course structures in MongoDB. So without MongoDB an unknown course is still a plain "not found",
and a course that is indexed but whose structure cannot be fetched must fail as the plugin's own
``OutlineUnavailableError`` (recorded on the sync run and retried), not with the driver's error.
The second check is skipped when a MongoDB answers (it would then find no such structure).
"""

from __future__ import annotations

import socket

import pytest

pytestmark = pytest.mark.django_db


def _mongo_answers() -> bool:
    from django.conf import settings

    config = settings.CONTENTSTORE["DOC_STORE_CONFIG"]
    try:
        socket.create_connection((config.get("host", "localhost"), config.get("port", 27017)), timeout=1).close()
    except OSError:
        return False
    return True


def test_a_course_missing_from_the_index_is_not_found(course_key) -> None:
    from ve_edu_plugin.errors import NotFoundError
    from ve_edu_plugin.platform import api as platform_api

    with pytest.raises(NotFoundError):
        platform_api.read_published_course(course_key)


def test_an_indexed_course_whose_structure_is_unreachable_is_unavailable() -> None:
    """Takes pymongo's server selection timeout (30 s) to fail."""
    if _mongo_answers():
        pytest.skip("MongoDB answers: the structure store is reachable")
    from common.djangoapps.split_modulestore_django.models import SplitModulestoreCourseIndex
    from django.utils import timezone
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.errors import OutlineUnavailableError
    from ve_edu_plugin.platform import api as platform_api

    # Another course than the first check's: the modulestore caches index lookups per request.
    course_key = CourseKey.from_string("course-v1:VE+INDEXED+2026")
    now = timezone.now()
    SplitModulestoreCourseIndex.objects.create(
        objectid="5f0000000000000000000001",
        course_id=course_key,
        org=course_key.org,
        draft_version="5f0000000000000000000002",
        published_version="5f0000000000000000000003",
        base_store="mongodb",
        edited_by_id=1,
        edited_on=now,
        last_update=now,
    )
    with pytest.raises(OutlineUnavailableError):
        platform_api.read_published_course(course_key)
