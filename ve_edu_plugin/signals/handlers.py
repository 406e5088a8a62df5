"""
Thin receivers for platform and openedx-events signals.

Receivers do no work themselves: they ask the curriculum api for a debounced outline sync, which
is scheduled after the current transaction commits. ``apps.py`` says which signals are connected
in the LMS and Studio. Course keys sent from Studio right after a publish may carry the branch and
version they were read with: the curriculum api makes them plain when it schedules the sync.
"""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.curriculum import api as curriculum_api


def schedule_sync_on_xblock_published(
    signal: Any = None, sender: Any = None, xblock_info: Any = None, **kwargs: Any
) -> None:
    """openedx-events ``XBLOCK_PUBLISHED``: any published block of a course re-syncs its outline."""
    if xblock_info is None:
        return
    curriculum_api.schedule_outline_sync(
        xblock_info.usage_key.course_key, trigger=curriculum_api.triggers.XBLOCK_PUBLISHED
    )


def schedule_sync_on_course_import(signal: Any = None, sender: Any = None, course: Any = None, **kwargs: Any) -> None:
    """openedx-events ``COURSE_IMPORT_COMPLETED``."""
    if course is not None:
        curriculum_api.schedule_outline_sync(course.course_key, trigger=curriculum_api.triggers.COURSE_IMPORT)


def schedule_sync_on_course_rerun(signal: Any = None, sender: Any = None, course: Any = None, **kwargs: Any) -> None:
    """openedx-events ``COURSE_RERUN_COMPLETED``: the new run gets its own mirror."""
    if course is not None:
        curriculum_api.schedule_outline_sync(course.course_key, trigger=curriculum_api.triggers.COURSE_RERUN)


def schedule_sync_on_course_published(sender: Any = None, course_key: Any = None, **kwargs: Any) -> None:
    """The platform's ``COURSE_PUBLISHED`` signal, sent in Studio once per publish."""
    if course_key is not None:
        curriculum_api.schedule_outline_sync(course_key, trigger=curriculum_api.triggers.COURSE_PUBLISHED)
