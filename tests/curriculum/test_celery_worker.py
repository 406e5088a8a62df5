"""
A publish synced by a real Celery worker process, against real Redis (the smoke test).

The worker is a separate process sharing the test database (MariaDB) and the cache and broker
(Redis) with the test, as Studio and its workers share them in production.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import XBLOCK_PUBLISHED

from tests.celery_conf import celery_conf
from tests.curriculum.olx_builder import COURSE_ID, grid, write_export
from tests.host import services
from ve_edu_plugin.curriculum.models import SyncRun

DEBOUNCE = 1

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker process for the module, consuming a queue of its own."""
    services.require_worker_services()
    export = write_export(tmp_path_factory.mktemp("olx"), grid(3, 3))
    queue = f"ve_edu_test_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        database = connection.settings_dict["NAME"]
    overrides = {
        "VE_EDU_OUTLINE_READER": "olx",
        "VE_EDU_OLX_EXPORTS": {COURSE_ID: str(export)},
        "VE_EDU_SYNC_DEBOUNCE_SECONDS": DEBOUNCE,
        "VE_EDU_CELERY_QUEUE": queue,
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.host.settings.lms_test",
        "VE_EDU_CELERY_EAGER": "false",
        "VE_EDU_MYSQL_DATABASE": database,
        "VE_EDU_HOST_OVERRIDES": json.dumps(overrides),
    }
    log = Path(tmp_path_factory.mktemp("worker")) / "worker.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.host.celery:app",
                "worker",
                "-Q",
                queue,
                "--concurrency",
                "2",
                "--pool",
                "threads",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text() and time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    yield {"queue": queue, "overrides": overrides, "log": log}
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def send_to_worker(worker, settings):
    """Make this process publish tasks to the worker's queue instead of running them eagerly."""
    for name, value in worker["overrides"].items():
        setattr(settings, name, value)
    with celery_conf(task_always_eager=False):
        yield worker


def _publish(course_key) -> None:
    XBLOCK_PUBLISHED.send_event(
        xblock_info=XBlockData(usage_key=course_key.make_usage_key("vertical", "unit"), block_type="vertical")
    )


def _wait_for_runs(course_key, count: int, worker, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if SyncRun.objects.filter(course_key=course_key, status="succeeded").count() >= count:
            return
        time.sleep(0.2)
    pytest.fail(f"expected {count} syncs; worker log:\n{worker['log'].read_text()[-3000:]}")


def test_a_burst_of_publishes_is_synced_by_a_real_worker(send_to_worker, course_key):
    """
    The smoke test: tasks sent by name reach a worker process, which syncs through the shared
    database and cache. That a burst gives exactly one sync, and a publish during a sync exactly
    one follow-up, is proved without a worker or waiting in ``test_sync_debounce``.
    """
    for _ in range(5):
        _publish(course_key)
    _wait_for_runs(course_key, 1, send_to_worker)
    run = SyncRun.objects.get(course_key=course_key)
    assert run.counts == {"add_topic": 3, "add_subtopic": 9}
