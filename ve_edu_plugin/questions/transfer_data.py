"""
What flows through a question import: questions read from a file, problems skipped, and the report.

Every reader (JSON, CSV, OLX) turns its input into the same :class:`ReadResult`, so checking
against the bank and writing are written once, and a reader never touches the database. Readers
collect every problem they find instead of stopping at the first, because an author fixing a file
wants the whole list in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.i18n import gettext, gettext_lazy, ngettext
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.schemas import validate_body

JSON, CSV, OLX = "json", "csv", "olx"
FORMATS = (JSON, CSV, OLX)

#: The fields besides the body that a file may set; a reader passes only those the file gives.
FIELD_NAMES = ("subtopic", "difficulty", "status", "tags", "exam_level", "form", "subject_code")
MAX_EXTERNAL_ID_LENGTH = 255


@dataclass(frozen=True)
class IncomingQuestion:
    """
    One question as a file describes it, before it is checked against the course.

    Attributes:
        location: where it is in the file, for messages (``row 3``, ``questions[2]``, a file path).
        external_id: the stable id that later imports match on (None: always a new question).
        question_type: one of the question types.
        body: the canonical body (already validated by ``validate_body``).
        fields: only the fields the file sets, by name (see ``FIELD_NAMES``); ``subtopic`` is a
            subsection usage key or a subtopic id as text, or None for "no subtopic".
        title: a name for reports (the OLX display name), may be empty.
        warnings: details of the original that were left out or changed.
        rejected: the reader found errors in it (already reported); it is still checked against
            the course, so one pass reports every error, but it is never written.
    """

    location: str
    external_id: str | None
    question_type: str
    body: Mapping[str, Any]
    fields: Mapping[str, Any] = field(default_factory=dict)
    title: str = ""
    warnings: tuple[str, ...] = ()
    rejected: bool = False


@dataclass(frozen=True)
class SkippedItem:
    """Something in the file that is deliberately not imported, and why (it does not fail the import)."""

    location: str
    reason: str
    external_id: str | None = None
    title: str = ""


@dataclass(frozen=True)
class ImportIssue:
    """One error: ``path`` names the row or question and the field (``row 3.answer``)."""

    path: str
    message: str


@dataclass
class ReadResult:
    """What a reader found: questions to import, items skipped with reasons, and errors."""

    questions: list[IncomingQuestion] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append(ImportIssue(path, message))


@dataclass(frozen=True)
class ReportItem:
    """A question the import created, updated or found unchanged (``question_id`` None in a dry run)."""

    location: str
    external_id: str | None
    question_id: int | None
    title: str = ""
    new_version: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """
    The outcome of an import (or of a dry run, which writes nothing).

    Attributes:
        format: ``json``, ``csv`` or ``olx``.
        dry_run: nothing was written; ``created`` lists what would be created.
        created / updated / unchanged: questions by what the import did to them. An update adds a
            version only when the body changed (``new_version``).
        skipped: items not imported on purpose, each with its reason (unsupported OLX problems).
        errors: always empty in a returned report: any error rejects the whole import instead
            (see :class:`QuestionImportError`, which carries the report with its errors).
    """

    format: str
    dry_run: bool
    created: tuple[ReportItem, ...] = ()
    updated: tuple[ReportItem, ...] = ()
    unchanged: tuple[ReportItem, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()
    errors: tuple[ImportIssue, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "errors": len(self.errors),
        }


#: An import's error response lists this many errors (and counts them all), so its size is bounded.
MAX_LISTED_ERRORS = 100
#: ... each at most this long.
MAX_MESSAGE_LENGTH = 500


class QuestionImportError(InvalidRequestError):
    """
    The file has invalid questions, so nothing was imported; ``field_errors`` lists every one by path.

    ``report`` holds what was read, including the skipped items, for commands that print it.
    """

    code = "invalid_import"
    title = gettext_lazy("Invalid import")

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        field_errors: dict[str, list[str]] = {}
        for issue in report.errors[:MAX_LISTED_ERRORS]:
            message = issue.message
            if len(message) > MAX_MESSAGE_LENGTH:
                message = message[:MAX_MESSAGE_LENGTH] + "…"
            field_errors.setdefault(issue.path, []).append(message)
        self.error_count = count = len(report.errors)
        detail = ngettext(
            "%(count)s error in the %(format)s file; nothing was imported.",
            "%(count)s errors in the %(format)s file; nothing was imported.",
            count,
        ) % {"count": count, "format": report.format}
        if count > MAX_LISTED_ERRORS:
            detail += " " + gettext("The first %(listed)s are listed.") % {"listed": MAX_LISTED_ERRORS}
        super().__init__(detail, field_errors=field_errors)


def checked_body(
    question_type: str,
    body: object,
    *,
    location: str,
    result: ReadResult,
    path_of: Callable[[str], str] | None = None,
) -> dict[str, Any] | None:
    """
    The canonical body, or None after adding every schema error to ``result``.

    ``path_of`` turns a body path (``choices[1].text``) into the file's own name for it (a CSV
    column); by default errors are reported under ``body``.
    """
    if not isinstance(body, Mapping):
        result.error(
            f"{location}.body", gettext("required: an object") if body is None else gettext("must be an object")
        )
        return None
    try:
        return validate_body(question_type, body).to_dict()
    except BodyValidationError as exc:
        for path, message in exc.issues:
            name = path_of(path) if path_of is not None else _body_path(path)
            result.error(f"{location}.{name}", message)
        return None


def _body_path(path: str) -> str:
    if path == "question_type":
        return "type"
    if not path:
        return "body"
    return f"body{path}" if path.startswith("[") else f"body.{path}"


@dataclass(frozen=True)
class ParsedProblem:
    """
    A problem that became a question.

    Attributes:
        title: the problem's display name (or the start of its question text).
        question_type: one of the question types.
        body: the canonical JSON body (already validated and sanitised; ``validate_body`` accepts it).
        warnings: details of the original that were not carried over, or changed.
        url_name: the problem's ``url_name`` in the export, when it has one (a stable import id).
        part: for a problem holding several questions, which one this is (1-based); None otherwise.
    """

    title: str
    question_type: str
    body: Mapping[str, Any]
    warnings: tuple[str, ...] = ()
    url_name: str | None = None
    part: int | None = None


@dataclass(frozen=True)
class UnsupportedProblem:
    """A problem that cannot become a question, and why."""

    title: str
    reason: str
    url_name: str | None = None
    part: int | None = None
