"""LMS host for the test suite: COMMON then TEST plugin settings, as ``lms/envs/test.py``."""

from edx_django_utils.plugins import add_plugins

from tests.host.settings.lms import *  # noqa: F403

add_plugins(__name__, HOST_PROJECT_TYPE, "test")  # noqa: F405
