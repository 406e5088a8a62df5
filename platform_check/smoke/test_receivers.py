"""The publish receivers are connected to the platform's signals by its plugin framework."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from conftest import only_in_cms, only_in_lms

if TYPE_CHECKING:
    from django.dispatch import Signal
    from opaque_keys.edx.keys import CourseKey


def _receiver_uids(signal: Signal) -> set[str]:
    """dispatch_uids of a Django signal's live receivers (lookup keys are ``(uid, sender id)``)."""
    return {key[0] for key, _ref, *_rest in signal.receivers if isinstance(key[0], str)}


def _receiver(signal: Signal, uid: str) -> Callable[..., Any]:
    for key, ref, *_rest in signal.receivers:
        if key[0] == uid:
            receiver = ref() if isinstance(ref, weakref.ReferenceType) else ref
            assert receiver is not None, f"{uid} was connected weakly and collected"
            return receiver
    raise AssertionError(f"{uid} is not connected")


def test_the_openedx_events_receivers_are_connected() -> None:
    from openedx_events.content_authoring.signals import (
        COURSE_IMPORT_COMPLETED,
        COURSE_RERUN_COMPLETED,
        XBLOCK_PUBLISHED,
    )

    assert "ve_edu_plugin.sync_on_xblock_published" in _receiver_uids(XBLOCK_PUBLISHED)
    assert "ve_edu_plugin.sync_on_course_import" in _receiver_uids(COURSE_IMPORT_COMPLETED)
    assert "ve_edu_plugin.sync_on_course_rerun" in _receiver_uids(COURSE_RERUN_COMPLETED)


@only_in_cms
def test_studio_connects_the_platforms_course_published_signal() -> None:
    from xmodule.modulestore.django import COURSE_PUBLISHED

    assert "ve_edu_plugin.sync_on_course_published" in _receiver_uids(COURSE_PUBLISHED)


@only_in_lms
def test_the_lms_does_not_listen_to_course_published() -> None:
    from xmodule.modulestore.django import COURSE_PUBLISHED

    assert "ve_edu_plugin.sync_on_course_published" not in _receiver_uids(COURSE_PUBLISHED)


@only_in_cms
@pytest.mark.django_db
def test_a_course_published_signal_schedules_one_sync_after_commit(
    course_key: CourseKey, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """Our receiver alone is called (the platform's own would read the Mongo-backed modulestore)."""
    from xmodule.modulestore.django import COURSE_PUBLISHED

    receiver = _receiver(COURSE_PUBLISHED, "ve_edu_plugin.sync_on_course_published")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receiver(signal=COURSE_PUBLISHED, sender=None, course_key=course_key)
    assert len(callbacks) == 1
