"""The test host uses the real services when it must, and says so when one is missing."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.host import services


def test_ci_requires_mariadb_and_redis(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(services, "MYSQL_PORT", 1)
    with pytest.raises(services.MissingServiceError, match="MariaDB"):
        services.database_settings("/tmp", mode="test")


def test_without_ci_a_missing_database_falls_back_to_sqlite(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(services, "MYSQL_PORT", 1)
    assert services.database_settings("/tmp", mode="test")["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.skipif(os.environ.get("CI", "").lower() != "true", reason="only CI promises the services")
def test_ci_runs_against_mariadb_and_redis():
    from django.conf import settings

    assert connection.vendor == "mysql"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
