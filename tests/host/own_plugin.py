"""
What the platform's plugin framework does at start, for this plugin's entry point only.

edx-django-utils' helpers (``get_plugin_apps``, ``add_plugins``, ``get_plugin_url_patterns``,
``connect_plugin_receivers``) act on every app registered under ``lms.djangoapp`` /
``cms.djangoapp`` in the environment and take no filter: next to other platform plugins the host
would load theirs too and fail on their settings. So the host resolves the entry point this
distribution registers and follows the same ``plugin_app`` configuration the framework reads
(the framework's own names for its keys), for that one app.
"""

from __future__ import annotations

import importlib
import re
from importlib.metadata import entry_points
from typing import Any

from django.utils.module_loading import import_string
from edx_django_utils.plugins import PluginSettings, PluginSignals, PluginURLs

__all__ = [
    "add_own_plugin_settings",
    "connect_own_plugin_receivers",
    "own_app_config",
    "own_plugin_apps",
    "own_plugin_url_patterns",
]

DISTRIBUTION = "ve-edu-plugin"
ENTRY_POINT = "ve_edu_plugin"
PLUGIN_APP = "plugin_app"
SETTINGS_FUNCTION = "plugin_settings"


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def own_app_config(project_type: str) -> Any:
    """The AppConfig class this distribution registers under ``project_type`` (an entry-point group)."""
    found = [
        entry
        for entry in entry_points(group=project_type, name=ENTRY_POINT)
        if entry.dist is None or _normalised(entry.dist.name) == DISTRIBUTION
    ]
    if len(found) != 1:
        raise LookupError(f"Expected one {ENTRY_POINT!r} entry point of {DISTRIBUTION} in {project_type}: {found}")
    return found[0].load()


def own_plugin_apps(project_type: str) -> list[str]:
    """The INSTALLED_APPS entry of this plugin, as ``get_plugin_apps`` writes it."""
    app_config = own_app_config(project_type)
    return [f"{app_config.__module__}.{app_config.__name__}"]


def add_own_plugin_settings(settings_path: str, project_type: str, settings_type: str) -> None:
    """Apply this plugin's ``plugin_settings`` for ``settings_type`` to a settings module, as ``add_plugins``."""
    app_config = own_app_config(project_type)
    config = _config(app_config, PluginSettings.CONFIG, project_type).get(settings_type)
    if config is None:
        return
    module = _module(app_config, config, PluginSettings)
    getattr(module, SETTINGS_FUNCTION)(importlib.import_module(settings_path))


def own_plugin_url_patterns(project_type: str) -> list[Any]:
    """This plugin's url include, as ``get_plugin_url_patterns`` builds it."""
    from django.urls import include, re_path  # the url machinery is not needed while settings load

    app_config = own_app_config(project_type)
    config = _config(app_config, PluginURLs.CONFIG, project_type)
    if not config:
        return []
    module_path = f"{app_config.name}.{config.get(PluginURLs.RELATIVE_PATH, PluginURLs.DEFAULT_RELATIVE_PATH)}"
    namespace = config.get(PluginURLs.NAMESPACE, app_config.name)
    included = include((module_path, app_config.name), namespace=namespace)
    return [re_path(config.get(PluginURLs.REGEX, r""), included)]


def connect_own_plugin_receivers(project_type: str) -> None:
    """Connect this plugin's receivers, as ``connect_plugin_receivers`` does."""
    app_config = own_app_config(project_type)
    config = _config(app_config, PluginSignals.CONFIG, project_type)
    if not config:
        return
    module = _module(app_config, config, PluginSignals)
    for receiver in config.get(PluginSignals.RECEIVERS, []):
        func = getattr(module, receiver[PluginSignals.RECEIVER_FUNC_NAME])
        sender_path = receiver.get(PluginSignals.SENDER_PATH)
        import_string(receiver[PluginSignals.SIGNAL_PATH]).connect(
            func,
            sender=import_string(sender_path) if sender_path else None,
            dispatch_uid=receiver.get(PluginSignals.DISPATCH_UID) or f"{func.__module__}.{func.__name__}",
        )


def _config(app_config: Any, key: str, project_type: str) -> dict[str, Any]:
    return getattr(app_config, PLUGIN_APP, {}).get(key, {}).get(project_type) or {}


def _module(app_config: Any, config: dict[str, Any], kind: Any) -> Any:
    return importlib.import_module(f"{app_config.name}.{config.get(kind.RELATIVE_PATH, kind.DEFAULT_RELATIVE_PATH)}")
