"""
A small Django project that loads the plugin exactly as openedx-platform does.

Settings use the plugin framework (``get_plugin_apps``, ``add_plugins``), urls use
``get_plugin_url_patterns`` and the ``tests.host.plugins`` app connects receivers with
``connect_plugin_receivers``, so the tests and ``make dev`` see what the LMS and Studio see.
"""

from tests.host.celery import app as celery_app

__all__ = ["celery_app"]
