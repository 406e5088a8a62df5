"""Django settings every host flavour shares (no plugin listed here: the framework adds it)."""

from __future__ import annotations

import importlib.util
import json
import os

from tests.host.services import cache_settings, database_settings

BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HOST_MODE = os.environ.get("VE_EDU_HOST_MODE", "test")

SECRET_KEY = "ve-edu-host-only-not-a-secret"
DEBUG = HOST_MODE == "dev"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
# The reader's language picks the catalogues, as in the LMS and Studio (whose LANGUAGES include
# Chichewa and whose middleware has LocaleMiddleware): Accept-Language or the language cookie.
LANGUAGES = [("en", "English"), ("ny", "Chichewa")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # edx-api-doc-tools' /api-docs/ page renders drf-yasg's templates, as in the LMS and Studio.
    "drf_yasg",
    # edx-submissions, as installed in the LMS: timed assessments set scores through it.
    "submissions",
    "tests.host.plugins.apps.HostPluginsConfig",
    # The XBlock workbench (xblock-sdk): the dev host serves the blocks through it, and the block
    # tests run them in its runtime.
    "workbench",
]
if importlib.util.find_spec("djpyfs") is not None:  # shipped with xblock-sdk 0.15 (Python 3.12) only
    INSTALLED_APPS.append("djpyfs")
WORKBENCH = {
    "reset_state_on_restart": False,
    "services": {"fs": "xblock.reference.plugins.FSService", "settings": "workbench.services.SettingsService"},
}
EXCLUDED_XBLOCKS: set[str] = set()

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "crum.CurrentRequestUserMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": database_settings(BASE_DIR, mode=HOST_MODE)}
CACHES = {"default": cache_settings(mode=HOST_MODE)}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, ".dev", "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, ".dev", "media")
LOGIN_URL = "/admin/login/"

# Celery: eager unless a test starts a real worker (then the broker is Redis).
CELERY_BROKER_URL = os.environ.get("VE_EDU_CELERY_BROKER_URL", "redis://127.0.0.1:6379/6")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = os.environ.get("VE_EDU_CELERY_EAGER", "true").lower() == "true"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_DEFAULT_QUEUE = "edx.lms.core.default"
CELERY_TASK_DEFAULT_QUEUE = CELERY_DEFAULT_QUEUE

# The platform's JWT settings, with a symmetric test key (edx-drf-extensions reads these).
JWT_AUTH = {
    "JWT_ISSUERS": [
        {
            "ISSUER": "http://127.0.0.1:8000/oauth2",
            "AUDIENCE": "ve-edu-host",
            "SECRET_KEY": "ve-edu-host-jwt-signing-key-for-local-tests-only",
        }
    ],
    "JWT_ISSUER": "http://127.0.0.1:8000/oauth2",
    "JWT_AUDIENCE": "ve-edu-host",
    "JWT_SECRET_KEY": "ve-edu-host-jwt-signing-key-for-local-tests-only",
    "JWT_ALGORITHM": "HS256",
    "JWT_VERIFY_AUDIENCE": True,
    "JWT_AUTH_COOKIE": "edx-jwt-cookie",
    "JWT_PUBLIC_SIGNING_JWK_SET": None,
    "JWT_AUTH_HEADER_PREFIX": "JWT",
}

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Outside the platform, roles come from the plugin's standalone table and outlines from course
# exports (set before add_plugins, as an operator would, so the plugin keeps them; the plugin's
# system checks report the platform defaults here). Tests of the modulestore reader choose it.
VE_EDU_PLATFORM_BACKEND = "standalone"
VE_EDU_OUTLINE_READER = "olx"

# Tests that start real worker processes hand them VE_EDU_* values through the environment.
for _name, _value in json.loads(os.environ.get("VE_EDU_HOST_OVERRIDES", "{}")).items():
    if _name.startswith("VE_EDU_"):
        globals()[_name] = _value

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ve_edu_plugin": {"level": "INFO"}},
}
