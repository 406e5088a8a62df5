"""
Per-user rate limits, counted in the shared cache so they hold across every web process.

Each scope (``answer``, ``staff_write``, ``import``) allows ``count`` actions per ``seconds``-long
window (``VE_EDU_RATE_LIMITS``); the count is one atomic ``incr`` (one round trip) on a key of the user, the scope
and the window, so concurrent requests in several processes cannot slip past it. The defaults are
far above a person's pace (30 answers a minute is one every two seconds) and far below a script's
(the issue measured 31 answers a second). Over the limit, :class:`~ve_edu_plugin.errors.ThrottledError`
says how many seconds remain in the window (``Retry-After``).

A cache that is down does not lock learners out: the limit is then not applied (and logged).
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from django.core.cache import caches

from ve_edu_plugin import errors
from ve_edu_plugin.conf import setting
from ve_edu_plugin.i18n import gettext

log = logging.getLogger(__name__)

ANSWER = "answer"
STAFF_WRITE = "staff_write"
IMPORT = "import"
SCOPES = (ANSWER, STAFF_WRITE, IMPORT)


def limit_of(scope: str) -> tuple[int, int] | None:
    """``(count, seconds)`` of ``scope``, or ``None`` when the operator switched it off."""
    value: Any = (setting("VE_EDU_RATE_LIMITS") or {}).get(scope)
    if not value:
        return None
    count, seconds = value
    return int(count), max(1, int(seconds))


def check_rate(scope: str, user_id: int, *, now: float | None = None) -> None:
    """Count one action of ``user_id`` in ``scope``; raise ``throttled`` when over the limit."""
    limit = limit_of(scope)
    if limit is None:
        return
    count, seconds = limit
    now = time.time() if now is None else now
    window = int(now // seconds)
    key = f"ve_edu:rate:{scope}:{user_id}:{window}"
    cache = caches[setting("VE_EDU_CACHE_ALIAS")]
    try:
        used = _count(cache, key, seconds + 1)
    except Exception:  # pylint: disable=broad-except
        log.warning("Rate limit %s not applied: the cache is unavailable.", scope, exc_info=True)
        return
    if used > count:
        retry_after = max(1, math.ceil((window + 1) * seconds - now))
        raise errors.ThrottledError(
            gettext("Too many requests: at most %(count)s every %(seconds)s seconds. Try again in %(retry_after)s s.")
            % {"count": count, "seconds": seconds, "retry_after": retry_after},
            retry_after=retry_after,
        )


def _count(cache: Any, key: str, timeout: int) -> int:
    """
    Add one to ``key``: one round trip once the window's key exists (``incr``), and when it does
    not, ``add`` it with its time to live (the first request of a window, or a race for it).
    """
    try:
        return int(cache.incr(key))
    except ValueError:  # no such key yet
        if cache.add(key, 1, timeout=timeout):
            return 1
        return int(cache.incr(key))
