"""GET /api/ve-edu/v1/health/."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.celery_conf import celery_conf
from ve_edu_plugin import __version__


@pytest.mark.django_db
def test_health_reports_version_and_services(api_client):
    response = api_client.get("/api/ve-edu/v1/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == __version__
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] == "ok"
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_health_reports_unreachable_broker_without_leaking_its_address(api_client):
    with celery_conf(broker_url="redis://127.0.0.1:1/0", task_always_eager=False):
        response = api_client.get("/api/ve-edu/v1/health/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["broker"].startswith("error:")
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_health_reports_a_cache_that_keeps_nothing(api_client):
    body = api_client.get("/api/ve-edu/v1/health/").json()
    assert body["checks"]["cache"].startswith("error:")
    assert body["status"] == "degraded"
