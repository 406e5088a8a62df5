"""Admin registrations of every capability."""

from ve_edu_plugin.platform import admin as platform_admin  # noqa: F401
