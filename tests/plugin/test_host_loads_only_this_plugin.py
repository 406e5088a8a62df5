"""
The host loads this plugin only, even where another platform plugin is installed beside it.

Another plugin is registered for real: a distribution on ``sys.path`` with ``lms.djangoapp`` and
``cms.djangoapp`` entry points, plugin settings, urls and a receiver. Each host flavour is started
in a process of its own (entry points are read once per process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_APPS = """
from django.apps import AppConfig

PROJECTS = ("lms.djangoapp", "cms.djangoapp")
SETTINGS = {kind: {"relative_path": "settings"} for kind in ("common", "test", "devstack")}
URLS = {"namespace": "other", "regex": r"^other/", "relative_path": "urls"}
RECEIVER = {"receiver_func_name": "on_request", "signal_path": "django.core.signals.request_started",
            "dispatch_uid": "other_plugin.on_request"}


class OtherPluginConfig(AppConfig):
    name = "other_plugin"
    plugin_app = {
        "settings_config": {project: SETTINGS for project in PROJECTS},
        "url_config": {project: URLS for project in PROJECTS},
        "signals_config": {project: {"relative_path": "signals", "receivers": [RECEIVER]} for project in PROJECTS},
    }
"""

_FILES = {
    "other_plugin/__init__.py": "",
    "other_plugin/apps.py": _APPS,
    "other_plugin/settings.py": "def plugin_settings(settings):\n    settings.OTHER_PLUGIN_SETTINGS_APPLIED = True\n",
    "other_plugin/urls.py": "urlpatterns = []\n",
    "other_plugin/signals.py": "def on_request(**kwargs):\n    pass\n",
    "other_plugin-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: other-plugin\nVersion: 1.0\n",
    "other_plugin-1.0.dist-info/entry_points.txt": (
        "[lms.djangoapp]\nother_plugin = other_plugin.apps:OtherPluginConfig\n\n"
        "[cms.djangoapp]\nother_plugin = other_plugin.apps:OtherPluginConfig\n"
    ),
}

_PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.core.signals import request_started
    from django.urls import get_resolver
    from edx_django_utils.plugins import get_plugin_apps

    print(json.dumps({
        "registered": get_plugin_apps(settings.HOST_PROJECT_TYPE),
        "installed": [app for app in settings.INSTALLED_APPS if "plugin" in app and "host" not in app],
        "other_settings": hasattr(settings, "OTHER_PLUGIN_SETTINGS_APPLIED"),
        "our_settings": settings.VE_EDU_MASTERY_THRESHOLD,
        "namespaces": sorted(get_resolver().namespace_dict),
        "receivers": sorted(str(entry[0][0]) for entry in request_started.receivers),
    }))
    """
)


@pytest.fixture(scope="module")
def other_plugin(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for relative, text in _FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "settings_module", ["tests.host.settings.lms_test", "tests.host.settings.cms_test", "tests.host.settings.lms_dev"]
)
def test_only_this_plugin_is_loaded(other_plugin, settings_module):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": os.pathsep.join([str(other_plugin), str(ROOT)]),
        "VE_EDU_HOST_MODE": "dev" if settings_module.endswith("_dev") else "test",
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "other_plugin.apps.OtherPluginConfig" in loaded["registered"]  # the framework does see it
    assert loaded["installed"] == ["ve_edu_plugin.apps.VeEduPluginConfig"]
    assert loaded["other_settings"] is False
    assert loaded["our_settings"] == 0.95
    assert "other" not in loaded["namespaces"] and "ve_edu" in loaded["namespaces"]
    assert "other_plugin.on_request" not in loaded["receivers"]
