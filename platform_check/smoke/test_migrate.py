"""
``migrate ve_edu_plugin`` runs against the platform's schema.

The test database is built from the models (``--nomigrations``, as the platform's suites do), so
first every migration is recorded as applied without running it; then the plugin's own are
really unapplied (dropping its tables) and applied again, on the platform's Django and sqlite.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings


def _plugin_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_app_config("ve_edu_plugin").get_models()}


@pytest.mark.django_db(transaction=True)
def test_the_plugins_migrations_unapply_and_apply() -> None:
    with override_settings(MIGRATION_MODULES={}):  # undo pytest-django's --nomigrations
        call_command("migrate", fake=True, verbosity=0)
        call_command("migrate", "ve_edu_plugin", "zero", verbosity=0)
        assert not _plugin_tables() & set(connection.introspection.table_names())
        call_command("migrate", "ve_edu_plugin", verbosity=0)
    assert _plugin_tables() <= set(connection.introspection.table_names())


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    out = StringIO()
    with override_settings(MIGRATION_MODULES={}):
        call_command("makemigrations", "ve_edu_plugin", check=True, dry_run=True, stdout=out)
