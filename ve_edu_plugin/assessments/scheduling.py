"""
Sending the finalisation task with an ETA at deadline + grace, without ever failing a start.

A broker that is down (or an app in eager mode, which cannot hold an ETA) only costs the task:
later requests finalise expired sessions lazily and ``ve_edu_finalise_expired`` covers the rest.
The task is sent by name (:data:`FINALISE_TASK_NAME`): assessments sit below ``tasks.py`` and do
not import it (the import-linter layers); the app config imports ``tasks.py`` so it is registered.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import current_app, signature
from django.db import transaction

from ve_edu_plugin.conf import celery_queue

log = logging.getLogger(__name__)

#: The name ``tasks.py`` registers the finalisation task under.
FINALISE_TASK_NAME = "ve_edu_plugin.tasks.finalise_assessment_session"


def _send(session_id: int, eta: datetime) -> None:
    if current_app.conf.task_always_eager:
        log.debug("Celery is eager: session %s will be finalised lazily or by the command.", session_id)
        return
    try:
        signature(FINALISE_TASK_NAME, args=[session_id]).apply_async(eta=eta, queue=celery_queue(), retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure; the lazy paths cover the session
        log.warning("Could not schedule finalisation of assessment session %s at %s: %r", session_id, eta, exc)


def schedule_finalisation(session_id: int, eta: datetime) -> None:
    """Schedule the task after the session's row is committed (the worker must see it)."""
    transaction.on_commit(lambda: _send(session_id, eta))
