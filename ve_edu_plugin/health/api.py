"""
Health of the services the plugin needs: the database, the shared cache and the Celery broker.

Each check returns ``"ok"`` or a short error naming only the exception class and a generic
reason, never a hostname, URL or credential, because the health endpoint is public.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from ve_edu_plugin import __version__
from ve_edu_plugin.conf import setting

__all__ = ["HealthReport", "check_health"]

OK = "ok"


@dataclass(frozen=True)
class HealthReport:
    """Status of each dependency; ``healthy`` is true when every one is ``"ok"``."""

    version: str
    database: str
    cache: str
    broker: str

    @property
    def healthy(self) -> bool:
        return all(status == OK for status in (self.database, self.cache, self.broker))


def check_health() -> HealthReport:
    """Probe every dependency once and report."""
    return HealthReport(version=__version__, database=_check_database(), cache=_check_cache(), broker=_check_broker())


def _failure(exc: Exception, what: str) -> str:
    return f"error: {what} ({exc.__class__.__name__})"


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, none is raised
        return _failure(exc, "database query failed")
    return OK


def _check_cache() -> str:
    key = f"ve_edu:health:{uuid.uuid4().hex}"
    try:
        cache = caches[setting("VE_EDU_CACHE_ALIAS")]
        cache.set(key, OK, timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc, "cache unreachable")
    if value != OK:
        return "error: cache did not keep a value"
    return OK


def _check_broker() -> str:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or current_app.conf.task_always_eager:
        return OK
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc, "broker unreachable")
    return OK
