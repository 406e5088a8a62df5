"""
Import and export of a course's question bank: the plugin's JSON, CSV, and Open edX problem OLX.

An import reads the whole file first (``transfer_json``, ``transfer_csv``, ``transfer_olx``), then
checks every question against the course (subtopics, fields, duplicate ids), and only then writes,
in one transaction: an import with any invalid question changes nothing and reports every error
(:class:`~ve_edu_plugin.questions.transfer_data.QuestionImportError`). A dry run stops before
writing and reports what the import would do.

Questions are matched on their external id (``id`` in JSON and CSV, the usage key for OLX): one
already in the course is updated through ``update_question``, which adds a version only if the
body changed, so importing the same file twice changes nothing the second time. A question
created in the editor has no external id; the export names it ``<course id>#question-<id>`` and an
import into the same course matches that name back to it, so an exported, edited and re-imported
bank updates its questions instead of copying them. Usage keys of another course (ids and
subtopics) are mapped into the course being imported into, as Studio does when a course is
imported into another run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

from django.db import IntegrityError, transaction
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.errors import ConflictError, InvalidRequestError
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions import bank, bulk, maths, transfer_csv, transfer_json, transfer_olx, uploads
from ve_edu_plugin.questions.bank import QuestionFields
from ve_edu_plugin.questions.models import Question
from ve_edu_plugin.questions.sanitize import plain_text
from ve_edu_plugin.questions.transfer_data import (
    CSV,
    FORMATS,
    JSON,
    OLX,
    ImportIssue,
    ImportReport,
    IncomingQuestion,
    QuestionImportError,
    ReadResult,
    ReportItem,
)
from ve_edu_plugin.run_log import logged_run

IMPORT_FORMATS = FORMATS

#: ``progress(stage, done, total)``: ``stage`` is ``checking`` or ``writing``; called every 1% or so.
Progress = Callable[[str, int, int], None]
CHECKING, WRITING = "checking", "writing"


class ImportOptions(TypedDict, total=False):
    """
    How an upload is imported, now or by a worker (``import_runs.start_import`` stores them on the
    run): the file's name (its extension may tell the format), the format (guessed when left
    out), whether to only report, and the author of any new versions.
    """

    filename: str
    file_format: str | None
    dry_run: bool
    author: Any


_CREATE, _UPDATE, _UNCHANGED = "create", "update", "unchanged"
_LOCAL_ID = re.compile(r"^(?P<course>.+)#question-(?P<id>\d+)$")


def local_id(course_key: CourseKey, question_id: int) -> str:
    """The export id of a question without an external id (matched back on import into its course)."""
    return f"{course_key}#question-{question_id}"


def guess_format(*, filename: str = "", data: bytes = b"") -> str:
    """``json``, ``csv`` or ``olx`` from the file name's extension, else from the first bytes."""
    name = filename.lower()
    if name.endswith(".json"):
        return JSON
    if name.endswith(".csv"):
        return CSV
    if name.endswith((".xml", ".tar.gz", ".tgz", ".tar")):
        return OLX
    if transfer_olx.is_archive(data):
        return OLX
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return JSON
    if start == b"<":
        return OLX
    return CSV


def import_questions(
    course_key: CourseKey,
    content: bytes | Mapping[str, Any],
    /,
    *,
    progress: Progress | None = None,
    **options: Unpack[ImportOptions],
) -> ImportReport:
    """
    Import questions from an uploaded file's bytes, or from an already parsed JSON document.

    A zip holding one file, a gzipped file and a ``.tar.gz`` are inflated under a cap first
    (ExpandsTooMuchError above it). Raises QuestionImportError (nothing written) when any question
    is invalid, and InvalidRequestError for an unknown format. ``progress`` hears how far the
    checking and the writing are.
    """
    size = None if isinstance(content, Mapping) else len(content)
    filename, dry_run = options.get("filename", ""), options.get("dry_run", False)
    with logged_run("import", course=course_key, filename=filename or "-", bytes=size, dry_run=dry_run) as line:
        report = _import_content(course_key, content, options, progress or _no_progress)
        line.update(format=report.format, **report.counts())
        return report


def _import_content(
    course_key: CourseKey, content: bytes | Mapping[str, Any], options: ImportOptions, progress: Progress
) -> ImportReport:
    dry_run, author = options.get("dry_run", False), options.get("author")
    file_format = options.get("file_format")
    if isinstance(content, Mapping):
        if file_format not in (None, JSON):
            raise InvalidRequestError(
                gettext("A JSON body must be a ve-edu-questions document."),
                field_errors={"format": [gettext("Upload CSV and OLX as a file (multipart, field 'file').")]},
            )
        read = transfer_json.read_json(content)
        return _import(course_key, JSON, read, dry_run=dry_run, author=author, progress=progress)
    content, filename = uploads.inflated(content, options.get("filename", ""))
    chosen = _chosen_format(file_format) or guess_format(filename=filename, data=content)
    if chosen == JSON:
        read = transfer_json.read_json(content)
    elif chosen == CSV:
        read = transfer_csv.read_csv(content)
    elif transfer_olx.is_archive(content):
        read = transfer_olx.read_course_export_bytes(content, course_key=course_key)
    else:
        read = transfer_olx.read_problem_file(content, course_key=course_key, filename=filename)
    return _import(course_key, chosen, read, dry_run=dry_run, author=author, progress=progress)


def _no_progress(stage: str, done: int, total: int) -> None:
    """Nobody is listening."""


def import_questions_from_path(
    course_key: CourseKey,
    path: str | Path,
    /,
    *,
    file_format: str | None = None,
    dry_run: bool = False,
    author: Any = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import from a file, or from a course export (a directory or a ``.tar.gz``)."""
    source = Path(path)
    chosen = _chosen_format(file_format)
    if source.is_dir():
        if chosen not in (None, OLX):
            raise InvalidRequestError(
                gettext("%(source)s is a directory: only an OLX course export can be a directory.") % {"source": source}
            )
        read = transfer_olx.read_course_export_path(source, course_key=course_key)
        return _import(course_key, OLX, read, dry_run=dry_run, author=author, progress=progress or _no_progress)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidRequestError(
            gettext("Cannot read %(source)s: %(reason)s.")
            % {"source": source, "reason": exc.strerror or exc.__class__.__name__},
            field_errors={"file": [gettext("unreadable")]},
        ) from exc
    return import_questions(
        course_key, data, filename=source.name, file_format=chosen, dry_run=dry_run, author=author, progress=progress
    )


def export_questions(course_key: CourseKey, /) -> dict[str, Any]:
    """Every question of the course (retired ones too), by id, in the plugin's JSON format."""
    questions = (
        Question.objects.filter(course_key=course_key, current_version__isnull=False)
        .select_related("current_version", "subtopic")
        .prefetch_related("tags")
        .order_by("id")
    )
    entries = [
        transfer_json.question_entry(
            external_id=question.external_id or local_id(course_key, question.id),
            question_type=question.question_type,
            subtopic=str(question.subtopic.usage_key) if question.subtopic is not None else None,
            difficulty=question.difficulty,
            status=question.status,
            tags=[tag.tag for tag in question.tags.all()],
            exam_level=question.exam_level,
            form=question.form,
            subject_code=question.subject_code,
            body=maths.latex_of(question.current_version.body),  # type: ignore[union-attr]
        )
        for question in questions
    ]
    return transfer_json.export_document(str(course_key), entries)


def _chosen_format(file_format: str | None) -> str | None:
    if file_format in (None, ""):
        return None
    if file_format not in FORMATS:
        raise InvalidRequestError(
            gettext("Unknown import format %(file_format)s.") % {"file_format": repr(file_format)},
            field_errors={"format": [gettext("Must be one of %(formats)s.") % {"formats": ", ".join(FORMATS)}]},
        )
    return file_format


# --- checking against the course -------------------------------------------------------------


@dataclass(frozen=True)
class _Planned:
    """What the import does with one incoming question."""

    incoming: IncomingQuestion
    action: str
    fields: QuestionFields
    existing: Question | None = None
    body_changed: bool = False


def _import(
    course_key: CourseKey, file_format: str, read: ReadResult, *, dry_run: bool, author: Any, progress: Progress
) -> ImportReport:
    errors = list(read.errors)
    incoming = [_mapped(course_key, question) for question in read.questions]
    # The operator's QuestionImportRequested pipeline may amend, drop or refuse (StoppedByExtensionError).
    incoming = hooks_api.check_question_import(course_key, file_format=file_format, questions=incoming, dry_run=dry_run)
    if not all(isinstance(question, IncomingQuestion) for question in incoming):
        raise TypeError("A QuestionImportRequested pipeline step must return IncomingQuestion objects.")
    plans = _plan(course_key, incoming, errors, progress)
    report = ImportReport(format=file_format, dry_run=dry_run, skipped=tuple(read.skipped))
    if errors:
        raise QuestionImportError(replace(report, errors=tuple(errors)))
    if dry_run:
        return _report(report, [(plan, plan.existing.id if plan.existing else None) for plan in plans])
    try:
        with transaction.atomic():
            done = _write(course_key, plans, author, progress)
    except IntegrityError as exc:
        raise ConflictError(gettext("Another import changed these questions at the same time; try again.")) from exc
    return _report(report, done)


def _write(
    course_key: CourseKey, plans: list[_Planned], author: Any, progress: Progress
) -> list[tuple[_Planned, int | None]]:
    """Updates one by one, then the new questions in batches (``bulk.py``); ids in the plans' order."""
    total = len(plans)
    step = _step(total)
    ids: dict[int, int | None] = {}
    creates = [index for index, plan in enumerate(plans) if plan.action == _CREATE]
    for index, plan in enumerate(plans):
        if plan.action != _CREATE:
            ids[index] = _apply(course_key, plan, author)
            if len(ids) % step == 0:
                progress(WRITING, len(ids), total)
    others = len(ids)
    new = [bulk.NewQuestion(plans[i].incoming.question_type, plans[i].incoming.body, plans[i].fields) for i in creates]
    created = bulk.create_questions(
        course_key, new, author=author, done=lambda count: progress(WRITING, others + count, total)
    )
    ids.update(zip(creates, created, strict=True))
    if not creates and total:
        progress(WRITING, total, total)
    return [(plan, ids[index]) for index, plan in enumerate(plans)]


def _mapped(course_key: CourseKey, question: IncomingQuestion) -> IncomingQuestion:
    """Usage keys of another course (the export's) moved into this one; other ids unchanged."""
    external_id = question.external_id
    if external_id is not None:
        external_id = _into_course(course_key, external_id)
    fields = dict(question.fields)
    subtopic = fields.get("subtopic")
    if isinstance(subtopic, str) and not _is_id(subtopic):
        fields["subtopic"] = _into_course(course_key, subtopic)
    return replace(question, external_id=external_id, fields=fields)


def _is_id(reference: str) -> bool:
    """A subtopic id written as text: ASCII digits only (``"²".isdigit()`` is true, ``int("²")`` fails)."""
    return reference.isascii() and reference.isdigit()


def _into_course(course_key: CourseKey, value: str) -> str:
    if not value.startswith("block-v1:"):
        return value
    key, hash_mark, part = value.partition("#")  # the parts of a split OLX problem: "<usage key>#2"
    try:
        return str(UsageKey.from_string(key).map_into_course(course_key)) + hash_mark + part
    except InvalidKeyError:
        return value


def _step(total: int) -> int:
    """Report progress every 1% (at least every question of a small file)."""
    return max(1, total // 100)


def _plan(
    course_key: CourseKey, incoming: list[IncomingQuestion], errors: list[ImportIssue], progress: Progress
) -> list[_Planned]:
    subtopics = _subtopic_ids(course_key, incoming, errors)
    existing = _existing(course_key, incoming)
    known = set(subtopics.values())
    seen: dict[str, str] = {}
    plans: list[_Planned] = []
    step = _step(len(incoming))
    for number, question in enumerate(incoming, start=1):
        if number % step == 0 or number == len(incoming):
            progress(CHECKING, number, len(incoming))
        if question.external_id is not None:
            if question.external_id in seen:
                errors.append(ImportIssue(f"{question.location}.id", f"repeats the id of {seen[question.external_id]}"))
                continue
            seen[question.external_id] = question.location
        match = existing.get(question.external_id) if question.external_id is not None else None
        # a new question keeps the file's id so the next import finds it; an existing one keeps its own
        fields = _fields(question, subtopics, external_id=question.external_id if match is None else None)
        field_errors = bank.check_question_fields(
            course_key,
            fields,
            question_id=match.id if match else None,
            known_subtopic_ids=known,
            external_id_looked_up=True,  # ``_existing`` fetched every id of the file at once
        )
        for name, messages in field_errors.items():
            path = f"{question.location}.{'id' if name == 'external_id' else name}"
            errors.extend(ImportIssue(path, message) for message in messages)
        if not question.rejected:
            plans.append(_planned(question, fields, match))
    return plans


def _subtopic_ids(course_key: CourseKey, incoming: list[IncomingQuestion], errors: list[ImportIssue]) -> dict[str, int]:
    """Subtopic reference (usage key or id as text) -> subtopic id, for the course's subtopics."""
    references = {question.fields["subtopic"] for question in incoming if question.fields.get("subtopic")}
    if not references:
        return {}
    ids = {int(ref) for ref in references if _is_id(ref)}
    keys = {ref for ref in references if not _is_id(ref)}
    found: dict[str, int] = {}
    for subtopic_id, usage_key in Subtopic.objects.filter(course_key=course_key).values_list("id", "usage_key"):
        if subtopic_id in ids:
            found[str(subtopic_id)] = subtopic_id
        if str(usage_key) in keys:
            found[str(usage_key)] = subtopic_id
    for question in incoming:
        ref = question.fields.get("subtopic")
        if ref and ref not in found:
            errors.append(
                ImportIssue(
                    f"{question.location}.subtopic",
                    f"{ref} is not a subsection of {course_key}'s outline (is the outline synced?)",
                )
            )
    return found


def _existing(course_key: CourseKey, incoming: list[IncomingQuestion]) -> dict[str, Question]:
    """Questions of the course the incoming ids name: by external id, or by export id without one."""
    ids = [question.external_id for question in incoming if question.external_id is not None]
    local = {}
    for external_id in ids:
        match = _LOCAL_ID.match(external_id)
        if match is not None and match["course"] == str(course_key):
            local[int(match["id"])] = external_id
    questions = (
        Question.objects.filter(course_key=course_key, external_id__in=ids)
        .select_related("current_version")
        .prefetch_related("tags")
    )
    found: dict[str, Question] = {str(question.external_id): question for question in questions}
    if local:
        for question in (
            Question.objects.filter(course_key=course_key, id__in=local, external_id__isnull=True)
            .select_related("current_version")
            .prefetch_related("tags")
        ):
            found.setdefault(local[question.id], question)
    return found


def _fields(question: IncomingQuestion, subtopics: Mapping[str, int], *, external_id: str | None) -> QuestionFields:
    subtopic = question.fields.get("subtopic")
    return QuestionFields.given(
        question.fields, subtopic_id=subtopics.get(subtopic) if subtopic else None, external_id=external_id
    )


def _planned(question: IncomingQuestion, fields: QuestionFields, existing: Question | None) -> _Planned:
    if existing is None:
        return _Planned(question, _CREATE, fields)
    current = existing.current_version
    body_changed = (
        current is None or existing.question_type != question.question_type or current.body != dict(question.body)
    )
    given = question.fields
    changed = body_changed or any(
        (
            "subtopic" in given and fields.subtopic_id != existing.subtopic_id,
            "difficulty" in given and fields.difficulty != existing.difficulty,
            "status" in given and fields.status != existing.status,
            "exam_level" in given and fields.exam_level != existing.exam_level,
            "form" in given and fields.form != existing.form,
            "subject_code" in given and fields.subject_code != existing.subject_code,
            "tags" in given
            and {tag.strip() for tag in fields.tags or () if tag.strip()} != {tag.tag for tag in existing.tags.all()},
        )
    )
    return _Planned(question, _UPDATE if changed else _UNCHANGED, fields, existing, body_changed)


# --- writing and reporting --------------------------------------------------------------------


def _apply(course_key: CourseKey, plan: _Planned, author: Any) -> int | None:
    """Update (or leave) an existing question; new ones are created in batches by ``_write``."""
    incoming = plan.incoming
    if plan.existing is None:  # pragma: no cover - updates and unchanged questions always have one
        raise ValueError(f"{plan.action} without a question")
    if plan.action == _UPDATE:
        bank.update_question(
            plan.existing.id,
            course_key=course_key,
            author=author,
            question_type=incoming.question_type,
            body=incoming.body if plan.body_changed else None,
            fields=plan.fields,
        )
    return int(plan.existing.id)


def _report(report: ImportReport, done: list[tuple[_Planned, int | None]]) -> ImportReport:
    groups: dict[str, list[ReportItem]] = {_CREATE: [], _UPDATE: [], _UNCHANGED: []}
    for plan, question_id in done:
        incoming = plan.incoming
        groups[plan.action].append(
            ReportItem(
                location=incoming.location,
                external_id=incoming.external_id,
                question_id=question_id,
                title=incoming.title or plain_text(str(incoming.body.get("text", "")))[:80],
                new_version=plan.action == _UPDATE and plan.body_changed,
                warnings=incoming.warnings,
            )
        )
    return replace(
        report, created=tuple(groups[_CREATE]), updated=tuple(groups[_UPDATE]), unchanged=tuple(groups[_UNCHANGED])
    )
