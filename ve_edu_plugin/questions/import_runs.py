"""
Large imports run by a Celery worker: the upload is stored, a run is recorded, a task does the work.

A file that inflates to more than ``VE_EDU_IMPORT_TASK_BYTES`` would hold a web worker for minutes
(a 100,000-row CSV), so the REST endpoint answers 202 with the run instead, and the client polls
the run's status. The task (``ve_edu_plugin.tasks.import_questions``, sent by name on
``VE_EDU_CELERY_QUEUE``) calls :func:`run_import`, which is the same all-or-nothing import as a
synchronous one: the finished run holds the same report, or the same problem document (code,
detail, field errors). Progress is kept in the shared cache (``VE_EDU_CACHE_ALIAS``) because the
import writes in one transaction that the status request cannot see into.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from celery import signature
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import celery_queue, setting
from ve_edu_plugin.errors import NotFoundError, VeEduError
from ve_edu_plugin.questions import uploads
from ve_edu_plugin.questions.models import ImportRun
from ve_edu_plugin.questions.transfer import ImportOptions, import_questions
from ve_edu_plugin.questions.transfer_data import ImportReport

IMPORT_TASK_NAME = "ve_edu_plugin.tasks.import_questions"
#: Where uploads wait for the worker in the default storage.
UPLOAD_FOLDER = "ve_edu/imports"
#: Progress is kept this long after the last step (a crashed worker's run shows its last step).
PROGRESS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RunStatus:
    """What the status URL answers: the state, how far it is, and at the end the report or problem."""

    id: int
    course_id: str
    state: str
    stage: str
    processed: int
    total: int | None
    report: Mapping[str, Any] | None
    problem: Mapping[str, Any] | None


def runs_as_task(content: bytes | Mapping[str, Any]) -> bool:
    """
    Whether an import of ``content`` goes to a worker: it inflates to more than ``VE_EDU_IMPORT_TASK_BYTES``.

    A compressed upload is measured inflated (chunk by chunk, under the cap: a bomb is refused
    here, before anything is stored).
    """
    limit = setting("VE_EDU_IMPORT_TASK_BYTES")
    if limit is None:
        return False
    if isinstance(content, Mapping):
        size = len(json.dumps(content, separators=(",", ":")).encode())
    else:
        size = uploads.expanded_size(content)
    return size > int(limit)


def start_import(
    course_key: CourseKey, content: bytes | Mapping[str, Any], /, **options: Unpack[ImportOptions]
) -> ImportRun:
    """Store the upload, record a queued run and send the task once the run is committed."""
    data = json.dumps(content).encode() if isinstance(content, Mapping) else content
    filename, file_format = options.get("filename", ""), options.get("file_format")
    if isinstance(content, Mapping):
        file_format, filename = "json", filename or "import.json"
    author = options.get("author")
    name = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}", ContentFile(data))
    run = ImportRun.objects.create(
        course_key=course_key,
        author=author if getattr(author, "pk", None) else None,
        filename=filename[:255],
        file_format=file_format or "",
        dry_run=options.get("dry_run", False),
        upload=name,
        size=len(data),
        created=timezone.now(),
    )
    transaction.on_commit(lambda: signature(IMPORT_TASK_NAME, args=[run.pk]).apply_async(queue=celery_queue()))
    return run


def run_import(run_id: int, /) -> str:
    """
    Do a queued run's import (the task's work) and record its report or problem; returns the state.

    A run already finished (a task delivered twice) is left as it is.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.state != ImportRun.QUEUED:
            return str(run.state)
        run.state = ImportRun.RUNNING
        run.save(update_fields=["state"])
    try:
        with default_storage.open(run.upload, "rb") as stored:
            content = stored.read()
        report = import_questions(
            run.course_key,
            content,
            filename=run.filename,
            file_format=run.file_format or None,
            dry_run=run.dry_run,
            author=run.author,
            progress=lambda stage, done, total: _note_progress(run.pk, stage, done, total),
        )
    except VeEduError as exc:
        _finish(run, state=ImportRun.FAILED, problem=_problem(exc))
    except Exception:
        _finish(run, state=ImportRun.FAILED, problem=_problem(VeEduError("The import failed on the server.")))
        raise
    else:
        _finish(run, state=ImportRun.DONE, report=report_json(report))
    return str(run.state)


def run_status(course_key: CourseKey, run_id: int, /) -> RunStatus:
    """The run of this course with its progress (from the cache while it runs)."""
    run = ImportRun.objects.filter(course_key=course_key, pk=run_id).first()
    if run is None:
        raise NotFoundError(f"No import run {run_id} in {course_key}.")
    stage, processed, total = run.state, run.processed, run.total
    if run.state in (ImportRun.QUEUED, ImportRun.RUNNING):
        noted = _progress_cache().get(_progress_key(run.pk))
        if noted:
            stage, processed, total = noted
    return RunStatus(
        id=run.pk,
        course_id=str(course_key),
        state=run.state,
        stage=stage,
        processed=processed,
        total=total,
        report=run.report,
        problem=run.problem,
    )


def report_json(report: ImportReport) -> dict[str, Any]:
    """The report as the synchronous import answers it (the REST report serializer's shape)."""

    def item(entry: Any) -> dict[str, Any]:
        return {
            "location": entry.location,
            "external_id": entry.external_id,
            "question_id": entry.question_id,
            "title": entry.title,
            "new_version": entry.new_version,
            "warnings": list(entry.warnings),
        }

    return {
        "format": report.format,
        "dry_run": report.dry_run,
        "counts": report.counts(),
        "created": [item(entry) for entry in report.created],
        "updated": [item(entry) for entry in report.updated],
        "unchanged": [item(entry) for entry in report.unchanged],
        "skipped": [
            {"location": entry.location, "external_id": entry.external_id, "title": entry.title, "reason": entry.reason}
            for entry in report.skipped
        ],
    }


def _problem(error: VeEduError) -> dict[str, Any]:
    """What the REST layer needs to answer the same problem document a synchronous import would."""
    problem: dict[str, Any] = {
        "code": error.code,
        "status": error.status,
        "title": str(error.title),
        "detail": str(error.detail),
    }
    if error.field_errors:
        # Lazy messages are made text here, in the worker's language, as they are stored.
        problem["field_errors"] = {
            field: [str(message) for message in messages] for field, messages in error.field_errors.items()
        }
    return problem


def _finish(run: ImportRun, *, state: str, report: dict | None = None, problem: dict | None = None) -> None:
    noted = _progress_cache().get(_progress_key(run.pk))
    run.state, run.report, run.problem, run.finished = state, report, problem, timezone.now()
    if report is not None:
        run.total = run.processed = sum(len(report[group]) for group in ("created", "updated", "unchanged"))
    elif noted:
        run.processed, run.total = noted[1], noted[2]
    run.save(update_fields=["state", "report", "problem", "finished", "processed", "total"])
    _progress_cache().delete(_progress_key(run.pk))
    if run.upload:
        default_storage.delete(run.upload)


def _note_progress(run_id: int, stage: str, done: int, total: int) -> None:
    _progress_cache().set(_progress_key(run_id), (stage, done, total), PROGRESS_SECONDS)


def _progress_key(run_id: int) -> str:
    return f"ve_edu:import_run:{run_id}:progress"


def _progress_cache() -> Any:
    return caches[setting("VE_EDU_CACHE_ALIAS")]
