"""
Call-time access to ``VE_EDU_*`` settings.

Settings are not ready when the platform imports plugin modules, so nothing reads them at import
time; code calls :func:`setting` when it needs a value. A name missing from the settings module
(a project that skipped ``plugin_settings``) falls back to the documented default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ve_edu_plugin.settings.common import DEFAULTS


def setting(name: str) -> Any:
    """Return the current value of the ``VE_EDU_*`` setting ``name``."""
    if name not in DEFAULTS:
        raise KeyError(f"{name} is not a VE-EDU setting")
    return getattr(settings, name, DEFAULTS[name][0])


def celery_queue() -> str:
    """The queue every plugin task is sent to (explicit, since the platform reassigns its routes)."""
    queue = setting("VE_EDU_CELERY_QUEUE")
    if queue:
        return str(queue)
    return str(getattr(settings, "CELERY_DEFAULT_QUEUE", "celery"))
