"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache, caches
from django_redis.cache import RedisCache
from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
from rest_framework.test import APIClient

pytest_plugins = ["tests.learning_fixtures"]


def _clear_own_cache_keys() -> None:
    """Delete this run's keys only: ``cache.clear()`` on Redis would flush other runs' locks too."""
    from django.conf import settings

    config = settings.CACHES["default"]
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        cache.clear()
        return
    client = backend.client.get_client(write=True)
    for key in client.scan_iter(match=f"{config['KEY_PREFIX']}:*", count=500):
        client.delete(key)


def _clear_process_caches() -> None:
    """Snapshots, parsed bodies, course policies and pools kept in the process (ids are reused across tests)."""
    from ve_edu_plugin import caching

    caching.clear_all()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """
    Each test starts in the default language: LocaleMiddleware activates a request's language in
    the test's thread and leaves it active, so a Chichewa request would change the next test's.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Locks, debounce marks and cached snapshots live in caches; each test starts with none."""
    _clear_own_cache_keys()
    _clear_process_caches()
    yield
    _clear_own_cache_keys()
    _clear_process_caches()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    def _make(username: str, *, is_staff: bool = False):
        return get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password="pw", is_staff=is_staff
        )

    return _make


@pytest.fixture
def jwt_client():
    """An API client authenticated the way the platform's frontends are: a JWT header."""

    def _client(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"JWT {generate_jwt(user)}")
        return client

    return _client


@pytest.fixture
def course_member(make_user):
    """A user with a course role in the standalone backend: ``course_member("ada", key, "staff")``."""
    from ve_edu_plugin.platform.models import StandaloneCourseRole

    def _member(username: str, course_key, role: str):
        user = make_user(username)
        StandaloneCourseRole.objects.create(user=user, course_key=course_key, role=role)
        return user

    return _member
