"""
Which database and cache the host uses: MariaDB and Redis when reachable, sqlite and the
local-memory cache otherwise. With ``CI=true`` the real services are required.
"""

from __future__ import annotations

import os
import socket
from typing import Any

MYSQL_HOST = os.environ.get("VE_EDU_MYSQL_HOST", "127.0.0.1")
MYSQL_PORT = int(os.environ.get("VE_EDU_MYSQL_PORT", "3306"))
REDIS_URL = os.environ.get("VE_EDU_REDIS_URL", "redis://127.0.0.1:6379/5")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


class MissingServiceError(RuntimeError):
    """A service the run requires (``CI=true`` or an explicit choice) is not reachable."""


def reachable(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def services_required() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _want(env_name: str, host: str, port: int, label: str) -> bool:
    choice = os.environ.get(env_name, "auto").lower()
    if choice in {"sqlite", "locmem", "off"}:
        return False
    up = reachable(host, port)
    if not up and (choice != "auto" or services_required()):
        raise MissingServiceError(f"{label} is required but not reachable at {host}:{port}")
    return up


def database_settings(base_dir: str, *, mode: str) -> dict[str, Any]:
    """``mode`` is ``test`` (MariaDB when reachable) or ``dev`` (sqlite in ``.dev/``)."""
    if mode == "test" and _want("VE_EDU_TEST_DB", MYSQL_HOST, MYSQL_PORT, "MariaDB"):
        if os.environ.get("VE_EDU_MYSQL_DRIVER", "pymysql") != "mysqlclient":
            import pymysql

            # PyMySQL stands in for mysqlclient so no C client library is needed on the machine
            # (``VE_EDU_MYSQL_DRIVER=mysqlclient`` keeps the C driver: the load benchmark compares them).
            pymysql.install_as_MySQLdb()
        return {
            "ENGINE": "django.db.backends.mysql",
            # Per run, so parallel runs on one server never drop each other's test database.
            "NAME": os.environ.get("VE_EDU_MYSQL_DATABASE", f"ve_edu_{os.getpid()}"),
            "USER": os.environ.get("VE_EDU_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("VE_EDU_MYSQL_PASSWORD", ""),
            "HOST": MYSQL_HOST,
            "PORT": str(MYSQL_PORT),
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    if mode == "dev":
        name = os.environ.get("VE_EDU_DEV_DATABASE", os.path.join(base_dir, ".dev", "db.sqlite3"))
        os.makedirs(os.path.dirname(name), exist_ok=True)
    else:
        name = os.path.join(base_dir, ".test.sqlite3")
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "TEST": {"NAME": None}}


def cache_settings(*, mode: str) -> dict[str, Any]:
    """
    Redis for tests when reachable (locks and debounce need a shared cache), else local memory.
    Through django-redis, the backend Tutor configures for the platform's caches.
    """
    if mode == "test" and _want("VE_EDU_TEST_CACHE", REDIS_HOST, REDIS_PORT, "Redis"):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # One prefix per run (worker processes inherit it), so parallel runs never share keys.
            "KEY_PREFIX": os.environ.setdefault("VE_EDU_TEST_CACHE_PREFIX", f"ve_edu_test_{os.getpid()}"),
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ve-edu-host"}


def using_mysql() -> bool:
    from django.db import connection

    return connection.vendor == "mysql"


def require_worker_services() -> None:
    """Skip a real-worker test without MariaDB and Redis (a worker shares both); under CI, fail instead."""
    import pytest
    from django.conf import settings

    up = settings.DATABASES["default"]["ENGINE"].endswith("mysql") and settings.CACHES["default"]["BACKEND"].endswith(
        "RedisCache"
    )
    if up:
        return
    if services_required():
        pytest.fail("CI requires MariaDB and Redis for the worker tests")
    pytest.skip("needs MariaDB and Redis (not reachable here)")
