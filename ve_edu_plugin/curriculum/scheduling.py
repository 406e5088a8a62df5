"""
When syncs run: debounce, a per-course lock and follow-ups, all through the shared cache.

* A trigger marks the course as *pending* (``cache.add``) and schedules one task after
  ``VE_EDU_SYNC_DEBOUNCE_SECONDS``; further triggers while the mark exists add nothing, so a burst
  of publishes gives one sync.
* The task takes the per-course lock (``cache.add`` with a TTL, so a crashed worker frees it) and
  only then clears the pending mark and reads the outline: a trigger that arrives during a sync
  sets a new mark and schedules exactly one follow-up, which waits for the lock.
* The task is sent by name (:data:`SYNC_TASK_NAME`): the curriculum sits below ``tasks.py`` and
  does not import it; the plugin's app config imports ``tasks.py`` so the task is registered
  wherever the plugin runs (eager Celery runs it in process, a worker runs it by name).
* Nothing assumes one process: the marks and the lock live in ``VE_EDU_CACHE_ALIAS``, which must
  be shared (Redis or memcached) in production.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from celery import signature
from django.core.cache import BaseCache, caches
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import celery_queue, setting

#: The registered name of the sync task (``ve_edu_plugin.tasks.sync_course_outline``).
SYNC_TASK_NAME = "ve_edu_plugin.tasks.sync_course_outline"

#: Seconds a task whose course is locked waits before it tries again.
LOCK_BUSY_RETRY_SECONDS = 2


def _cache() -> BaseCache:
    return caches[setting("VE_EDU_CACHE_ALIAS")]


def pending_key(course_key: CourseKey) -> str:
    return f"ve_edu:outline_sync:pending:{course_key}"


def lock_key(course_key: CourseKey) -> str:
    return f"ve_edu:outline_sync:lock:{course_key}"


def request_sync(course_key: CourseKey, trigger: str) -> bool:
    """Schedule a debounced sync unless one is already pending; True when a task was sent."""
    debounce = int(setting("VE_EDU_SYNC_DEBOUNCE_SECONDS"))
    # The mark outlives the debounce: it is cleared by the task once it holds the lock.
    ttl = debounce + int(setting("VE_EDU_SYNC_LOCK_SECONDS")) + 60
    if not _cache().add(pending_key(course_key), trigger, timeout=ttl):
        return False
    send_sync_task(course_key, trigger, countdown=debounce)
    return True


def send_sync_task(
    course_key: CourseKey, trigger: str, *, countdown: float = 0, sync_run_id: int | None = None
) -> None:
    """Send the sync task to the plugin's queue (explicitly: the platform reassigns routes)."""
    signature(SYNC_TASK_NAME, args=[str(course_key), trigger], kwargs={"sync_run_id": sync_run_id}).apply_async(
        countdown=countdown, queue=celery_queue()
    )


def clear_pending(course_key: CourseKey) -> None:
    _cache().delete(pending_key(course_key))


@contextmanager
def course_lock(course_key: CourseKey) -> Iterator[bool]:
    """Hold the course's sync lock for the block; yields False (and holds nothing) when it is taken."""
    cache = _cache()
    key, token = lock_key(course_key), uuid.uuid4().hex
    acquired = bool(cache.add(key, token, timeout=int(setting("VE_EDU_SYNC_LOCK_SECONDS"))))
    try:
        yield acquired
    finally:
        # Release only our own lock: after a TTL expiry another worker may hold it.
        if acquired and cache.get(key) == token:
            cache.delete(key)
