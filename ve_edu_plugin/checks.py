"""
Django system checks of the plugin's configuration, run by ``manage.py check`` and at start.

The defaults suit the LMS and Studio. Elsewhere (a dev host, a project of its own) they need
openedx-platform, and without these checks the first staff request fails with a 500
(``ModuleNotFoundError: common``). Each check names the setting to change; its id is stable so an
operator can look it up (README, *System checks*). Registered by :meth:`VeEduPluginConfig.ready`
under the tag ``ve_edu_plugin`` (``manage.py check --tag ve_edu_plugin``).
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from ve_edu_plugin.conf import setting
from ve_edu_plugin.curriculum.readers import READERS
from ve_edu_plugin.platform.api import BACKEND_NAMES
from ve_edu_plugin.platform.presence import MODULESTORE, ROLES, PlatformNeed, is_importable

__all__ = ["TAG", "check_outline_reader", "check_platform_backend"]

TAG = "ve_edu_plugin"


def check_platform_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E001: ``VE_EDU_PLATFORM_BACKEND`` is unknown; E002: it is ``platform`` without the platform."""
    name = setting("VE_EDU_PLATFORM_BACKEND")
    if name not in BACKEND_NAMES:
        return [
            Error(
                f"VE_EDU_PLATFORM_BACKEND is {name!r}, not one of {list(BACKEND_NAMES)}.",
                hint="Set VE_EDU_PLATFORM_BACKEND = 'platform' in the LMS and Studio, 'standalone' elsewhere.",
                id="ve_edu_plugin.E001",
            )
        ]
    return _missing_platform(ROLES, name, "ve_edu_plugin.E002")


def check_outline_reader(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E003: ``VE_EDU_OUTLINE_READER`` is unknown; E004: it is ``modulestore`` without the platform."""
    name = setting("VE_EDU_OUTLINE_READER")
    if name not in READERS:
        return [
            Error(
                f"VE_EDU_OUTLINE_READER is {name!r}, not one of {sorted(READERS)}.",
                hint="Set VE_EDU_OUTLINE_READER = 'modulestore' in the LMS and Studio, 'olx' elsewhere.",
                id="ve_edu_plugin.E003",
            )
        ]
    return _missing_platform(MODULESTORE, name, "ve_edu_plugin.E004")


def _missing_platform(need: PlatformNeed, value: str, check_id: str) -> list[CheckMessage]:
    if value != need.value or is_importable(need.module):
        return []
    return [Error(need.problem(), hint=need.fix, id=check_id)]
