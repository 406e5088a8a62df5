"""
Keys read from the platform, in the one form the plugin stores and compares: no branch, no version.

Split-modulestore keys may carry a branch (``+branch@published-branch``) and a version
(``+version@<guid>``). The platform notes (``cms/djangoapps/contentstore/outlines.py``,
``_remove_version_info``) that in the Studio process, right after a publish, the blocks that
changed come back from the published branch with both in their keys. Such a key prints, hashes and
compares differently from the same block's plain key, so a subtopic stored under it would become a
new row at every publish, and a course key with a branch would get a mirror of its own.

Every key the plugin reads from the modulestore, an XBlock runtime or a platform signal goes
through this module before it is stored, compared or used to look anything up, the way the
platform strips it: ``course_key.replace(branch=None, version_guid=None)`` and
``usage_key.map_into_course(...)``. Keys without a branch or version (v2 library keys, the
workbench's ids) come back unchanged. Pure: opaque-keys and the plugin's errors only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from ve_edu_plugin.errors import InvalidCourseKeyError

__all__ = ["parse_course_key", "unversioned_course_key", "unversioned_usage_key", "unversioned_usage_key_string"]


def parse_course_key(course_id: str | CourseKey) -> CourseKey:
    """A course id typed by a person (URL, command line) as a key, or ``InvalidCourseKeyError``.

    An already parsed key is returned as it is, so a request parses its course id once.
    """
    if isinstance(course_id, CourseKey):
        return course_id
    return _parse_course_id(course_id)


@lru_cache(maxsize=1024)
def _parse_course_id(course_id: str) -> CourseKey:
    """Parse a course id string; a school has few courses, so valid (immutable) keys are kept, bounded.

    Invalid ids raise every time (exceptions are not cached).
    """
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError as exc:
        raise InvalidCourseKeyError(f"{course_id!r} is not a valid course id.") from exc


def unversioned_course_key(key: CourseKey) -> CourseKey:
    """The course (or v1 library) key without its branch and version; other keys unchanged."""
    if getattr(key, "branch", None) is None and getattr(key, "version_guid", None) is None:
        return key
    try:
        plain: CourseKey = key.replace(branch=None, version_guid=None)
    except InvalidKeyError:  # a key made of a version alone (no org, course, run) has no plain form
        return key
    return plain


def unversioned_usage_key(key: UsageKey) -> UsageKey:
    """The block's usage key in its unversioned, branch-free course (as the platform's outlines use)."""
    context = key.context_key
    if not isinstance(context, CourseKey):
        return key
    plain = unversioned_course_key(context)
    if plain is context:
        return key
    mapped: UsageKey = key.map_into_course(plain)
    return mapped


def unversioned_usage_key_string(usage_id: Any) -> str:
    """
    A runtime's usage id as text: an opaque usage key unversioned, anything else as it prints.

    The XBlock workbench identifies blocks by plain strings, which have no version to strip.
    """
    if isinstance(usage_id, UsageKey):
        return str(unversioned_usage_key(usage_id))
    return str(usage_id)
