"""
``migrate ve_edu_plugin`` runs against the platform's schema.

The test database is built from the models (``--nomigrations``, as the platform's suites do), so
first every migration of the apps the plugin's migrations depend on (``auth``, ``contenttypes``...)
and the plugin's own are recorded as applied without running them (all of the platform's would
take minutes); then the plugin's own are really unapplied (dropping its tables) and applied again, on the
platform's Django and sqlite.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings


def _plugin_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_app_config("ve_edu_plugin").get_models()}


def _apps_the_plugin_depends_on() -> set[str]:
    graph = MigrationLoader(connection).graph
    return {app for leaf in graph.leaf_nodes("ve_edu_plugin") for app, _name in graph.forwards_plan(leaf)}


@pytest.mark.django_db(transaction=True)
def test_the_plugins_migrations_unapply_and_apply() -> None:
    with override_settings(MIGRATION_MODULES={}):  # undo pytest-django's --nomigrations
        for app_label in sorted(_apps_the_plugin_depends_on()):
            call_command("migrate", app_label, fake=True, verbosity=0)
        call_command("migrate", "ve_edu_plugin", "zero", verbosity=0)
        assert not _plugin_tables() & set(connection.introspection.table_names())
        call_command("migrate", "ve_edu_plugin", verbosity=0)
    assert _plugin_tables() <= set(connection.introspection.table_names())


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    out = StringIO()
    with override_settings(MIGRATION_MODULES={}):
        call_command("makemigrations", "ve_edu_plugin", check=True, dry_run=True, stdout=out)
