"""Admin registrations of every capability."""

from ve_edu_plugin.analytics import admin as analytics_admin  # noqa: F401
from ve_edu_plugin.curriculum import admin as curriculum_admin  # noqa: F401
from ve_edu_plugin.mastery import admin as mastery_admin  # noqa: F401
from ve_edu_plugin.platform import admin as platform_admin  # noqa: F401
