"""Studio host for the test suite: COMMON then TEST plugin settings, as ``cms/envs/test.py``."""

from edx_django_utils.plugins import add_plugins

from tests.host.settings.cms import *  # noqa: F403

add_plugins(__name__, HOST_PROJECT_TYPE, "test")  # noqa: F405
