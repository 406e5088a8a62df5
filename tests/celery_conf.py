"""Changing the host Celery app's configuration inside a test, the same way on every Celery version."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import current_app
from django.test import override_settings


@contextmanager
def celery_conf(**values: Any) -> Iterator[None]:
    """
    Set Celery options (``task_always_eager=False``) for the block, then restore them.

    The host's app reads Django settings with the ``CELERY_`` namespace. Celery 5.7 answers from the
    app's own ``conf`` first; 5.5 and 5.6 (the Django 4.2 lane, as in Teak) from the Django setting
    ``CELERY_<NAME>`` first. Both are set, so a test means the same on either.
    """
    conf = current_app.conf
    before = {name: conf.changes[name] for name in values if name in conf.changes}
    with override_settings(**{f"CELERY_{name.upper()}": value for name, value in values.items()}):
        conf.changes.update(values)
        try:
            yield
        finally:
            for name in values:
                conf.changes.pop(name, None)
            conf.changes.update(before)
