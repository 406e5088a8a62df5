"""``cms.envs.test`` of the platform checkout (see the package docstring for the one change)."""

from cms.envs.test import *  # noqa: F403
from cms.envs.test import INSTALLED_APPS

from platform_settings import unique_apps

INSTALLED_APPS = unique_apps(INSTALLED_APPS, "cms.envs.test")
