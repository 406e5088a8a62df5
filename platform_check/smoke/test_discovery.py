"""The plugin framework finds the plugin, applies its settings and mounts its URLs."""

from __future__ import annotations

from conftest import PROJECT
from django.apps import apps
from django.conf import settings
from django.urls import reverse


def test_the_entry_point_puts_the_app_into_installed_apps() -> None:
    from edx_django_utils.plugins import get_plugin_apps

    project_type = {"lms": "lms.djangoapp", "cms": "cms.djangoapp"}[PROJECT]
    assert "ve_edu_plugin.apps.VeEduPluginConfig" in get_plugin_apps(project_type)
    assert "ve_edu_plugin.apps.VeEduPluginConfig" in settings.INSTALLED_APPS
    assert type(apps.get_app_config("ve_edu_plugin")).__name__ == "VeEduPluginConfig"


def test_every_plugin_setting_is_applied() -> None:
    from ve_edu_plugin.settings.common import DEFAULTS

    missing = [name for name in DEFAULTS if not hasattr(settings, name)]
    assert missing == []
    assert settings.VE_EDU_PLATFORM_BACKEND == "platform"


def test_the_urls_are_mounted_under_api_ve_edu() -> None:
    assert reverse("ve_edu:health") == "/api/ve-edu/v1/health/"
