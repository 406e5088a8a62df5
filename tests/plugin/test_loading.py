"""The plugin is found and wired by the platform's plugin framework, never listed by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import resolve, reverse
from edx_django_utils.plugins import get_plugin_apps

from ve_edu_plugin.settings import common, devstack, production
from ve_edu_plugin.settings import test as test_settings


@pytest.mark.parametrize("group", ["lms.djangoapp", "cms.djangoapp"])
def test_entry_points_name_the_app_config(group):
    (entry,) = [ep for ep in entry_points(group=group) if ep.name == "ve_edu_plugin"]
    assert entry.value == "ve_edu_plugin.apps:VeEduPluginConfig"
    assert "ve_edu_plugin.apps.VeEduPluginConfig" in get_plugin_apps(group)


def test_host_settings_do_not_list_the_app_by_hand():
    from tests.host.settings import base

    assert not any(app.startswith("ve_edu_plugin") for app in base.INSTALLED_APPS)
    assert "ve_edu_plugin.apps.VeEduPluginConfig" in settings.INSTALLED_APPS


def test_every_setting_has_its_default_after_add_plugins():
    for name, (default, _meaning) in common.DEFAULTS.items():
        if name in ("VE_EDU_PLATFORM_BACKEND", "VE_EDU_OUTLINE_READER"):  # the host's own values
            continue
        assert getattr(settings, name) == default, name


def test_an_operator_value_is_kept():
    assert settings.VE_EDU_PLATFORM_BACKEND == "standalone"
    assert settings.VE_EDU_OUTLINE_READER == "olx"


@pytest.mark.parametrize("module", [common, production, devstack, test_settings])
def test_plugin_settings_fill_only_missing_names(module):
    target = SimpleNamespace(VE_EDU_MASTERY_THRESHOLD=0.8)
    module.plugin_settings(target)
    assert target.VE_EDU_MASTERY_THRESHOLD == 0.8
    assert target.VE_EDU_OUTLINE_READER == "modulestore"
    other = SimpleNamespace()
    module.plugin_settings(other)
    other.VE_EDU_OLX_EXPORTS["x"] = "y"
    assert common.DEFAULTS["VE_EDU_OLX_EXPORTS"][0] == {}


def test_rest_root_is_mounted_in_the_lms():
    assert reverse("ve_edu:health") == "/api/ve-edu/v1/health/"
    assert resolve("/api/ve-edu/v1/health/").url_name == "health"


def test_rest_root_is_mounted_in_studio():
    """Studio loads the plugin from its own settings and urls; checked in a separate process."""
    script = (
        "import django, json; django.setup();"
        "from django.urls import resolve; from django.conf import settings;"
        "print(json.dumps({'url': resolve('/api/ve-edu/v1/health/').url_name,"
        " 'apps': 've_edu_plugin.apps.VeEduPluginConfig' in settings.INSTALLED_APPS,"
        " 'debounce': settings.VE_EDU_SYNC_DEBOUNCE_SECONDS}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.host.settings.cms_test"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {"url": "health", "apps": True, "debounce": 10}


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "ve_edu_plugin", "--check", "--dry-run", verbosity=0)


def test_readme_documents_every_setting_with_its_default():
    with open(os.path.join(settings.BASE_DIR, "README.rst"), encoding="utf-8") as handle:
        readme = handle.read()
    for name, (default, _meaning) in common.DEFAULTS.items():
        assert f"``{name}``" in readme, name
        assert f"``{default!r}``" in readme, f"default of {name}"
