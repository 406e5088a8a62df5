"""LMS-flavoured host settings: the plugin is added as ``lms/envs/common.py`` adds plugins."""

from tests.host.own_plugin import add_own_plugin_settings, own_plugin_apps
from tests.host.settings.base import *  # noqa: F403

HOST_PROJECT_TYPE = "lms.djangoapp"
ROOT_URLCONF = "tests.host.urls_lms"

INSTALLED_APPS = list(INSTALLED_APPS)  # noqa: F405 - a copy, so the LMS and Studio flavours never share one list
INSTALLED_APPS.extend(own_plugin_apps(HOST_PROJECT_TYPE))
add_own_plugin_settings(__name__, HOST_PROJECT_TYPE, "common")
