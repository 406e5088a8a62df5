"""
``ve_edu_import_questions <course_id> PATH [--format json|csv|olx] [--dry-run]``: fill a course's bank.

PATH is the plugin's JSON export, a CSV file, an Open edX problem file, or a whole course export
(a directory or ``.tar.gz``); the format is guessed from the name or content when not given.
Prints the report, and progress lines (every 10%) while a file of more than ``PROGRESS_FROM``
questions is checked and written. An invalid course id, an unreadable file or any invalid question
stops the command with a non-zero exit and every error listed, and then nothing is imported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import VeEduError
from ve_edu_plugin.management.course_ids import course_key_argument
from ve_edu_plugin.questions import api as questions_api

#: Files with more questions than this print progress lines while they are checked and written.
PROGRESS_FROM = 1000


class Command(BaseCommand):
    help = "Import questions into a course's question bank from JSON, CSV or Open edX problem OLX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("course_id", type=course_key_argument, help="e.g. course-v1:VE-EDU+MATH34+2026")
        parser.add_argument("path", metavar="PATH", help="a .json, .csv or .xml file, or a course export")
        parser.add_argument(
            "--format", choices=questions_api.IMPORT_FORMATS, help="the file's format (default: guessed)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        course_key = options["course_id"]
        try:
            report = questions_api.import_questions_from_path(
                course_key,
                options["path"],
                file_format=options["format"],
                dry_run=options["dry_run"],
                progress=self._progress,
            )
        except questions_api.QuestionImportError as exc:
            self._print_skipped(exc.report)
            for path, messages in exc.field_errors.items():
                for message in messages:
                    self.stderr.write(f"  error {path}: {message}")
            raise CommandError(f"{exc.code}: {exc.detail}") from exc
        except VeEduError as exc:
            raise CommandError(f"{exc.code}: {exc.detail}") from exc
        self._print(report, course_key)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """One line per 10% of a big file: ``writing 5000/50000 (10%)``."""
        if total <= PROGRESS_FROM:
            return
        tenth = max(1, total // 10)
        if done % tenth < max(1, total // 100) or done == total:
            self.stdout.write(f"  {stage} {done}/{total} ({done * 100 // total}%)")

    def _print(self, report: questions_api.ImportReport, course_key: CourseKey) -> None:
        for label, items in (("created", report.created), ("updated", report.updated)):
            for item in items:
                version = " (new version)" if item.new_version else ""
                question = f" -> question {item.question_id}" if item.question_id is not None else ""
                self.stdout.write(f"  {label} {item.location} {item.external_id or ''}{question}{version}")
                for warning in item.warnings:
                    self.stdout.write(f"    warning: {warning}")
        self._print_skipped(report)
        summary = ", ".join(f"{name}={count}" for name, count in report.counts().items())
        if report.dry_run:
            self.stdout.write(f"Dry run of a {report.format} import into {course_key}: {summary}; nothing written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {report.format} into {course_key}: {summary}."))

    def _print_skipped(self, report: questions_api.ImportReport) -> None:
        for item in report.skipped:
            self.stdout.write(f"  skipped {item.location} {item.title!r}: {item.reason}")
