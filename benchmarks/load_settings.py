"""
Settings of the load benchmark's gunicorn workers: the test host's LMS settings with the
benchmark's urls, debug off, and persistent connections as ``VE_EDU_LOAD_CONN_MAX_AGE`` says.
The database and cache prefix come from the environment the benchmark sets (its test database).
"""

import os

from tests.host.settings.lms_test import *  # noqa: F403 - the host's settings, a few changed below

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.load_urls"
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("VE_EDU_LOAD_CONN_MAX_AGE", "0"))  # noqa: F405
