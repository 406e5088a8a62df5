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
    return _check_choice(ROLES, sorted(BACKEND_NAMES), "'standalone'", ("ve_edu_plugin.E001", "ve_edu_plugin.E002"))


def check_outline_reader(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E003: ``VE_EDU_OUTLINE_READER`` is unknown; E004: it is ``modulestore`` without the platform."""
    return _check_choice(MODULESTORE, sorted(READERS), "'olx'", ("ve_edu_plugin.E003", "ve_edu_plugin.E004"))


def _check_choice(
    need: PlatformNeed, choices: list[str], elsewhere: str, check_ids: tuple[str, str]
) -> list[CheckMessage]:
    """The setting ``need`` names is one of ``choices``, and the platform is there if it needs it."""
    unknown_id, missing_id = check_ids
    name = setting(need.setting)
    if name not in choices:
        return [
            Error(
                f"{need.setting} is {name!r}, not one of {choices}.",
                hint=f"Set {need.setting} = {need.value!r} in the LMS and Studio, {elsewhere} elsewhere.",
                id=unknown_id,
            )
        ]
    if name != need.value or is_importable(need.module):
        return []
    return [Error(need.problem(), hint=need.fix, id=missing_id)]
