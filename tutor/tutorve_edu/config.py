"""
The plugin's Tutor configuration: names, defaults and the fixed names other code depends on.

Kept apart from :mod:`tutorve_edu.plugin` so the validation and the tests can read the defaults
without registering any Tutor hook.
"""

from __future__ import annotations

from typing import Any

from tutorve_edu.__about__ import __version__

#: Prefix of every configuration key, derived from the plugin name ``ve-edu`` as Tutor expects.
PREFIX = "VE_EDU_"

#: Reader names accepted by the plugin's ``VE_EDU_OUTLINE_READER`` Django setting.
OUTLINE_READERS: tuple[str, ...] = ("modulestore", "olx")

#: Directory name that ``tutor mounts add`` recognises as a checkout of ve-edu-plugin.
MOUNT_DIRECTORY_REGEX = r"ve-edu-plugin"

#: Tutor configuration defaults: key -> (default, one-line meaning for the README).
#: Every key is documented in ``tutor/README.rst``; a test keeps the two in step.
DEFAULTS: dict[str, tuple[Any, str]] = {
    "VE_EDU_VERSION": (__version__, "Release of ve-edu-plugin installed by the default requirement."),
    "VE_EDU_PIP_REQUIREMENT": (
        "ve-edu-plugin=={{ VE_EDU_VERSION }}",
        "What the image build passes to pip: a version specifier, a ``git+https://`` URL, or empty.",
    ),
    "VE_EDU_CELERY_QUEUE": ("edx.lms.core.default", "Celery queue that receives the plugin's tasks."),
    "VE_EDU_MASTERY_THRESHOLD": (0.95, "Knowledge-tracing probability at which a subtopic counts as mastered."),
    "VE_EDU_SYNC_DEBOUNCE_SECONDS": (10, "A burst of publishes within this many seconds gives one outline sync."),
    "VE_EDU_OUTLINE_READER": ("modulestore", "How the published course outline is read."),
    "VE_EDU_ENABLE_WORKER": (False, "Run a dedicated Celery worker for ``VE_EDU_CELERY_QUEUE``."),
    "VE_EDU_OFFER_CHICHEWA": (True, "Add Chichewa (``ny``) to the LMS and Studio language menu."),
}


def default_items() -> list[tuple[str, Any]]:
    """The defaults as Tutor's ``CONFIG_DEFAULTS`` filter takes them: ``(key, value)`` pairs."""
    return [(key, default) for key, (default, _meaning) in DEFAULTS.items()]
