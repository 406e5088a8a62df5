"""
Django app configuration: how the LMS and Studio load the plugin.

Open edX discovers the app through the ``lms.djangoapp`` and ``cms.djangoapp`` entry points and
reads :attr:`VeEduPluginConfig.plugin_app` to mount URLs, apply settings and connect receivers
(edx-django-utils plugin framework). Nothing here may read ``django.conf.settings``: the platform
imports this module while it is still building its settings.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from django.apps import AppConfig

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"
_SETTINGS_TYPES = ("common", "production", "devstack", "test")

#: Receivers for openedx-events, connected in both the LMS and Studio.
_EVENT_RECEIVERS: list[dict[str, str]] = [
    {
        "receiver_func_name": "schedule_sync_on_xblock_published",
        "signal_path": "openedx_events.content_authoring.signals.XBLOCK_PUBLISHED",
        "dispatch_uid": "ve_edu_plugin.sync_on_xblock_published",
    },
    {
        "receiver_func_name": "schedule_sync_on_course_import",
        "signal_path": "openedx_events.content_authoring.signals.COURSE_IMPORT_COMPLETED",
        "dispatch_uid": "ve_edu_plugin.sync_on_course_import",
    },
    {
        "receiver_func_name": "schedule_sync_on_course_rerun",
        "signal_path": "openedx_events.content_authoring.signals.COURSE_RERUN_COMPLETED",
        "dispatch_uid": "ve_edu_plugin.sync_on_course_rerun",
    },
]

_COURSE_PUBLISHED_RECEIVER = {
    "receiver_func_name": "schedule_sync_on_course_published",
    "signal_path": "xmodule.modulestore.django.COURSE_PUBLISHED",
    "dispatch_uid": "ve_edu_plugin.sync_on_course_published",
}


def _platform_course_published_available() -> bool:
    """Whether the platform's course-published signal can be imported (only inside Studio/LMS)."""
    try:
        return importlib.util.find_spec("xmodule.modulestore.django") is not None
    except (ImportError, ValueError):
        return False


def _signals_config(project_type: str) -> dict[str, Any]:
    receivers = list(_EVENT_RECEIVERS)
    if project_type == CMS and _platform_course_published_available():
        receivers.append(_COURSE_PUBLISHED_RECEIVER)
    return {"relative_path": "signals.handlers", "receivers": receivers}


def _settings_config() -> dict[str, dict[str, str]]:
    return {settings_type: {"relative_path": f"settings.{settings_type}"} for settings_type in _SETTINGS_TYPES}


def _url_config() -> dict[str, str]:
    return {"namespace": "ve_edu", "regex": r"^api/ve-edu/", "relative_path": "rest_api.urls"}


class VeEduPluginConfig(AppConfig):
    """The VE-EDU plugin app, loaded into the LMS and Studio by the plugin framework."""

    name = "ve_edu_plugin"
    verbose_name = "VE-EDU adaptive assessment"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {LMS: _url_config(), CMS: _url_config()},
        "settings_config": {LMS: _settings_config(), CMS: _settings_config()},
        "signals_config": {LMS: _signals_config(LMS), CMS: _signals_config(CMS)},
    }

    def ready(self) -> None:
        """
        Register the configuration checks (``checks.py``), which ``manage.py check`` and start-up run,
        and the Celery tasks, which the curriculum sends by name (``curriculum/scheduling.py``).
        """
        from django.core.checks import register

        from ve_edu_plugin import checks, tasks  # noqa: F401  (tasks: registers the shared tasks)

        register(checks.check_platform_backend, checks.TAG)
        register(checks.check_outline_reader, checks.TAG)
        # Connects the bank's cache receivers in every process, the admin's included: saved
        # knowledge-tracing parameters must drop the question snapshots from the shared cache.
        from ve_edu_plugin.questions import api as questions_api  # noqa: F401
