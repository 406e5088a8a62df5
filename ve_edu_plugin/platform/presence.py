"""
Whether openedx-platform can be imported in this process, and importing it with a clear error.

The defaults ``VE_EDU_PLATFORM_BACKEND = 'platform'`` and ``VE_EDU_OUTLINE_READER = 'modulestore'``
need the platform. On a host without it (a dev host, a project of its own) a plain import fails
deep in a request with ``ModuleNotFoundError: common``. The system checks ask :func:`is_importable`
at start; the backends import through :func:`import_for`, so a request that still gets there answers
503 ``platform_unavailable`` naming the setting to change, not a 500.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass
from types import ModuleType

from ve_edu_plugin.errors import PlatformUnavailableError

__all__ = ["MODULESTORE", "ROLES", "PlatformNeed", "import_for", "is_importable"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlatformNeed:
    """A setting value that needs openedx-platform, the module that proves it is there, and the fix."""

    setting: str
    value: str
    module: str
    fix: str

    def problem(self, module: str | None = None) -> str:
        """What is wrong, in one sentence naming the setting and the missing module."""
        return (
            f"{self.setting} is {self.value!r}, which needs openedx-platform, "
            f"but {module or self.module} cannot be imported in this process."
        )


ROLES = PlatformNeed(
    setting="VE_EDU_PLATFORM_BACKEND",
    value="platform",
    module="common.djangoapps.student.roles",
    fix="Outside the LMS and Studio set VE_EDU_PLATFORM_BACKEND = 'standalone'.",
)

MODULESTORE = PlatformNeed(
    setting="VE_EDU_OUTLINE_READER",
    value="modulestore",
    module="xmodule.modulestore.django",
    fix=(
        "Outside the LMS and Studio set VE_EDU_OUTLINE_READER = 'olx' and list the course exports "
        "in VE_EDU_OLX_EXPORTS."
    ),
)


def is_importable(module: str) -> bool:
    """Whether ``module`` can be found, without importing it (its parent packages are imported)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a missing parent package, or a module without a spec
        return False


def import_for(need: PlatformNeed, module: str | None = None) -> ModuleType:
    """Import ``module`` (default: ``need.module``) or raise ``PlatformUnavailableError`` with the fix."""
    name = module or need.module
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        log.error("%s (%s: %s) %s", need.problem(name), exc.__class__.__name__, exc, need.fix)
        raise PlatformUnavailableError(f"{need.problem(name)} {need.fix}") from exc
