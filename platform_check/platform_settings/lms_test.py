"""``lms.envs.test`` of the platform checkout (see the package docstring for the one change)."""

from lms.envs.test import *  # noqa: F403
from lms.envs.test import INSTALLED_APPS

from platform_settings import unique_apps

INSTALLED_APPS = unique_apps(INSTALLED_APPS, "lms.envs.test")
