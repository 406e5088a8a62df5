"""
The dev host behind ``make dev``: LMS flavour, DEVSTACK plugin settings, sqlite, eager Celery,
and the XBlock workbench so the plugin's blocks can be used in a browser.
"""

from tests.host.own_plugin import add_own_plugin_settings
from tests.host.settings.lms import *  # noqa: F403

ROOT_URLCONF = "tests.host.urls_dev"
# The dev host's own login page, open to every demo user (admin's login admits staff only).
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/login/"
DEBUG = True
CELERY_TASK_ALWAYS_EAGER = True
DJFS = {"type": "osfs", "directory_root": os.path.join(BASE_DIR, ".dev", "djpyfs"), "url_root": "/static/djpyfs"}  # noqa: F405

add_own_plugin_settings(__name__, HOST_PROJECT_TYPE, "devstack")  # noqa: F405

# The dev host syncs the demo course from the OLX export shipped with the plugin.
VE_EDU_OUTLINE_READER = "olx"
VE_EDU_OLX_EXPORTS = {"course-v1:VE-EDU+MATH34+2026": os.path.join(BASE_DIR, "ve_edu_plugin", "demo", "course")}  # noqa: F405
# MathJax 3 for the workbench page, served as static files from the django-static-mathjax package
# (the LMS has its own on every courseware page): the blocks load it only where the page has none.
INSTALLED_APPS = [*INSTALLED_APPS, "mathjax"]  # noqa: F405
VE_EDU_MATHJAX_URL = STATIC_URL + "mathjax/es5/tex-chtml.js"  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["urls.W005"]  # the workbench mounts a second admin under /workbench/admin/
# Responses compressed as the LMS's web server compresses them, so that what a browser transfers
# here (tests/browser/test_bandwidth.py) is what a learner pays for.
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
