"""
Stand-in for the platform's ``plugins`` app: connects plugin receivers once apps are ready,
as ``openedx/core/djangoapps/plugins/apps.py`` does in the LMS and Studio.
"""

from django.apps import AppConfig
from django.conf import settings

from tests.host.own_plugin import connect_own_plugin_receivers


class HostPluginsConfig(AppConfig):
    name = "tests.host.plugins"
    label = "host_plugins"

    def ready(self) -> None:
        connect_own_plugin_receivers(settings.HOST_PROJECT_TYPE)
