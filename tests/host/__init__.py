"""
A small Django project that loads the plugin as openedx-platform does, and only this plugin.

``own_plugin`` resolves the plugin's ``lms.djangoapp`` / ``cms.djangoapp`` entry point and does for
that one app what the platform's plugin framework does for all (``get_plugin_apps``,
``add_plugins``, ``get_plugin_url_patterns``, ``connect_plugin_receivers``): settings list it and
apply its plugin settings, urls mount its urls, and the ``tests.host.plugins`` app connects its
receivers. Other platform plugins installed in the same environment are left out.
"""

from tests.host.celery import app as celery_app

__all__ = ["celery_app"]
