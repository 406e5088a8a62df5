"""Studio host for the test suite: COMMON then TEST plugin settings, as ``cms/envs/test.py``."""

from tests.host.own_plugin import add_own_plugin_settings
from tests.host.settings.cms import *  # noqa: F403

add_own_plugin_settings(__name__, HOST_PROJECT_TYPE, "test")  # noqa: F405
